/** Order identities and the settling of an order's holds, shared by ordering, payment and the sweeper. */
import { createHash } from 'node:crypto'
import type { OrderRecord } from '../model'
import type { CounterKind, Repos } from '../ports'
import { nextStatus, type OrderEventName } from '../domain/order-state'

/** Rule 8: the order id is derived from the caller and their idempotency key. */
export function orderIdFor(openid: string, requestId: string): string {
  return createHash('sha1').update(`${openid}\n${requestId}`).digest('hex').slice(0, 24)
}

/** 扫呗's terminal_trace of one payment attempt of an order (≤ 32 characters). */
export function tradeNoFor(orderId: string, attempt: number): string {
  return `L${orderId}A${attempt}`
}

/** The order a trade number belongs to, or null when it is not one of ours. */
export function orderIdOfTradeNo(tradeNo: string): string | null {
  const m = /^L([0-9a-f]{24})A\d+$/.exec(tradeNo)
  return m ? (m[1] ?? null) : null
}

/**
 * Moves a live order by one event of its state machine (domain/order-state): pay, cancel, close or
 * refund; false when the event is not allowed from the order's status or someone moved it first.
 */
export async function moveOrder(
  repos: Repos,
  order: OrderRecord,
  event: OrderEventName,
  patch: Partial<OrderRecord>,
): Promise<OrderRecord | null> {
  if (order.status === 'reserving' || order.status === 'failed') return null
  const to = nextStatus(order.status, event)
  if (!to || !(await repos.orders.transition(order._id, order.status, to, patch))) return null
  return { ...order, ...patch, status: to }
}

/** The counters an order holds: stock, then quota, then the member's limit. */
function holdsOf(order: OrderRecord): Array<[CounterKind, string]> {
  const all: Array<[CounterKind, string]> = [
    ['stock', order.stockId],
    ['shelf', order.shelfId],
    ['limit', order.limitId],
  ]
  return all.filter(([, id]) => id !== '')
}

/**
 * Every hold is taken: the order records that it vouches for them (unless the sweeper failed it meanwhile,
 * when the markers stay for its settlement), and the counters forget the takes' markers.
 */
export async function confirmHolds(repos: Repos, order: OrderRecord): Promise<void> {
  const vouched = { holdsTakenAt: order.createdAt }
  if (!(await repos.orders.transition(order._id, 'reserving', 'reserving', vouched))) return
  await Promise.all(holdsOf(order).map(([kind, id]) => repos.counters.confirm(kind, id, order._id)))
}

/**
 * Gives back (cancelled, closed, failed) or turns into sales (paid) every hold of the order, once: each
 * counter marks the settlement in the same guarded update that moves its numbers, and forgets the mark
 * once `settledAt` is written (docs/scale.md says why this is exactly once).
 */
export async function settle(repos: Repos, order: OrderRecord, now: number): Promise<void> {
  const paid = order.status === 'paid'
  // an order that was pending holds every counter; a failed one, every counter if it said so before it
  // failed (read after the failing transition, which a later `confirmHolds` cannot pass), else its markers
  const failed = order.status === 'failed' ? await repos.orders.get(order._id) : null
  const taken = order.status !== 'failed' || failed?.holdsTakenAt === order.createdAt
  const hold = { qty: order.qty, taken, since: order.createdAt }
  const holds = holdsOf(order)
  await Promise.all(
    holds.map(([kind, id]) =>
      paid
        ? repos.counters.commit(kind, id, order._id, hold)
        : repos.counters.release(kind, id, order._id, hold),
    ),
  )
  await repos.orders.update(order._id, { settledAt: now })
  await Promise.all(holds.map(([kind, id]) => repos.counters.forget(kind, id, order._id)))
}
