/**
 * Type tests of the one contract, checked by `npm run lint` (tsc): each `@ts-expect-error` line must be
 * an error, so a handler or a client that drifts from a declaration fails the build.
 */
import { implement, type Handlers } from '../../cloudfunctions/_shared/runtime/actions'
import { orderContract } from '../../cloudfunctions/_shared/contract/order'
import { memberContract } from '../../cloudfunctions/_shared/contract/member'
import type { CreateOrderRequest, MemberEvent, OrderResponses, OrderView } from '../../typings/api'

declare const view: OrderView
declare const order: Handlers<typeof orderContract>

// a handler answering what its declaration says compiles
implement(orderContract, { ...order, get: async () => view })

// @ts-expect-error a handler answering another shape than the declared result does not compile
implement(orderContract, { ...order, get: async () => ({ orderId: 'x' }) })

// @ts-expect-error a handler reading a field the declared input does not have does not compile
implement(orderContract, { ...order, get: async (input) => ({ ...view, orderId: input.nonexistent }) })

// @ts-expect-error every declared action needs its handler
implement(memberContract, { profile: async () => ({ openid: 'o', cardBound: false }) })

// the client's request types are the schemas' inputs: requestId is required, 8–64 characters at run time
const ok: CreateOrderRequest = { roomId: 1, goodsId: 'g', qty: 1, requestId: '12345678' }
// @ts-expect-error a purchase without its idempotency key does not compile
const noKey: CreateOrderRequest = { roomId: 1, goodsId: 'g', qty: 1 }
// @ts-expect-error a room id is WeChat's number, not a string
const badRoom: CreateOrderRequest = { roomId: '1', goodsId: 'g', qty: 1, requestId: '12345678' }

// events name their action; an action nobody declared does not compile
const profile: MemberEvent = { action: 'profile' }
// @ts-expect-error no such member action
const unknown: MemberEvent = { action: 'deleteEverything' }

// responses are the declared results
const paid: OrderResponses['get']['status'] = 'paid'
// @ts-expect-error not an order status
const odd: OrderResponses['get']['status'] = 'shipped'

export const used = [ok, noKey, badRoom, profile, unknown, paid, odd]
