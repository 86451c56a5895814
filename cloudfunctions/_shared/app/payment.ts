/**
 * Rule 10: payment notifications are verified, idempotent, and may come twice, late or out of order.
 * A payment for an order that can no longer take it (closed, cancelled, paid by another attempt) is
 * refunded automatically and recorded (rule 9).
 */
import type { OrderRecord, RefundRecord } from '../model'
import type { Clock, PaymentGateway, Repos } from '../ports'
import { paymentOutcome } from '../domain/order-state'
import { moveOrder, orderIdOfTradeNo, settle } from './order-support'

type Deps = { repos: Repos; clock: Clock; payment(): Promise<PaymentGateway> }

export type NoticeOutcome =
  | 'paid'
  | 'duplicate'
  | 'refunded'
  | 'ignored_unsuccessful'
  | 'refused_signature'
  | 'refused_unknown_trade'
  | 'refused_amount'

/** Handles one notification body from 扫呗; the reply is what 扫呗 expects. */
export async function handleNotice(
  deps: Deps,
  body: Record<string, unknown>,
): Promise<{ outcome: NoticeOutcome; reply: Record<string, unknown> }> {
  const gateway = await deps.payment()
  const answer = (outcome: NoticeOutcome) => ({
    outcome,
    reply: gateway.noticeReply(!outcome.startsWith('refused')),
  })

  // 1. signature with the terminal's token, and our merchant and terminal
  const notice = gateway.verifyNotice(body)
  if (!notice) return answer('refused_signature')
  // 2. the trade is one of our payment attempts
  const orderId = orderIdOfTradeNo(notice.outTradeNo)
  const order = orderId ? await deps.repos.orders.get(orderId) : null
  const attempt = order?.attempts.find((a) => a.outTradeNo === notice.outTradeNo)
  if (!order || !attempt) return answer('refused_unknown_trade')
  // 3. the amount is the order's
  if (notice.amountFen !== order.amountFen) return answer('refused_amount')
  if (!notice.success) return answer('ignored_unsuccessful')
  return answer(await applyPayment(deps, order, notice.outTradeNo, notice.gatewayTradeNo, notice.paidAt))
}

/** A confirmed payment of one attempt: pending → paid once; otherwise a duplicate or a refund. */
export async function applyPayment(
  deps: Deps,
  order: OrderRecord,
  outTradeNo: string,
  gatewayTradeNo: string,
  paidAt: number,
): Promise<'paid' | 'duplicate' | 'refunded'> {
  const { repos, clock } = deps
  let current: OrderRecord | null = order
  for (let tries = 0; current && tries < 5; tries++) {
    const status = current.status === 'reserving' || current.status === 'failed' ? 'closed' : current.status
    const outcome = paymentOutcome(status, current.paidTradeNo === outTradeNo)
    if (outcome === 'duplicate') return 'duplicate'
    if (outcome === 'refund') {
      const first = await refundPayment(
        deps,
        current,
        outTradeNo,
        current.status === 'paid' ? 'duplicate_payment' : 'late_payment',
        gatewayTradeNo,
      )
      // a second notice of the same payment finds its refund recorded: said once, not per notice
      return first ? 'refunded' : 'duplicate'
    }
    const now = clock.now()
    const paid = await moveOrder(repos, current, 'pay', {
      paidTradeNo: outTradeNo,
      gatewayTradeNo,
      paidAt,
      updatedAt: now,
    })
    if (paid) {
      await settle(repos, paid, now)
      return 'paid'
    }
    // someone moved the order meanwhile (closed it, or another attempt paid): decide again on the fresh state
    current = await repos.orders.get(order._id)
  }
  throw new Error(`order ${order._id} kept changing while a payment was applied`)
}

/**
 * Refunds one attempt's payment once: the refund number is derived from the trade, and recorded first.
 * True only for the call that recorded it; the sweeper follows an unfinished one (`followRefund`).
 */
export async function refundPayment(
  deps: Deps,
  order: OrderRecord,
  outTradeNo: string,
  reason: RefundRecord['reason'],
  gatewayTradeNo?: string,
): Promise<boolean> {
  const attempt = order.attempts.find((a) => a.outTradeNo === outTradeNo)
  if (!attempt) return false
  const refund: RefundRecord = {
    refundNo: `R${outTradeNo.slice(1)}`,
    outTradeNo,
    amountFen: order.amountFen,
    reason,
    state: 'REFUNDING',
    at: deps.clock.now(),
    ...(gatewayTradeNo !== undefined && { gatewayTradeNo }),
  }
  if (!(await deps.repos.orders.addRefund(order._id, refund))) return false
  await askGateway(deps, { ...order, refunds: { ...order.refunds, [outTradeNo]: refund } }, refund, 'refund')
  return true
}

/**
 * An unfinished refund, followed to its end: 扫呗 is asked how it stands (queryrefund); one that failed, or
 * that 扫呗 never received, is sent again under the same refund number (a repeat cannot pay twice).
 */
export async function followRefund(deps: Deps, order: OrderRecord): Promise<void> {
  const open = Object.values(order.refunds ?? {}).filter((r) => r.state !== 'SUCCESS')
  for (const refund of open) {
    const state = await askGateway(deps, order, refund, 'query')
    if (state === 'FAIL' || state === 'ERROR') await askGateway(deps, order, refund, 'refund')
  }
}

async function askGateway(
  deps: Deps,
  order: OrderRecord,
  refund: RefundRecord,
  how: 'refund' | 'query',
): Promise<RefundRecord['state']> {
  const attempt = order.attempts.find((a) => a.outTradeNo === refund.outTradeNo)
  let state: RefundRecord['state']
  try {
    const gateway = await deps.payment()
    if (how === 'query')
      state = (await gateway.queryRefund({ refundNo: refund.refundNo, createdAt: refund.at })).state
    else {
      // 扫呗 may hold two orders under one trace: name the paid one by its own number
      const paid = {
        outTradeNo: refund.outTradeNo,
        refundNo: refund.refundNo,
        amountFen: refund.amountFen,
        createdAt: refund.at,
        payCreatedAt: attempt?.createdAt ?? refund.at,
      }
      const { gatewayTradeNo } = refund
      state = (await gateway.refund(gatewayTradeNo ? { ...paid, gatewayTradeNo } : paid)).state
    }
  } catch {
    state = 'ERROR'
  }
  const now = deps.clock.now()
  const key = `refunds.${refund.outTradeNo}`
  const patch: Record<string, unknown> = { [`${key}.state`]: state, updatedAt: now }
  if (state === 'SUCCESS') patch[`${key}.doneAt`] = now
  const stillOpen = Object.values(order.refunds ?? {}).some(
    (r) => r.outTradeNo !== refund.outTradeNo && r.state !== 'SUCCESS',
  )
  patch['refundOpen'] = state !== 'SUCCESS' || stillOpen
  await deps.repos.orders.update(order._id, patch as Partial<OrderRecord>)
  return state
}
