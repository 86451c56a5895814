import { z } from 'zod'
import { callable, userAction } from '../_shared/runtime/callable'
import { goodsId, orderId, roomId } from '../_shared/runtime/schemas'
import { cancelOrder, createOrder, getOrder, listOrders, repayOrder } from '../_shared/app/order'

const status = z.enum(['pending', 'paid', 'cancelled', 'closed', 'refunded'])

export const main = callable('order', {
  create: userAction(
    z
      .object({
        roomId,
        goodsId,
        qty: z.number().int().min(1).max(999),
        requestId: z.string().min(8).max(64),
      })
      .strict(),
    (input, { openid, c }) => createOrder(c, openid, input),
  ),
  get: userAction(z.object({ orderId }).strict(), (input, { openid, c }) =>
    getOrder(c, openid, input.orderId),
  ),
  list: userAction(
    z.object({ status: status.optional(), cursor: z.number().int().positive().optional() }).strict(),
    (input, { openid, c }) => listOrders(c, openid, input),
  ),
  cancel: userAction(z.object({ orderId }).strict(), (input, { openid, c }) =>
    cancelOrder(c, openid, input.orderId),
  ),
  repay: userAction(z.object({ orderId }).strict(), (input, { openid, c }) =>
    repayOrder(c, openid, input.orderId),
  ),
})
