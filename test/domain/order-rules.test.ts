import type { CannotBuyReason, ErrorCode } from '../../typings/api'
import {
  CANNOT_BUY_MESSAGES,
  cannotBuyReason,
  checkOrder,
  maxQtyFor,
  type OrderCheckInput,
} from '../../cloudfunctions/_shared/domain/order-rules'

type Item = NonNullable<OrderCheckInput['item']>

/** A member who may buy: every check passes. */
function base(): OrderCheckInput {
  return {
    member: { cardBound: true, cardActive: true },
    room: { exists: true, liveStatus: 101, storeId: 'S001' },
    item: {
      onShelf: true,
      auditStatus: 2,
      grabTiming: 'on_live',
      grabOpen: false,
      storeId: 'S001',
      perOrderLimit: 3,
      quota: 100,
      sold: 60,
      reserved: 30,
    },
    qty: 1,
    alreadyTaken: 0,
    stock: 50,
  }
}

function withItem<T extends { item: Item | null }>(i: T, patch: Partial<Item>): T {
  return i.item === null ? i : { ...i, item: { ...i.item, ...patch } }
}

/** One way to break each check, in SPEC order. */
const BREAKERS: Array<[ErrorCode, (i: OrderCheckInput) => OrderCheckInput]> = [
  ['NOT_MEMBER', (i) => ({ ...i, member: { cardBound: false, cardActive: false } })],
  ['ROOM_NOT_FOUND', (i) => ({ ...i, room: null })],
  ['NOT_LIVE', (i) => ({ ...i, room: i.room && { ...i.room, liveStatus: 102 } })],
  ['NOT_ON_SHELF', (i) => withItem(i, { onShelf: false })],
  ['GRAB_CLOSED', (i) => withItem(i, { grabTiming: 'manual', grabOpen: false })],
  ['INVALID_INPUT', (i) => ({ ...i, qty: 0 })],
  ['OVER_LIMIT', (i) => ({ ...i, alreadyTaken: 3 })],
  ['SOLD_OUT', (i) => withItem(i, { sold: 70 })],
  ['OUT_OF_STOCK', (i) => ({ ...i, stock: 0 })],
]

describe('checkOrder precedence (rules 2–6 in SPEC order)', () => {
  test('the base input passes every check', () => {
    expect(checkOrder(base())).toBeNull()
  })

  // row k: checks 1..k-1 pass and check k fails → code k
  test.each(BREAKERS.map(([code], k) => [code, k] as const))('%s alone', (code, k) => {
    const [, breakIt] = BREAKERS[k]!
    expect(checkOrder(breakIt(base()))).toBe(code)
  })

  // row k: checks 1..k-1 pass, k and every later check fail → still code k
  test.each(BREAKERS.map(([code], k) => [code, k] as const))(
    '%s wins over every later failure',
    (code, k) => {
      let input = base()
      // apply the later breakers first so the k-th one has the last word on shared fields
      for (let j = BREAKERS.length - 1; j >= k; j--) input = BREAKERS[j]![1](input)
      expect(checkOrder(input)).toBe(code)
    },
  )
})

