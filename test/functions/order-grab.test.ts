/**
 * SPEC "Rules the server enforces", under real concurrency over the local cloud: 2 000 members press 抢购
 * in the same instant for a goods with quota 100 and store stock 50.
 */
import type { CreateOrderResponse, Result } from '../../typings/api'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { importCards } from '../../cloudfunctions/_shared/app/merchant/feeds'
import { shelfKey } from '../../cloudfunctions/_shared/domain/stock'
import {
  bindMember,
  demoCard,
  expectError,
  goodsCounters,
  inBatches,
  setLiveStatus,
  startWorld,
  type World,
} from '../support/world'

const MEMBERS = 2000
let world: World
let lego: string

beforeAll(async () => {
  world = await startWorld()
  lego = world.goods['030111001']!._id
  // the demo has 1 000 cards; the ERP feed brings 1 000 more
  const rows = Array.from({ length: MEMBERS - 1000 }, (_, i) => ({
    ...demoCard(1001 + i),
    level: '普通卡',
    status: 'active' as const,
  }))
  await importCards(container(), 'test', rows)
  await inBatches(
    Array.from({ length: MEMBERS }, (_, i) => i + 1),
    50,
    (n) => bindMember(world, `o_m${n}`, n),
  )
  await setLiveStatus(world, 101)
}, 240_000)
afterAll(() => world.cloud.close())

const create = (openid: string, requestId: string, goodsId = lego, qty = 1, roomId = world.room.roomId) =>
  world.cloud.call<Result<CreateOrderResponse>>(
    'order',
    { action: 'create', roomId, goodsId, qty, requestId: `req-${requestId}` },
    openid,
  )

async function counters() {
  const { shelf, stock } = await goodsCounters(world, '030111001')
  const pending = (
    await world.cloud.db.collection('orders').where({ goodsId: lego, status: 'pending' }).count()
  ).total
  return { shelf, stock, pending }
}

test('2 000 parallel orders for quota 100 and stock 50 end with exactly 50 orders and no oversell', async () => {
  const results = await Promise.all(
    Array.from({ length: MEMBERS }, (_, i) => create(`o_m${i + 1}`, `grab-${i + 1}`)),
  )
  const won = results.filter((r) => r.ok)
  const codes = new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])))
  expect(won).toHaveLength(50)
  expect([...codes]).toEqual(['OUT_OF_STOCK'])

  const { shelf, stock, pending } = await counters()
  expect(pending).toBe(50)
  expect(stock.quantity).toBe(0)
  expect(stock.reserved).toBe(50)
  // the 50 pending orders' statuses record their holds: the counter keeps no marker of them (docs/scale.md)
  expect(stock.holds).toEqual({})
  expect(shelf.holds).toEqual({})
  expect(shelf.reserved).toBe(50)
  expect(shelf.remaining).toBe(50)
  // what failed gave back its quota and its member limit
  const limits = (await world.cloud.db.collection('limits').where({ taken: 1 }).count()).total
  expect(limits).toBe(50)
  for (const r of won)
    if (r.ok)
      expect(r.data).toMatchObject({
        status: 'pending',
        amountFen: 1,
        payment: { package: expect.stringMatching(/^prepay_id=/) },
      })
}, 120_000)

test('a retry with the same idempotency key returns the same order, never a second one (rule 8)', async () => {
  const first = await create('o_m1', 'grab-1')
  const again = await Promise.all(Array.from({ length: 20 }, () => create('o_m1', 'grab-1')))
  expect(first.ok).toBe(true)
  for (const r of again) expect(r).toEqual(first)
  expect(
    (await world.cloud.db.collection('orders').where({ openid: 'o_m1', status: 'pending' }).count()).total,
  ).toBe(1)
})

test('the price is the live price stored on the server (rule 7)', async () => {
  const order = (await world.cloud.db.collection('orders').where({ openid: 'o_m1' }).get()).data[0]
  expect(order).toMatchObject({
    priceFen: world.goods['030111001']!.livePriceFen,
    amountFen: world.goods['030111001']!.livePriceFen,
  })
})

describe('refusals, each in SPEC order and writing nothing that stays', () => {
  const orca = () => world.goods['030113001']!._id
  const dragon = () => world.goods['030113002']!._id

  test('an unbound WeChat user gets NOT_MEMBER', async () => {
    expectError(await create('o_stranger', 'nm-1', orca()), 'NOT_MEMBER')
  })

  test('a member over the per-order limit gets OVER_LIMIT, and cannot split to evade it (rule 5)', async () => {
    expectError(await create('o_m1900', 'ol-1', orca(), 2), 'OVER_LIMIT')
    const first = await create('o_m1900', 'ol-2', orca(), 1)
    expect(first.ok).toBe(true)
    expectError(await create('o_m1900', 'ol-3', orca(), 1), 'OVER_LIMIT')
  })

  test('the cumulative limit holds under concurrency: 30 parallel orders of one member give one order', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => create('o_m1901', `par-${i}`, orca(), 1)),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])))).toEqual(new Set(['OVER_LIMIT']))
  })

  test('room quota runs out before stock for a goods with quota 1: SOLD_OUT', async () => {
    const results = await Promise.all(
      [1902, 1903, 1904, 1905].map((n) => create(`o_m${n}`, `so-${n}`, dragon())),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.error.code === 'SOLD_OUT')).toHaveLength(3)
  })

  test('a manual goods not yet opened gets GRAB_CLOSED; once opened it sells', async () => {
    const db = world.cloud.db
    await db
      .collection('goods')
      .doc(orca())
      .update({ data: { grabTiming: 'manual' } })
    expectError(await create('o_m1906', 'gc-1', orca()), 'GRAB_CLOSED')
    await db
      .collection('shelf')
      .doc(shelfKey(world.room.roomId, orca()))
      .update({ data: { grabOpen: true } })
    expect((await create('o_m1906', 'gc-2', orca())).ok).toBe(true)
    await db
      .collection('goods')
      .doc(orca())
      .update({ data: { grabTiming: 'on_live' } })
  })

  test("a goods that is not on this room's shelf gets NOT_ON_SHELF", async () => {
    expectError(await create('o_m1907', 'ns-1', 'g-not-ours'), 'NOT_ON_SHELF')
  })

  test('an unknown room gets ROOM_NOT_FOUND', async () => {
    expectError(await create('o_m1907', 'rn-1', orca(), 1, 999_999), 'ROOM_NOT_FOUND')
  })

  test('a paused room gets PAUSED, whatever the schedule says (rule 3)', async () => {
    await setLiveStatus(world, 105)
    expectError(await create('o_m1908', 'nl-1', orca()), 'PAUSED')
    await setLiveStatus(world, 101)
    expect((await create('o_m1908', 'nl-2', orca())).ok).toBe(true)
  })
})
