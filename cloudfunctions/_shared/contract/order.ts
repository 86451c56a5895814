import { z } from 'zod'
import type { CreateOrderResponse, OrderView, PaymentParams } from '../../../typings/views'
import { declare, member } from './define'
import { goodsId, orderId, requestId, roomId } from './schemas'

const status = z.enum(['pending', 'paid', 'cancelled', 'closed', 'refunded'])
const one = z.object({ orderId }).strict()

/** order: the grab (SPEC rules 1–9) and the member's own orders. */
export const orderContract = {
  create: declare<CreateOrderResponse>()({
    input: z.object({ roomId, goodsId, qty: z.number().int().min(1).max(999), requestId }).strict(),
    caller: member,
  }),
  get: declare<OrderView>()({ input: one, caller: member }),
  list: declare<{ orders: OrderView[]; nextCursor?: number }>()({
    input: z.object({ status: status.optional(), cursor: z.number().int().positive().optional() }).strict(),
    caller: member,
  }),
  cancel: declare<OrderView>()({ input: one, caller: member }),
  repay: declare<{ orderId: string; payment: PaymentParams }>()({ input: one, caller: member }),
}
