/**
 * Live orders: the grab that never oversells. `createOrder` checks SPEC's rules in order, then takes the
 * member's limit, the room quota and the store stock, each by one guarded update, giving back exactly what
 * it took when a later step fails.
 */
import type {
  CreateOrderRequest,
  CreateOrderResponse,
  OrderStatus,
  OrderView,
  PaymentParams,
  RefundView,
} from '../../../typings/api'
import type { GoodsRecord, MemberRecord, OrderRecord, PaymentAttempt, SettingsRecord } from '../model'
import type { Clock, PaymentGateway, Repos, WechatLiveApi } from '../ports'
import type { ErrorCode } from '../../../typings/api'
import { BizError, isBizError, isErrorCode } from '../domain/errors'
import { checkOrder, type OrderCheckInput } from '../domain/order-rules'
import { limitKey, shelfKey, stockKey } from '../domain/stock'
import { freshRoom } from './live-state'
import { itemFacts } from './live'
import { applyPayment } from './payment'
import { confirmHolds, moveOrder, orderIdFor, settle, tradeNoFor } from './order-support'

export type OrderDeps = {
  repos: Repos
  clock: Clock
  wechat(): Promise<WechatLiveApi>
  payment(): Promise<PaymentGateway>
}

/** A prepay stays payable for two hours at WeChat; we stop reusing it a little before. */
const PREPAY_REUSE_MS = 110 * 60 * 1000
/** How long a retry waits for a twin request that is still reserving. */
const TWIN_WAIT_MS = 3_000

/** order.create: rules 1–8 of SPEC, in that order. */
export async function createOrder(
  deps: OrderDeps,
  openid: string,
  input: CreateOrderRequest,
): Promise<CreateOrderResponse> {
  // rule 8: a retry of the same purchase finds its order
  const orderId = orderIdFor(openid, input.requestId)
  const [existing, member] = await Promise.all([
    deps.repos.orders.get(orderId),
    deps.repos.members.member(openid),
  ])
  if (existing && existing.status !== 'failed') return answerFor(await settledTwin(deps, existing))

  // rules 2–6, once, in the domain, on cheap reads: a refusal writes nothing
  const facts = await orderFacts(deps, openid, member, input)
  const refused = checkOrder(facts.check)
  if (refused) throw new BizError(refused)
  if (!facts.shelf || !facts.goods) throw new BizError('NOT_ON_SHELF')

  const settings = await deps.repos.settings.get()
  const order = newOrder(openid, input, facts.goods, settings, deps.clock.now())
  if (!(await claim(deps, order, existing))) return answerFor(await settledTwin(deps, order))
  await reserve(deps, order, facts.goods.perOrderLimit)
  // the order vouches for its holds, so the counters forget them; a marker left behind is settled all the same
  await confirmHolds(deps.repos, order).catch(() => undefined)
  return answerFor(await awaitPayment(deps, order, settings))
}

/** What rules 2–6 look at. Not a member: nothing more is read (WeChat is not asked about the room). */
async function orderFacts(
  deps: OrderDeps,
  openid: string,
  member: MemberRecord | null,
  input: CreateOrderRequest,
) {
  const { repos } = deps
  const card = member ? await repos.members.card(member.cardNo) : null
  const bound = !!card && card.boundOpenid === openid
  const check: OrderCheckInput = {
    member: { cardBound: bound, cardActive: card?.status === 'active' },
    room: null,
    item: null,
    qty: input.qty,
    alreadyTaken: 0,
    stock: null,
  }
  if (!bound || card?.status !== 'active') return { check, shelf: null, goods: null }
  // rule 3: the room's live state at most 5 s old
  const [room, shelf, goods] = await Promise.all([
    freshRoom(deps, input.roomId),
    repos.shelf.get(input.roomId, input.goodsId),
    repos.goods.get(input.goodsId),
  ])
  const [taken, stock] = await Promise.all([
    repos.counters.taken(limitKey(openid, input.roomId, input.goodsId)),
    goods ? repos.stock.get(stockKey(goods.storeId, goods.productCode, goods.packUnit)) : null,
  ])
  check.room = room && { exists: true, liveStatus: room.liveStatus, storeId: room.storeId }
  check.item = shelf && goods ? itemFacts(shelf, goods) : null
  check.alreadyTaken = taken
  check.stock = stock ? stock.quantity : null
  return { check, shelf, goods }
}

