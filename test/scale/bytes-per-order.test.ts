/**
 * Issue 12 §2: the database bytes written per accepted order (and per payment) are the same from the 1st
 * order to the 20 000th. The emulator counts the bytes of every document body it persists; the grab runs
 * the real use case (createOrder, applyPayment) in-process, with only the 扫呗 port answered in place.
 */
import type { PaymentGateway } from '../../cloudfunctions/_shared/ports'
import type { OrderRecord } from '../../cloudfunctions/_shared/model'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { createOrder, type OrderDeps } from '../../cloudfunctions/_shared/app/order'
import { applyPayment } from '../../cloudfunctions/_shared/app/payment'
import { orderIdFor } from '../../cloudfunctions/_shared/app/order-support'
import { goodsCounters, inBatches, setLiveStatus, startWorld, type World } from '../support/world'

const ORDERS = 20_000
const WINDOW = 1_000
/** Counters far from a change of digit count, so that the figures' own width stays the same. */
const LARGE = 2_000_000_000

let world: World
let deps: OrderDeps
let goodsId: string

/** 扫呗 answering every prepay (the simulator is measured elsewhere: this counts the database alone). */
const gateway = {
  prepay: (input: { outTradeNo: string }) =>
    Promise.resolve({
      gatewayTradeNo: `G${input.outTradeNo}`,
      timeStamp: '1',
      nonceStr: 'n',
      package: 'prepay_id=wx1',
      signType: 'MD5',
      paySign: 'S',
    }),
} as unknown as PaymentGateway

beforeAll(async () => {
  world = await startWorld()
  const db = world.cloud.db
  goodsId = world.goods['030111001']!._id
  const { shelf, stock } = await goodsCounters(world, '030111001')
  await db
    .collection('shelf')
    .doc(shelf._id)
    .update({ data: { quota: LARGE, remaining: LARGE } })
  await db
    .collection('stock')
    .doc(stock._id)
    .update({ data: { quantity: LARGE, erpQuantity: LARGE } })
  // 20 000 bound members, written as the binding would leave them
  const at = world.cloud.clock.now()
  for (let i = 0; i <= ORDERS; i++) {
    const cardNo = `SC${String(i).padStart(7, '0')}`
    await db.collection('cards').add({
      data: {
        _id: cardNo,
        phone: `1380${i}`,
        level: '普通卡',
        status: 'active',
        boundOpenid: openid(i),
        boundAt: at,
        updatedAt: at,
      },
    })
    await db.collection('members').add({ data: { _id: openid(i), cardNo, boundAt: at } })
  }
  await setLiveStatus(world, 101)
  // a clock that stands still: the room's live state, read once, stays fresh (no refresh among the writes)
  const now = world.cloud.clock.now()
  const clock = { now: () => now, sleep: () => Promise.resolve() }
  deps = { ...container(), clock, payment: () => Promise.resolve(gateway) }
  // one order first (by the member ORDERS + 1), so that the room's refresh is not counted as an order's
  // and paid, so that the counters carry their (empty) map of settlements from the start
  await order(ORDERS)
  await pay(ORDERS)
}, 240_000)
afterAll(() => world.cloud.close())

const openid = (i: number) => `o_scale${String(i).padStart(6, '0')}`
const requestId = (i: number) => `scale-req-${String(i).padStart(6, '0')}`

async function order(i: number): Promise<number> {
  const before = world.cloud.db.counters().bytesWritten
  const res = await createOrder(deps, openid(i), {
    roomId: world.room.roomId,
    goodsId,
    qty: 1,
    requestId: requestId(i),
  })
  expect(res.status).toBe('pending')
  return world.cloud.db.counters().bytesWritten - before
}

async function pay(i: number): Promise<number> {
  const before = world.cloud.db.counters().bytesWritten
  const o = (await deps.repos.orders.get(orderIdFor(openid(i), requestId(i)))) as OrderRecord
  const attempt = o.attempts[0]!
  expect(
    await applyPayment(deps, o, attempt.outTradeNo, attempt.gatewayTradeNo, world.cloud.clock.now()),
  ).toBe('paid')
  return world.cloud.db.counters().bytesWritten - before
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

test('bytes written per accepted order and per payment: the 20 000th costs what the 1st did', async () => {
  const first: number[] = []
  for (let i = 0; i < WINDOW; i++) first.push(await order(i))
  const firstPaid: number[] = []
  for (let i = 0; i < 200; i++) firstPaid.push(await pay(i))
  // the middle of the grab, 50 at a time (18 000 unpaid orders pile up)
  await inBatches(
    Array.from({ length: ORDERS - 2 * WINDOW }, (_, k) => WINDOW + k),
    50,
    (i) => order(i),
  )
  const last: number[] = []
  for (let i = ORDERS - WINDOW; i < ORDERS; i++) last.push(await order(i))
  const lastPaid: number[] = []
  for (let i = ORDERS - 200; i < ORDERS; i++) lastPaid.push(await pay(i))

  const orders = [...first, ...last]
  console.log(
    `bytes per accepted order: first ${WINDOW} ${mean(first).toFixed(1)}, last ${WINDOW} ${mean(last).toFixed(1)} ` +
      `(min ${Math.min(...orders)}, max ${Math.max(...orders)}); per payment: ${mean(firstPaid).toFixed(1)} → ${mean(lastPaid).toFixed(1)}`,
  )
  // the same, up to the width of the figures written (reserved grows from 1 to 5 digits, ids, timestamps)
  expect(Math.max(...orders) - Math.min(...orders)).toBeLessThanOrEqual(24)
  expect(Math.abs(mean(last) - mean(first))).toBeLessThanOrEqual(24)
  const paid = [...firstPaid, ...lastPaid]
  expect(Math.max(...paid) - Math.min(...paid)).toBeLessThanOrEqual(24)

  // and the counters agree exactly with the orders: nothing held twice, no marker left behind
  const { shelf, stock } = await goodsCounters(world, '030111001')
  expect(shelf).toMatchObject({
    sold: 401,
    reserved: ORDERS - 400,
    remaining: LARGE - ORDERS - 1,
    holds: {},
  })
  expect(stock).toMatchObject({ reserved: ORDERS - 400, quantity: LARGE - ORDERS - 1, holds: {} })
  expect(Object.keys((shelf as unknown as { ends?: object }).ends ?? {})).toHaveLength(0)
}, 600_000)
