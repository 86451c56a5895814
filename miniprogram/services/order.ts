/**
 * 订单 and 支付. `buy` keeps one idempotency key per purchase (room, goods, quantity) across retries until
 * the server has answered it, so a retry after a lost answer gets the same order back (rule 8).
 * `pay` is the only caller of wx.requestPayment; its outcome is never taken as proof of payment —
 * the result page asks the server.
 */
import type { OrderStatus, PaymentParams } from '../../typings/api'
import { newRequestId } from '../utils/request-id'
import { call } from './api'
import { forgetPurchase, pendingPurchase, rememberPurchase } from './storage'
import { isNetworkError } from './transport'

/** Creates the order of one purchase, reusing the key of an unanswered attempt at the same purchase. */
export async function buy(roomId: number, goodsId: string, qty: number) {
  const prior = pendingPurchase()
  const same = prior && prior.roomId === roomId && prior.goodsId === goodsId && prior.qty === qty
  const requestId = same ? prior.requestId : newRequestId()
  rememberPurchase({ roomId, goodsId, qty, requestId })
  const res = await call('order', 'create', { roomId, goodsId, qty, requestId })
  // the server answered (an order or a refusal): the next tap is a new purchase
  if (!isNetworkError(res)) forgetPurchase()
  return res
}

export const fetchOrder = (orderId: string) => call('order', 'get', { orderId })
export const fetchOrders = (status?: OrderStatus, cursor?: number) =>
  call('order', 'list', { ...(status && { status }), ...(cursor && { cursor }) })
export const cancelOrder = (orderId: string) => call('order', 'cancel', { orderId })
export const repayOrder = (orderId: string) => call('order', 'repay', { orderId })

export type PayOutcome = 'done' | 'cancel' | 'fail'

/** Opens WeChat's payment sheet with the parameters 扫呗 returned; says only what the member did. */
export function pay(payment: PaymentParams): Promise<PayOutcome> {
  return new Promise((resolve) => {
    wx.requestPayment({
      timeStamp: payment.timeStamp,
      nonceStr: payment.nonceStr,
      package: payment.package,
      signType: payment.signType as 'MD5',
      paySign: payment.paySign,
      success: () => resolve('done'),
      fail: (err: { errMsg?: string }) => resolve(/cancel/.test(err.errMsg ?? '') ? 'cancel' : 'fail'),
    })
  })
}
