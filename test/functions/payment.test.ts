/** Rules 9 and 10 over the local cloud and the 扫呗 simulator: paid once, refused when forged, refunded when late. */
import type { CreateOrderResponse, OrderView, Result, SyncReport } from '../../typings/api'
import type { OrderRecord } from '../../cloudfunctions/_shared/model'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { refundPaidOrder } from '../../cloudfunctions/_shared/app/merchant/orders'
import {
  bindMember,
  expectError,
  get,
  goodsCounters,
  post,
  setLiveStatus,
  startWorld,
  type World,
} from '../support/world'

let world: World
let orca: string

beforeAll(async () => {
  world = await startWorld()
  orca = world.goods['030113001']!._id
  for (let n = 1; n <= 13; n++) await bindMember(world, `o_p${n}`, n)
  await setLiveStatus(world, 101)
}, 120_000)
afterAll(() => world.cloud.close())

async function order(n: number): Promise<CreateOrderResponse> {
  const res = await world.cloud.call<Result<CreateOrderResponse>>(
    'order',
    {
      action: 'create',
      roomId: world.room.roomId,
      goodsId: orca,
      qty: 1,
      requestId: `pay-${n}-${Date.now()}`,
    },
    `o_p${n}`,
  )
  if (!res.ok) throw new Error(res.error.code)
  return res.data
}

async function state(orderId: string) {
  const db = world.cloud.db
  const o = (await db.collection('orders').doc(orderId).get()).data as unknown as OrderRecord
  const { shelf, stock } = await goodsCounters(world, '030113001')
  const limit = (await db.collection('limits').doc(o.limitId).get()).data as { taken: number }
  return { order: o, shelf, stock, limit }
}

const pay = (outTradeNo: string, options: Record<string, unknown> = {}) =>
  post(world.cloud, `/sim/saobei/orders/${outTradeNo}/pay`, options)

test('pay → paid: the hold on quota and stock becomes a sale', async () => {
  const o = await order(1)
  const before = await state(o.orderId)
  await pay(o.payment.outTradeNo)
  const after = await state(o.orderId)
  expect(after.order.status).toBe('paid')
  expect(after.shelf.sold).toBe(before.shelf.sold + 1)
  expect(after.shelf.reserved).toBe(before.shelf.reserved - 1)
  expect(after.stock.reserved).toBe(before.stock.reserved - 1)
  expect(after.stock.quantity).toBe(before.stock.quantity)
  expect(after.limit.taken).toBe(1)
  const view = await world.cloud.call<Result<OrderView>>(
    'order',
    { action: 'get', orderId: o.orderId },
    'o_p1',
  )
  expect(view).toMatchObject({ ok: true, data: { status: 'paid' } })
})

test('the same notification twice changes the order once', async () => {
  const o = await order(2)
  const before = await state(o.orderId)
  await pay(o.payment.outTradeNo, { times: 2 })
  await post(world.cloud, '/sim/saobei/notices/replay', { outTradeNo: o.payment.outTradeNo })
  const after = await state(o.orderId)
  expect(after.order.status).toBe('paid')
  expect(after.shelf.sold).toBe(before.shelf.sold + 1)
  expect(Object.keys(after.order.refunds)).toHaveLength(0)
})

test('a forged signature is refused and changes nothing', async () => {
  const o = await order(3)
  const before = await state(o.orderId)
  await pay(o.payment.outTradeNo, { forgeSignature: true })
  const after = await state(o.orderId)
  expect(after.order.status).toBe('pending')
  expect(after.shelf).toEqual(before.shelf)
})

test('a wrong amount is refused and changes nothing', async () => {
  const o = await order(4)
  const before = await state(o.orderId)
  await pay(o.payment.outTradeNo, { wrongAmountFen: 9999 })
  const after = await state(o.orderId)
  expect(after.order.status).toBe('pending')
  expect(after.shelf).toEqual(before.shelf)
  expect(after.stock.quantity).toBe(before.stock.quantity)
})

test('a payment after the timeout closed the order is refunded, and the quota is not taken twice (rule 9)', async () => {
  const o = await order(5)
  const held = await state(o.orderId)
  world.cloud.clock.advance(16 * 60_000)
  const run = await (world.cloud.timers.fire('sync') as Promise<Result<SyncReport>>)
  const closedNow = run.ok ? run.data.ordersClosed : -1
  const closed = await state(o.orderId)
  expect(closed.order.status).toBe('closed')
  // every order closed in this run (this one and the earlier refused ones, all of this goods) gave back one unit
  expect(closedNow).toBeGreaterThanOrEqual(1)
  expect(closed.shelf.remaining).toBe(held.shelf.remaining + closedNow)
  expect(closed.shelf.reserved).toBe(held.shelf.reserved - closedNow)
  expect(closed.stock.quantity).toBe(held.stock.quantity + closedNow)
  expect(closed.limit.taken).toBe(0)

  await pay(o.payment.outTradeNo, { late: true })
  const refunded = await state(o.orderId)
  expect(refunded.order.status).toBe('closed')
  expect(refunded.order.refunds[o.payment.outTradeNo]).toMatchObject({ reason: 'late_payment', amountFen: 1 })
  expect(refunded.shelf).toEqual(closed.shelf)
  expect(refunded.stock.quantity).toBe(closed.stock.quantity)
  // a second delivery of the late notice does not refund twice
  await post(world.cloud, '/sim/saobei/notices/replay', { outTradeNo: o.payment.outTradeNo })
  expect(Object.keys((await state(o.orderId)).order.refunds)).toHaveLength(1)
})