describe('checkOrder, each rule at its boundaries', () => {
  const b = base()
  test.each<[string, OrderCheckInput, ErrorCode | null]>([
    // rule 2
    ['card bound but not active', { ...b, member: { cardBound: true, cardActive: false } }, 'NOT_MEMBER'],
    ['no card bound', { ...b, member: { cardBound: false, cardActive: true } }, 'NOT_MEMBER'],
    // rule 3
    [
      'room known but gone on WeChat',
      { ...b, room: { exists: false, liveStatus: 101, storeId: 'S001' } },
      'ROOM_NOT_FOUND',
    ],
    ['live_status 101', b, null],
    [
      'live_status 102 (not started)',
      { ...b, room: { exists: true, liveStatus: 102, storeId: 'S001' } },
      'NOT_LIVE',
    ],
    ['live_status 103 (ended)', { ...b, room: { exists: true, liveStatus: 103, storeId: 'S001' } }, 'ENDED'],
    ['live_status 104 (banned)', { ...b, room: { exists: true, liveStatus: 104, storeId: 'S001' } }, 'ENDED'],
    [
      'live_status 105 (paused)',
      { ...b, room: { exists: true, liveStatus: 105, storeId: 'S001' } },
      'PAUSED',
    ],
    [
      'live_status 106 (abnormal)',
      { ...b, room: { exists: true, liveStatus: 106, storeId: 'S001' } },
      'PAUSED',
    ],
    [
      'live_status 107 (expired)',
      { ...b, room: { exists: true, liveStatus: 107, storeId: 'S001' } },
      'ENDED',
    ],
    // rule 4
    ['goods not in the library', { ...b, item: null }, 'NOT_ON_SHELF'],
    ['audit 0 未审核', withItem(b, { auditStatus: 0 }), 'NOT_ON_SHELF'],
    ['audit 1 审核中', withItem(b, { auditStatus: 1 }), 'NOT_ON_SHELF'],
    ['audit 3 审核驳回', withItem(b, { auditStatus: 3 }), 'NOT_ON_SHELF'],
    ['outbound store ≠ room store', withItem(b, { storeId: 'S002' }), 'NOT_ON_SHELF'],
    ['on_live with the switch off is open', withItem(b, { grabTiming: 'on_live', grabOpen: false }), null],
    ['manual switched on', withItem(b, { grabTiming: 'manual', grabOpen: true }), null],
    ['manual switched off', withItem(b, { grabTiming: 'manual', grabOpen: false }), 'GRAB_CLOSED'],
    // rule 5: quantity
    ['qty 0', { ...b, qty: 0 }, 'INVALID_INPUT'],
    ['qty −1', { ...b, qty: -1 }, 'INVALID_INPUT'],
    ['qty 1.5', { ...b, qty: 1.5 }, 'INVALID_INPUT'],
    ['qty NaN', { ...b, qty: Number.NaN }, 'INVALID_INPUT'],
    // rule 5: per-order limit 3
    ['qty = limit', { ...b, qty: 3 }, null],
    ['qty = limit + 1', { ...b, qty: 4 }, 'OVER_LIMIT'],
    ['taken + qty = limit', { ...b, alreadyTaken: 2, qty: 1 }, null],
    ['taken + qty = limit + 1', { ...b, alreadyTaken: 2, qty: 2 }, 'OVER_LIMIT'],
    ['taken = limit, qty 1', { ...b, alreadyTaken: 3, qty: 1 }, 'OVER_LIMIT'],
    // rule 6: quota 100, sold 60, reserved 30
    ['sold + reserved + qty = quota', withItem({ ...b, qty: 3 }, { sold: 67 }), null],
    ['sold + reserved + qty = quota + 1', withItem({ ...b, qty: 3 }, { sold: 68 }), 'SOLD_OUT'],
    ['reserved alone fills the quota', withItem(b, { sold: 0, reserved: 100 }), 'SOLD_OUT'],
    // rule 6: stock
    ['stock = qty', { ...b, qty: 2, stock: 2 }, null],
    ['stock = qty − 1', { ...b, qty: 2, stock: 1 }, 'OUT_OF_STOCK'],
    ['no stock record', { ...b, stock: null }, 'OUT_OF_STOCK'],
    ['quota checked before stock', { ...withItem(b, { sold: 70 }), stock: 0 }, 'SOLD_OUT'],
  ])('%s → %s', (_label, input, expected) => {
    expect(checkOrder(input)).toBe(expected)
  })
})

