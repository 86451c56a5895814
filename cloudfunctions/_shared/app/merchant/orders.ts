/** The merchant's refund of a paid live order (back office "订单 → 退款"). */
import type { OrderView } from '../../../../typings/api'
import type { OrderRecord } from '../../model'
import type { CounterKind, PaymentGateway } from '../../ports'
import { BizError } from '../../domain/errors'
import { releasesReservation } from '../../domain/order-state'
import { orderView } from '../order'
import { refundPayment } from '../payment'
import { moveOrder } from '../order-support'
import { audit, type MerchantDeps } from './support'

type Deps = MerchantDeps & { payment(): Promise<PaymentGateway> }

/**
 * paid → refunded once; the money goes back through 扫呗 (refund number derived from the payment, so a
 * retry cannot pay twice), and the sale goes back to the room quota, the store stock and the member's limit.
 */
export async function refundPaidOrder(deps: Deps, actor: string, orderId: string): Promise<OrderView> {
  const { repos, clock } = deps
  const order = await repos.orders.get(orderId)
  if (!order) throw new BizError('ORDER_NOT_FOUND')
  const now = clock.now()
  const refunded = order.paidTradeNo
    ? await moveOrder(repos, order, 'refund', { refundedAt: now, updatedAt: now })
    : null
  if (!refunded || !order.paidTradeNo) throw new BizError('ORDER_NOT_PENDING', '只有已支付的订单可以退款')
  await refundPayment(deps, refunded, order.paidTradeNo, 'merchant', order.gatewayTradeNo)
  await returnSale(deps, refunded)
  await audit(deps, actor, 'order.refund', orderId, {
    amountFen: order.amountFen,
    outTradeNo: order.paidTradeNo,
  })
  return orderView(refunded)
}

/** Each counter gets the sale back once: the order's `released` mark is taken before the counter moves. */
export async function returnSale(deps: Deps, order: OrderRecord): Promise<void> {
  if (!releasesReservation('paid', 'refunded')) return
  const counters: Array<[CounterKind, string]> = [
    ['shelf', order.shelfId],
    ['stock', order.stockId],
    ['limit', order.limitId],
  ]
  for (const [kind, id] of counters) {
    // mark first: a crash in between loses a return (never sells more than there is), never doubles it
    if (await deps.repos.orders.markReleased(order._id, kind, deps.clock.now()))
      await deps.repos.counters.returnSale(kind, id, order.qty)
  }
}