/** The order as it is taken: rule 7's price stored on the server now, and its payment deadline (rule 9). */
function newOrder(
  openid: string,
  input: CreateOrderRequest,
  goods: GoodsRecord,
  settings: SettingsRecord,
  now: number,
): OrderRecord {
  return {
    _id: orderIdFor(openid, input.requestId),
    openid,
    requestId: input.requestId,
    status: 'reserving',
    roomId: input.roomId,
    goodsId: goods._id,
    storeId: goods.storeId,
    productCode: goods.productCode,
    packUnit: goods.packUnit,
    unit: goods.unit,
    name: goods.name,
    qty: input.qty,
    priceFen: goods.livePriceFen,
    amountFen: goods.livePriceFen * input.qty,
    shelfId: shelfKey(input.roomId, goods._id),
    stockId: stockKey(goods.storeId, goods.productCode, goods.packUnit),
    limitId: limitKey(openid, input.roomId, goods._id),
    attempts: [],
    refunds: {},
    createdAt: now,
    expireAt: now + settings.paymentTimeoutMin * 60_000,
    updatedAt: now,
  }
}

/** Writes the order as this request's (a failed earlier try is taken over); false when a twin has it. */
async function claim(deps: OrderDeps, order: OrderRecord, existing: OrderRecord | null): Promise<boolean> {
  const { _id: _omit, ...fresh } = order
  return existing
    ? deps.repos.orders.transition(order._id, 'failed', 'reserving', fresh)
    : deps.repos.orders.create(order)
}

/** The prepay at 扫呗; then the order awaits payment. */
async function awaitPayment(
  deps: OrderDeps,
  order: OrderRecord,
  settings: SettingsRecord,
): Promise<OrderRecord> {
  const attempt = await prepayOrFail(deps, order, 1, settings)
  const pending = { attempts: [attempt], updatedAt: deps.clock.now() }
  if (!(await deps.repos.orders.transition(order._id, 'reserving', 'pending', pending))) {
    // the sweeper judged this order abandoned while 扫呗 answered: it released the holds already
    throw new BizError('CONFLICT')
  }
  return { ...order, ...pending, status: 'pending' }
}

/** Rules 5 and 6: limit, then quota, then stock; a refusal gives back what was taken before it. */
async function reserve(deps: OrderDeps, order: OrderRecord, perOrderLimit: number): Promise<void> {
  const { counters } = deps.repos
  const steps: Array<[() => Promise<boolean>, 'OVER_LIMIT' | 'SOLD_OUT' | 'OUT_OF_STOCK']> = [
    [() => counters.reserveLimit(order.limitId, order._id, order.qty, perOrderLimit), 'OVER_LIMIT'],
    [() => counters.reserveQuota(order.shelfId, order._id, order.qty), 'SOLD_OUT'],
    [() => counters.reserveStock(order.stockId, order._id, order.qty), 'OUT_OF_STOCK'],
  ]
  for (const [take, refusal] of steps) {
    let ok: boolean
    try {
      ok = await take()
    } catch (e) {
      await fail(deps, order, 'INTERNAL_ERROR')
      throw e
    }
    if (!ok) {
      const code = await realLimit(deps, order, refusal)
      await fail(deps, order, code)
      throw new BizError(code)
    }
  }
}

/**
 * Rule 6's refusal named by the real limit: the quota can be held for an instant by orders that will
 * fail on the store's stock, so a quota refusal while the stock cannot cover the order is OUT_OF_STOCK.
 */
async function realLimit(
  deps: OrderDeps,
  order: OrderRecord,
  refusal: 'OVER_LIMIT' | 'SOLD_OUT' | 'OUT_OF_STOCK',
): Promise<'OVER_LIMIT' | 'SOLD_OUT' | 'OUT_OF_STOCK'> {
  if (refusal !== 'SOLD_OUT') return refusal
  const stock = await deps.repos.stock.get(order.stockId)
  return !stock || stock.quantity < order.qty ? 'OUT_OF_STOCK' : refusal
}

