/**
 * The holds once confirmed (the order vouches for them, the counters forget their markers) are still given
 * back exactly once when the order fails after that: 扫呗 refusing the prepay, or the request dying and the
 * sweeper failing it while it was still waiting on 扫呗.
 */
import type { PaymentGateway, PrepayResult } from '../../cloudfunctions/_shared/ports'
import { BizError } from '../../cloudfunctions/_shared/domain/errors'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { createOrder, type OrderDeps } from '../../cloudfunctions/_shared/app/order'
import { orderIdFor } from '../../cloudfunctions/_shared/app/order-support'
import { sweepOrders } from '../../cloudfunctions/_shared/app/sweeper'
import { limitKey } from '../../cloudfunctions/_shared/domain/stock'
import { bindMember, goodsCounters, setLiveStatus, startWorld, type World } from '../support/world'

let world: World
let goodsId: string

beforeAll(async () => {
  world = await startWorld()
  goodsId = world.goods['030111001']!._id
  for (let n = 1; n <= 3; n++) await bindMember(world, `o_crash${n}`, n)
  await setLiveStatus(world, 101)
}, 120_000)
afterAll(() => world.cloud.close())

const withGateway = (gateway: Partial<PaymentGateway>): OrderDeps => ({
  ...container(),
  payment: () => Promise.resolve(gateway as PaymentGateway),
})
const input = (requestId: string) => ({ roomId: world.room.roomId, goodsId, qty: 1, requestId })
test('扫呗 refuses the prepay after the holds were confirmed: all three given back, once', async () => {
  const before = await goodsCounters(world, '030111001')
  const refusing = withGateway({ prepay: () => Promise.reject(new BizError('PAYMENT_UNAVAILABLE')) })
  await expect(createOrder(refusing, 'o_crash1', input('crash-refused-1'))).rejects.toMatchObject({
    code: 'PAYMENT_UNAVAILABLE',
  })
  const order = await container().repos.orders.get(orderIdFor('o_crash1', 'crash-refused-1'))
  expect(order).toMatchObject({ status: 'failed', holdsTakenAt: order?.createdAt })
  const after = await goodsCounters(world, '030111001')
  expect(after.shelf).toMatchObject({
    remaining: before.shelf.remaining,
    reserved: before.shelf.reserved,
    holds: {},
  })
  expect(after.stock).toMatchObject({
    quantity: before.stock.quantity,
    reserved: before.stock.reserved,
    holds: {},
  })
  expect(await container().repos.counters.taken(limitKey('o_crash1', world.room.roomId, goodsId))).toBe(0)
  // the sweeper finds nothing more to give back
  world.cloud.clock.advance(5 * 60_000)
  await sweepOrders(container())
  expect((await goodsCounters(world, '030111001')).shelf.remaining).toBe(before.shelf.remaining)
})

test('the request dies waiting on 扫呗; the sweeper fails it and gives its holds back once, and the late answer changes nothing', async () => {
  await setLiveStatus(world, 101)
  const before = await goodsCounters(world, '030111001')
  let answer: (v: PrepayResult) => void = () => undefined
  const hanging = withGateway({
    prepay: () => new Promise<PrepayResult>((resolve) => (answer = resolve)),
    close: () => Promise.resolve(),
  })
  const pending = createOrder(hanging, 'o_crash2', input('crash-hanging-1'))
  // the order reserved and confirmed its holds, then waits on 扫呗
  for (
    let i = 0;
    i < 200 && !(await container().repos.orders.get(orderIdFor('o_crash2', 'crash-hanging-1')))?.holdsTakenAt;
    i++
  )
    await new Promise((r) => setImmediate(r))
  const held = await goodsCounters(world, '030111001')
  expect(held.shelf).toMatchObject({ reserved: before.shelf.reserved + 1, holds: {} })

  world.cloud.clock.advance(3 * 60_000)
  const report = await sweepOrders(container())
  expect(report.failed).toBe(1)
  const swept = await goodsCounters(world, '030111001')
  expect(swept.shelf).toMatchObject({ remaining: before.shelf.remaining, reserved: before.shelf.reserved })
  expect(swept.stock).toMatchObject({ quantity: before.stock.quantity, reserved: before.stock.reserved })

  // 扫呗 answers at last: the order is no longer reserving, nothing is taken or given back again
  answer({
    gatewayTradeNo: 'G1',
    timeStamp: '1',
    nonceStr: 'n',
    package: 'prepay_id=wx1',
    signType: 'MD5',
    paySign: 'S',
  })
  await expect(pending).rejects.toMatchObject({ code: 'CONFLICT' })
  await sweepOrders(container())
  const end = await goodsCounters(world, '030111001')
  expect(end.shelf).toMatchObject({
    remaining: before.shelf.remaining,
    reserved: before.shelf.reserved,
    holds: {},
  })
  expect(end.stock).toMatchObject({
    quantity: before.stock.quantity,
    reserved: before.stock.reserved,
    holds: {},
  })
})