test('a close that finds the order paid at 扫呗 marks it paid instead (query first)', async () => {
  const o = await order(6)
  // the member paid but the notice is late: 扫呗 already knows it is paid
  await pay(o.payment.outTradeNo, { delayMs: 600_000 })
  world.cloud.clock.advance(16 * 60_000)
  await (world.cloud.timers.fire('sync') as Promise<unknown>)
  expect((await state(o.orderId)).order.status).toBe('paid')
})

test('cancel releases exactly once, however many times it is pressed', async () => {
  const o = await order(7)
  const held = await state(o.orderId)
  const results = await Promise.all(
    Array.from({ length: 25 }, () =>
      world.cloud.call<Result<OrderView>>('order', { action: 'cancel', orderId: o.orderId }, 'o_p7'),
    ),
  )
  expect(results.filter((r) => r.ok)).toHaveLength(1)
  for (const r of results) if (!r.ok) expect(r.error.code).toBe('ORDER_NOT_PENDING')
  const after = await state(o.orderId)
  expect(after.order.status).toBe('cancelled')
  expect(after.shelf.remaining).toBe(held.shelf.remaining + 1)
  expect(after.shelf.reserved).toBe(held.shelf.reserved - 1)
  expect(after.stock.quantity).toBe(held.stock.quantity + 1)
  expect(after.limit.taken).toBe(0)
})

test('close and payment racing: the order ends either paid or closed-and-refunded, counters consistent', async () => {
  const o = await order(8)
  const held = await state(o.orderId)
  world.cloud.clock.advance(16 * 60_000)
  await Promise.all([
    world.cloud.timers.fire('sync') as Promise<unknown>,
    pay(o.payment.outTradeNo, { late: true }),
  ])
  const after = await state(o.orderId)
  if (after.order.status === 'paid') {
    expect(after.shelf.sold).toBe(held.shelf.sold + 1)
  } else {
    expect(after.order.status).toBe('closed')
    expect(Object.keys(after.order.refunds)).toHaveLength(1)
    expect(after.shelf.remaining).toBe(held.shelf.remaining + 1)
  }
})

test("a member sees only their own orders, and cannot cancel or repay another's", async () => {
  const o = await order(9)
  expectError(
    await world.cloud.call<Result<unknown>>('order', { action: 'cancel', orderId: o.orderId }, 'o_p10'),
    'ORDER_NOT_FOUND',
  )
  expectError(
    await world.cloud.call<Result<unknown>>('order', { action: 'get', orderId: o.orderId }, 'o_p10'),
    'ORDER_NOT_FOUND',
  )
  const mine = await world.cloud.call<Result<{ orders: OrderView[] }>>('order', { action: 'list' }, 'o_p9')
  expect(mine.ok && mine.data.orders.map((x) => x.orderId)).toEqual([o.orderId])
})

test('repay while pending returns the payable attempt; after paying it is refused', async () => {
  const o = await order(11)
  const again = await world.cloud.call<Result<{ payment: { outTradeNo: string } }>>(
    'order',
    { action: 'repay', orderId: o.orderId },
    'o_p11',
  )
  expect(again).toMatchObject({ ok: true, data: { payment: { outTradeNo: o.payment.outTradeNo } } })
  await pay(o.payment.outTradeNo)
  expectError(
    await world.cloud.call<Result<unknown>>('order', { action: 'repay', orderId: o.orderId }, 'o_p11'),
    'ORDER_NOT_PENDING',
  )
})

test('a merchant refund of a paid order happens once and gives the sale back once, however often it is pressed', async () => {
  const o = await order(12)
  await pay(o.payment.outTradeNo)
  const paid = await state(o.orderId)
  const deps = container()
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, () => refundPaidOrder(deps, 'owner', o.orderId)),
  )
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  for (const r of results)
    if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('ORDER_NOT_PENDING')
  const after = await state(o.orderId)
  expect(after.order.status).toBe('refunded')
  expect(after.order.refunds[o.payment.outTradeNo]).toMatchObject({ reason: 'merchant', state: 'SUCCESS' })
  expect(after.shelf.sold).toBe(paid.shelf.sold - 1)
  expect(after.shelf.remaining).toBe(paid.shelf.remaining + 1)
  expect(after.stock.quantity).toBe(paid.stock.quantity + 1)
  expect(after.limit.taken).toBe(0)
  const sim = await get<{ refunds: unknown[] }>(world.cloud, '/sim/saobei/state')
  expect(sim.refunds.filter((r) => JSON.stringify(r).includes(o.payment.outTradeNo.slice(1)))).toHaveLength(1)
  // the paying attempt's notice arriving again after the refund is a duplicate, not new money
  await post(world.cloud, '/sim/saobei/notices/replay', { outTradeNo: o.payment.outTradeNo })
  expect(Object.keys((await state(o.orderId)).order.refunds)).toHaveLength(1)
})

test('overdue orders close even while WeChat cannot be reached (rule 9 does not wait for the sync)', async () => {
  const o = await order(13)
  world.cloud.clock.advance(16 * 60_000)
  await post(world.cloud, '/sim/wechat/faults', {
    path: '/wxa/business/getliveinfo',
    errcode: 45009,
    count: 1,
  })
  const run = await (world.cloud.timers.fire('sync') as Promise<Result<SyncReport>>)
  expect(run.ok).toBe(false)
  expect((await state(o.orderId)).order.status).toBe('closed')
})
