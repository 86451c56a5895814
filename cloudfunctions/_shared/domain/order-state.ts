import type { OrderStatus } from '../../../typings/api'

export type OrderEventName = 'pay' | 'cancel' | 'close' | 'refund'

/** Every order status, for exhaustive tables. */
export const ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'paid', 'cancelled', 'closed', 'refunded']

/** Every order event, for exhaustive tables. */
export const ORDER_EVENTS: readonly OrderEventName[] = ['pay', 'cancel', 'close', 'refund']

// pending → paid (payment verified) | cancelled (by the member) | closed (rule 9: payment timeout);
// paid → refunded (by the merchant). cancelled, closed and refunded are final.
const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderEventName, OrderStatus>>> = {
  pending: { pay: 'paid', cancel: 'cancelled', close: 'closed' },
  paid: { refund: 'refunded' },
  cancelled: {},
  closed: {},
  refunded: {},
}

/** The status an event moves an order to, or null when the event is not allowed from that status. */
export function nextStatus(from: OrderStatus, event: OrderEventName): OrderStatus | null {
  return TRANSITIONS[from][event] ?? null
}

/**
 * True when the transition gives back the order's room quota, store stock and the member's limit.
 * pending → cancelled/closed: the reservation is dropped (rule 9: exactly once, by this transition).
 * paid → refunded: also released, all three. The member got nothing, so their limit returns; the goods
 * is back in the store; and the room's sold count drops, because 可抢数量 is what this room may sell
 * and a refunded unit was not sold. Quota can only be taken while the room is live (rule 3), so a
 * refund after the broadcast re-opens nothing a member could buy. The ERP's next stock feed corrects
 * the store figure if the goods had already left the store.
 */
export function releasesReservation(from: OrderStatus, to: OrderStatus): boolean {
  if (from === 'pending') return to === 'cancelled' || to === 'closed'
  if (from === 'paid') return to === 'refunded'
  return false
}

/**
 * What to do with a verified successful payment notice (rule 10: may come twice, late or out of order).
 * `attemptIsCurrent`: for a paid or refunded order, whether the notice is for the attempt that paid it;
 * for a pending order it does not matter (any attempt's money pays a pending order); for cancelled and
 * closed orders nobody paid, so the money goes back (rule 9).
 * A refunded order's own paying attempt is a duplicate notice, not new money: refunding it again would
 * refund twice.
 */
export function paymentOutcome(
  status: OrderStatus,
  attemptIsCurrent: boolean,
): 'mark_paid' | 'duplicate' | 'refund' {
  switch (status) {
    case 'pending':
      return 'mark_paid'
    case 'paid':
    case 'refunded':
      return attemptIsCurrent ? 'duplicate' : 'refund'
    case 'cancelled':
    case 'closed':
      return 'refund'
  }
}