describe('cannotBuyReason (goods page) on its own rows', () => {
  const b = base()
  const { qty: _qty, ...page } = b
  const room = (liveStatus: number) => ({ ...page, room: { exists: true, liveStatus, storeId: 'S001' } })
  test.each<[string, Omit<OrderCheckInput, 'qty'> & { qty?: number }, CannotBuyReason | null]>([
    ['buyable', page, null],
    ['102 not started', room(102), 'NOT_LIVE_YET'],
    ['105 paused', room(105), 'PAUSED'],
    ['106 abnormal', room(106), 'PAUSED'],
    ['103 ended', room(103), 'ENDED'],
    ['104 banned', room(104), 'ENDED'],
    ['107 expired', room(107), 'ENDED'],
    ['room unknown', { ...page, room: null }, 'NOT_ON_SHELF'],
    [
      'non-member before the live: member first',
      { ...room(102), member: { cardBound: false, cardActive: false } },
      'NOT_MEMBER',
    ],
    ['taken = limit', { ...page, alreadyTaken: 3 }, 'OVER_LIMIT'],
    ['taken = limit − 1', { ...page, alreadyTaken: 2 }, null],
    ['remaining 0', withItem(page, { sold: 70 }), 'SOLD_OUT'],
    ['remaining 1', withItem(page, { sold: 69 }), null],
    ['stock 0', { ...page, stock: 0 }, 'OUT_OF_STOCK'],
    ['asked qty 2 with remaining 1', { ...withItem(page, { sold: 69 }), qty: 2 }, 'SOLD_OUT'],
    ['an invalid qty is judged as 1', { ...page, qty: 0 }, null],
  ])('%s → %s', (_label, input, expected) => {
    expect(cannotBuyReason(input)).toBe(expected)
  })

  test('every reason has a Chinese message', () => {
    const reasons: CannotBuyReason[] = [
      'NOT_LIVE_YET',
      'ENDED',
      'PAUSED',
      'SOLD_OUT',
      'OUT_OF_STOCK',
      'GRAB_CLOSED',
      'NOT_MEMBER',
      'OVER_LIMIT',
      'NOT_ON_SHELF',
    ]
    for (const r of reasons) expect(CANNOT_BUY_MESSAGES[r]).toMatch(/[\u4e00-\u9fff]/)
    expect(Object.keys(CANNOT_BUY_MESSAGES).sort()).toEqual([...reasons].sort())
  })
})

/** Every combination of a few values per field: the generated table of the property below. */
function* generated(): Generator<OrderCheckInput> {
  const members = [
    { cardBound: true, cardActive: true },
    { cardBound: true, cardActive: false },
    { cardBound: false, cardActive: false },
  ]
  const rooms: OrderCheckInput['room'][] = [
    null,
    { exists: false, liveStatus: 101, storeId: 'S001' },
    ...[101, 102, 103, 104, 105, 106, 107].map((liveStatus) => ({
      exists: true,
      liveStatus,
      storeId: 'S001',
    })),
  ]
  const shelves: Array<Partial<Item> | null> = [
    null,
    {},
    { onShelf: false },
    { auditStatus: 1 },
    { storeId: 'S002' },
    { grabTiming: 'manual', grabOpen: false },
    { grabTiming: 'manual', grabOpen: true },
  ]
  const counters: Array<Partial<Item>> = [
    { quota: 10, sold: 0, reserved: 0, perOrderLimit: 2 },
    { quota: 10, sold: 5, reserved: 4, perOrderLimit: 2 }, // remaining 1
    { quota: 10, sold: 6, reserved: 4, perOrderLimit: 2 }, // remaining 0
    { quota: 1, sold: 0, reserved: 0, perOrderLimit: 1 },
  ]
  const base0 = base().item!
  for (const member of members)
    for (const room of rooms)
      for (const shelf of shelves)
        for (const counter of counters)
          for (const qty of [0, 1, 2, 3, 1.5])
            for (const alreadyTaken of [0, 1, 2])
              for (const stock of [null, 0, 1, 2, 50])
                yield {
                  member,
                  room,
                  item: shelf === null ? null : { ...base0, ...counter, ...shelf },
                  qty,
                  alreadyTaken,
                  stock,
                }
}

