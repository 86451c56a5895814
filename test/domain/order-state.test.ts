import type { OrderStatus } from '../../typings/api'
import {
  ORDER_EVENTS,
  ORDER_STATUSES,
  nextStatus,
  paymentOutcome,
  releasesReservation,
  type OrderEventName,
} from '../../cloudfunctions/_shared/domain/order-state'

describe('nextStatus: every status × event', () => {
  const table: Array<[OrderStatus, OrderEventName, OrderStatus | null]> = [
    ['pending', 'pay', 'paid'],
    ['pending', 'cancel', 'cancelled'],
    ['pending', 'close', 'closed'],
    ['pending', 'refund', null],
    ['paid', 'pay', null],
    ['paid', 'cancel', null],
    ['paid', 'close', null],
    ['paid', 'refund', 'refunded'],
    ['cancelled', 'pay', null],
    ['cancelled', 'cancel', null],
    ['cancelled', 'close', null],
    ['cancelled', 'refund', null],
    ['closed', 'pay', null],
    ['closed', 'cancel', null],
    ['closed', 'close', null],
    ['closed', 'refund', null],
    ['refunded', 'pay', null],
    ['refunded', 'cancel', null],
    ['refunded', 'close', null],
    ['refunded', 'refund', null],
  ]

  test.each(table)('%s --%s--> %s', (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to)
  })

  test('the table covers all 5 × 4 pairs', () => {
    const pairs = new Set(table.map(([s, e]) => `${s}/${e}`))
    for (const s of ORDER_STATUSES) for (const e of ORDER_EVENTS) expect(pairs.has(`${s}/${e}`)).toBe(true)
    expect(pairs.size).toBe(20)
  })
})

describe('releasesReservation: every from × to', () => {
  const releasing = new Set(['pending>cancelled', 'pending>closed', 'paid>refunded'])
  const rows = ORDER_STATUSES.flatMap((from) =>
    ORDER_STATUSES.map((to) => [from, to, releasing.has(`${from}>${to}`)] as const),
  )

  test.each(rows)('%s → %s releases: %s', (from, to, expected) => {
    expect(releasesReservation(from, to)).toBe(expected)
  })

  test('only transitions the state machine allows ever release', () => {
    for (const from of ORDER_STATUSES)
      for (const to of ORDER_STATUSES)
        if (releasesReservation(from, to))
          expect(ORDER_EVENTS.some((e) => nextStatus(from, e) === to)).toBe(true)
  })

  test('pending → paid keeps the reservation (it becomes a sale)', () => {
    expect(releasesReservation('pending', 'paid')).toBe(false)
  })
})

describe('paymentOutcome (rule 9, rule 10): a verified successful payment notice', () => {
  test.each([
    ['pending', true, 'mark_paid'],
    ['pending', false, 'mark_paid'],
    ['paid', true, 'duplicate'],
    ['paid', false, 'refund'],
    ['closed', true, 'refund'],
    ['closed', false, 'refund'],
    ['cancelled', true, 'refund'],
    ['cancelled', false, 'refund'],
    // the paying attempt's notice arriving again after a merchant refund: not new money
    ['refunded', true, 'duplicate'],
    ['refunded', false, 'refund'],
  ] as const)('%s order, attempt is the current/paying one: %s → %s', (status, current, expected) => {
    expect(paymentOutcome(status, current)).toBe(expected)
  })
})