/** The order could not be completed: give back every hold it has and remember why. */
async function fail(deps: OrderDeps, order: OrderRecord, code: string): Promise<void> {
  const now = deps.clock.now()
  if (
    await deps.repos.orders.transition(order._id, 'reserving', 'failed', { failedCode: code, updatedAt: now })
  ) {
    await settle(deps.repos, { ...order, status: 'failed' }, now)
  }
}

async function prepayOrFail(
  deps: OrderDeps,
  order: OrderRecord,
  attemptNo: number,
  settings: SettingsRecord,
): Promise<PaymentAttempt> {
  try {
    return await prepay(deps, order, attemptNo, settings)
  } catch (e) {
    await fail(deps, order, isBizError(e) ? e.code : 'INTERNAL_ERROR')
    throw e
  }
}

async function prepay(
  deps: OrderDeps,
  order: OrderRecord,
  attemptNo: number,
  settings: SettingsRecord,
): Promise<PaymentAttempt> {
  const gateway = await deps.payment()
  const outTradeNo = tradeNoFor(order._id, attemptNo)
  const createdAt = deps.clock.now()
  const res = await gateway.prepay({
    outTradeNo,
    amountFen: order.amountFen,
    openid: order.openid,
    body: `直播专享-${order.name}`.slice(0, 40),
    createdAt,
    notifyUrl: settings.notifyUrl,
  })
  const { gatewayTradeNo, ...params } = res
  return { outTradeNo, gatewayTradeNo, createdAt, params }
}

/** A retry of a request that is still reserving waits for it, briefly. */
async function settledTwin(deps: OrderDeps, order: OrderRecord): Promise<OrderRecord> {
  let current = order
  for (let waited = 0; current.status === 'reserving' && waited < TWIN_WAIT_MS; waited += 50) {
    await deps.clock.sleep(50)
    current = (await deps.repos.orders.get(order._id)) ?? current
  }
  if (current.status === 'reserving') throw new BizError('CONFLICT')
  if (current.status === 'failed') throw new BizError(failureOf(current.failedCode))
  return current
}

/** Why a twin failed, as a code of the catalogue (an unknown one reads as an abandoned try). */
function failureOf(code: string | undefined): ErrorCode {
  return isErrorCode(code) ? code : 'ORDER_ABANDONED'
}

function answerFor(order: OrderRecord): CreateOrderResponse {
  return {
    orderId: order._id,
    status: order.status as OrderStatus,
    amountFen: order.amountFen,
    expireAt: order.expireAt,
    payment: paymentParams(order.attempts[order.attempts.length - 1]),
  }
}

function paymentParams(attempt: PaymentAttempt | undefined): PaymentParams {
  if (!attempt) return { outTradeNo: '', timeStamp: '', nonceStr: '', package: '', signType: '', paySign: '' }
  return { outTradeNo: attempt.outTradeNo, ...attempt.params }
}

/** The caller's own order (another member's order is "not found"). */
async function ownOrder(repos: Repos, openid: string, orderId: string): Promise<OrderRecord> {
  const order = await repos.orders.get(orderId)
  if (!order || order.openid !== openid || order.status === 'reserving' || order.status === 'failed')
    throw new BizError('ORDER_NOT_FOUND')
  return order
}

/** order.get */
export async function getOrder({ repos }: OrderDeps, openid: string, orderId: string): Promise<OrderView> {
  return orderView(await ownOrder(repos, openid, orderId))
}

/** order.list: the caller's own orders, newest first, 20 a page. */
export async function listOrders(
  { repos }: OrderDeps,
  openid: string,
  input: { status?: OrderStatus; cursor?: number },
): Promise<{ orders: OrderView[]; nextCursor?: number }> {
  const page = 20
  const rows = await repos.orders.listByOpenid(openid, {
    limit: page,
    ...(input.status && { status: input.status }),
    ...(input.cursor !== undefined && { before: input.cursor }),
  })
  const last = rows[rows.length - 1]
  return { orders: rows.map(orderView), ...(rows.length === page && last && { nextCursor: last.createdAt }) }
}