// the page's reason for each order.create code, written out independently of the implementation
function expectedReason(code: ErrorCode, liveStatus: number | undefined): CannotBuyReason {
  if (code === 'ROOM_NOT_FOUND') return 'NOT_ON_SHELF'
  if (code === 'NOT_LIVE')
    return liveStatus === 102 ? 'NOT_LIVE_YET' : liveStatus === 105 || liveStatus === 106 ? 'PAUSED' : 'ENDED'
  return code as CannotBuyReason
}

describe('property: the goods page and order.create never disagree', () => {
  test("on every generated row with a valid qty, cannotBuyReason is checkOrder's code as a page reason", () => {
    const mismatches: string[] = []
    const seen = new Set<string>()
    let rows = 0
    for (const input of generated()) {
      const code = checkOrder(input)
      if (code === 'INVALID_INPUT') continue // the page has no quantity error: both do not apply
      rows++
      const reason = cannotBuyReason(input)
      const expected = code === null ? null : expectedReason(code, input.room?.liveStatus)
      seen.add(String(reason))
      if (reason !== expected) mismatches.push(`${JSON.stringify(input)}: order ${code}, page ${reason}`)
    }
    expect(mismatches.slice(0, 5)).toEqual([])
    expect(rows).toBeGreaterThan(10_000)
    // the table is not vacuous: it reaches every reason and the buyable case
    expect([...seen].sort()).toEqual([
      'ENDED',
      'GRAB_CLOSED',
      'NOT_LIVE_YET',
      'NOT_MEMBER',
      'NOT_ON_SHELF',
      'OUT_OF_STOCK',
      'OVER_LIMIT',
      'PAUSED',
      'SOLD_OUT',
      'null',
    ])
  })

  test('with no qty the page asks "can the caller buy one?": the same as order.create with qty 1', () => {
    const mismatches: string[] = []
    for (const input of generated()) {
      if (input.qty !== 1) continue
      const { qty: _qty, ...page } = input
      const canBuy = cannotBuyReason(page) === null
      if (canBuy !== (checkOrder(input) === null)) mismatches.push(JSON.stringify(input))
    }
    expect(mismatches.slice(0, 5)).toEqual([])
  })

  test('whenever the page says buyable, maxQtyFor offers at least one and order.create accepts that many', () => {
    const mismatches: string[] = []
    for (const input of generated()) {
      if (input.qty !== 1 || input.item === null || cannotBuyReason(input) !== null) continue
      const it = input.item
      const max = maxQtyFor(
        it.perOrderLimit,
        input.alreadyTaken,
        it.quota - it.sold - it.reserved,
        input.stock,
      )
      if (
        max < 1 ||
        checkOrder({ ...input, qty: max }) !== null ||
        checkOrder({ ...input, qty: max + 1 }) === null
      )
        mismatches.push(`${JSON.stringify(input)}: max ${max}`)
    }
    expect(mismatches.slice(0, 5)).toEqual([])
  })
})

describe('maxQtyFor', () => {
  test.each([
    // limit, taken, remaining, stock, expected
    [3, 0, 100, undefined, 3],
    [3, 2, 100, undefined, 1],
    [3, 3, 100, undefined, 0],
    [3, 5, 100, undefined, 0],
    [3, 0, 2, undefined, 2],
    [3, 0, 0, undefined, 0],
    [3, 0, 100, 1, 1],
    [3, 0, 100, null, 0],
    [3, 0, 100, 50, 3],
    [1, 0, 1, 1, 1],
  ] as const)(
    'limit %i, taken %i, remaining %i, stock %p → %i',
    (limit, taken, remaining, stock, expected) => {
      expect(maxQtyFor(limit, taken, remaining, stock)).toBe(expected)
    },
  )
})
