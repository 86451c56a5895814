import { callable } from '../_shared/runtime/callable'
import { implement } from '../_shared/runtime/actions'
import { orderContract } from '../_shared/contract/order'
import { cancelOrder, createOrder, getOrder, listOrders, repayOrder } from '../_shared/app/order'

export const main = callable(
  'order',
  implement(orderContract, {
    create: (input, { openid, c }) => createOrder(c, openid, input),
    get: (input, { openid, c }) => getOrder(c, openid, input.orderId),
    list: (input, { openid, c }) => listOrders(c, openid, input),
    cancel: (input, { openid, c }) => cancelOrder(c, openid, input.orderId),
    repay: (input, { openid, c }) => repayOrder(c, openid, input.orderId),
  }),
)