/** order.cancel: pending only; gives back quota, stock and the member's limit once. */
export async function cancelOrder(deps: OrderDeps, openid: string, orderId: string): Promise<OrderView> {
  const { repos, clock } = deps
  const order = await ownOrder(repos, openid, orderId)
  const now = clock.now()
  const cancelled = await moveOrder(repos, order, 'cancel', { cancelledAt: now, updatedAt: now })
  if (!cancelled) throw new BizError('ORDER_NOT_PENDING')
  await settle(repos, cancelled, now)
  await closeAtGateway(deps, cancelled)
  return orderView(cancelled)
}

/** order.repay: the last payment attempt while it can still be paid, else a new one. */
export async function repayOrder(
  deps: OrderDeps,
  openid: string,
  orderId: string,
): Promise<{ orderId: string; payment: PaymentParams }> {
  const { repos, clock } = deps
  const order = await ownOrder(repos, openid, orderId)
  if (order.status !== 'pending' || order.expireAt <= clock.now()) throw new BizError('ORDER_NOT_PENDING')
  const gateway = await deps.payment()
  const last = order.attempts[order.attempts.length - 1]
  if (last) {
    const state = await gateway.query(last.outTradeNo, last.createdAt)
    if (state.state === 'SUCCESS') {
      // the notification is late: the query is as good a witness as the notice
      await applyPayment(
        deps,
        order,
        last.outTradeNo,
        state.gatewayTradeNo ?? last.gatewayTradeNo,
        state.paidAt ?? clock.now(),
      )
      throw new BizError('ORDER_NOT_PENDING', '订单已支付')
    }
    const payable = state.state === 'NOTPAY' || state.state === 'USERPAYING'
    if (payable && clock.now() - last.createdAt < PREPAY_REUSE_MS)
      return { orderId, payment: paymentParams(last) }
  }
  const settings = await repos.settings.get()
  const attempt = await prepay(deps, order, order.attempts.length + 1, settings)
  const attempts = [...order.attempts, attempt]
  if (!(await repos.orders.transition(orderId, 'pending', 'pending', { attempts, updatedAt: clock.now() }))) {
    throw new BizError('ORDER_NOT_PENDING')
  }
  return { orderId, payment: paymentParams(attempt) }
}

/** Best effort: ask 扫呗 to close every attempt of an order we will not accept payment for. */
export async function closeAtGateway(deps: OrderDeps, order: OrderRecord): Promise<void> {
  if (order.attempts.length === 0) return
  try {
    const gateway = await deps.payment()
    await Promise.all(
      order.attempts.map((a) => gateway.close(a.outTradeNo, a.createdAt).catch(() => undefined)),
    )
  } catch {
    // a payment that slips through anyway is refunded when its notice arrives (rule 9)
  }
}

export function orderView(o: OrderRecord): OrderView {
  return {
    orderId: o._id,
    status: o.status as OrderStatus,
    roomId: o.roomId,
    goodsId: o.goodsId,
    storeId: o.storeId,
    productCode: o.productCode,
    name: o.name,
    unit: o.unit,
    qty: o.qty,
    priceFen: o.priceFen,
    amountFen: o.amountFen,
    createdAt: o.createdAt,
    expireAt: o.expireAt,
    ...(o.paidAt !== undefined && { paidAt: o.paidAt }),
    ...(o.closedAt !== undefined && { closedAt: o.closedAt }),
    ...(o.cancelledAt !== undefined && { cancelledAt: o.cancelledAt }),
    ...(o.refundedAt !== undefined && { refundedAt: o.refundedAt }),
    ...refundOf(o),
  }
}

/** The member's view of the order's latest refund (退款中 / 已退款), when there is one. */
function refundOf(o: OrderRecord): { refund?: RefundView } {
  const latest = Object.values(o.refunds ?? {}).sort((a, b) => b.at - a.at)[0]
  if (!latest) return {}
  const done = latest.state === 'SUCCESS'
  return {
    refund: {
      amountFen: latest.amountFen,
      state: done ? 'refunded' : 'refunding',
      requestedAt: latest.at,
      ...(done && latest.doneAt !== undefined && { refundedAt: latest.doneAt }),
    },
  }
}
