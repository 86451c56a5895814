/**
 * The `live` function over the local cloud with SPEC's demo data: the member's room list, one room with its
 * shelf, and the goods page's `item` — whose "why not" must always be the refusal order.create gives.
 */
import type {
  CannotBuyReason,
  CreateOrderResponse,
  ErrorCode,
  ItemView,
  Result,
  RoomDetail,
  RoomSummary,
  SyncReport,
} from '../../typings/api'
import { CANNOT_BUY_MESSAGES } from '../../cloudfunctions/_shared/domain/order-rules'
import { bindMember, expectError, setLiveStatus, startWorld, type World } from '../support/world'

let world: World
let requestSeq = 0

// each demo goods by product code, as SPEC's demo data describes it
const DEMO = {
  '030111001': { name: 'LEGO 乐高创意百变组 雷霆之翼', unit: '件', quota: 100 },
  '030113002': { name: '帮帮龙发声变形系列-斯东', unit: '件', quota: 1 },
  '030113001': { name: '英国CollectA虎鲸', unit: '只', quota: 100 },
} as const

/** The refusal order.create must give for each reason the goods page shows. */
const ORDER_CODE_FOR: Partial<Record<CannotBuyReason, ErrorCode>> = {
  NOT_MEMBER: 'NOT_MEMBER',
  NOT_LIVE_YET: 'NOT_LIVE',
  PAUSED: 'PAUSED',
  ENDED: 'ENDED',
  SOLD_OUT: 'SOLD_OUT',
  OVER_LIMIT: 'OVER_LIMIT',
  GRAB_CLOSED: 'GRAB_CLOSED',
}

/** A word each Chinese reason must carry, so a member can tell the reasons apart. */
const REASON_WORD: Partial<Record<CannotBuyReason, RegExp>> = {
  NOT_MEMBER: /绑定|会员卡/,
  NOT_LIVE_YET: /未开始/,
  PAUSED: /暂停/,
  ENDED: /结束/,
  SOLD_OUT: /抢完|售罄/,
  OVER_LIMIT: /限购/,
  GRAB_CLOSED: /未开放|抢购/,
}

const lego = () => world.goods['030111001']!._id
const dragon = () => world.goods['030113002']!._id
const orca = () => world.goods['030113001']!._id

const rooms = async (filter: { storeId?: string; state?: string } = {}) => {
  const res = await world.cloud.call<Result<{ rooms: RoomSummary[] }>>('live', { action: 'rooms', ...filter })
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data.rooms
}
const item = (openid: string | undefined, goodsId: string, roomId = world.room.roomId) =>
  world.cloud.call<Result<ItemView>>('live', { action: 'item', roomId, goodsId }, openid)
const create = (openid: string | undefined, goodsId: string, qty = 1) =>
  world.cloud.call<Result<CreateOrderResponse>>(
    'order',
    { action: 'create', roomId: world.room.roomId, goodsId, qty, requestId: `live-test-${++requestSeq}` },
    openid,
  )
// the timer fires every minute: a minute passes before each run
const sync = async () => {
  world.cloud.clock.advance(60_000)
  const res = await (world.cloud.timers.fire('sync') as Promise<Result<SyncReport>>)
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}

/** The page says `reason` for this caller and goods, in Chinese; order.create by the same caller refuses with the matching code. */
async function pageAndOrderAgree(
  openid: string | undefined,
  goodsId: string,
  reason: CannotBuyReason,
): Promise<void> {
  const page = await item(openid, goodsId)
  if (!page.ok) throw new Error(`live.item → ${page.error.code}`)
  expect(page.data).toMatchObject({
    canBuy: false,
    maxQty: 0,
    reasonCode: reason,
    reason: CANNOT_BUY_MESSAGES[reason],
  })
  expect(page.data.reason).toMatch(/[\u4e00-\u9fff]/)
  expect(page.data.reason).toMatch(REASON_WORD[reason]!)
  expectError(await create(openid, goodsId), ORDER_CODE_FOR[reason]!)
}

beforeAll(async () => {
  world = await startWorld()
  await bindMember(world, 'o_live_a', 1)
  await bindMember(world, 'o_live_b', 2)
  await bindMember(world, 'o_live_c', 3)
}, 120_000)
afterAll(() => world.cloud.close())

describe('rooms', () => {
  test('lists the demo room with its store name, upcoming (预告) before the anchor starts', async () => {
    const list = await rooms()
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      roomId: world.room.roomId,
      storeId: 'S001',
      storeName: '天河总店',
      name: '天河总店周末直播',
      liveStatus: 102,
      state: 'upcoming',
    })
    expect(list[0]!.endAt - list[0]!.startAt).toBe(3 * 3600_000)
  })

  test('filters by store', async () => {
    expect((await rooms({ storeId: 'S001' })).map((r) => r.roomId)).toEqual([world.room.roomId])
    expect(await rooms({ storeId: 'S002' })).toEqual([])
  })

  test('filters by state', async () => {
    expect(await rooms({ state: 'upcoming' })).toHaveLength(1)
    expect(await rooms({ state: 'live' })).toEqual([])
  })

  test('an unknown state is refused as INVALID_INPUT', async () => {
    expectError(
      await world.cloud.call<Result<unknown>>('live', { action: 'rooms', state: 'onair' }),
      'INVALID_INPUT',
    )
  })
})

describe('room', () => {
  test('returns the shelf of the 3 demo goods with their figures', async () => {
    const res = await world.cloud.call<Result<RoomDetail>>('live', {
      action: 'room',
      roomId: world.room.roomId,
    })
    if (!res.ok) throw new Error(res.error.code)
    expect(res.data).toMatchObject({ roomId: world.room.roomId, storeName: '天河总店', state: 'upcoming' })
    expect(res.data.shelf).toHaveLength(3)
    const byCode = new Map(res.data.shelf.map((s) => [s.productCode, s]))
    expect([...byCode.keys()].sort()).toEqual(Object.keys(DEMO).sort())
    for (const [code, demo] of Object.entries(DEMO)) {
      expect(byCode.get(code)).toMatchObject({
        goodsId: world.goods[code]!._id,
        productCode: code,
        name: demo.name,
        unit: demo.unit,
        livePriceFen: 1,
        quota: demo.quota,
        sold: 0,
        // what can still be bought: quota left or the store's 50 in stock, whichever is less
        remaining: Math.min(demo.quota, 50),
        perOrderLimit: 1,
        grabOpen: true,
        storeId: 'S001',
      })
    }
  })

  test('an unknown room is ROOM_NOT_FOUND', async () => {
    expectError(
      await world.cloud.call<Result<RoomDetail>>('live', { action: 'room', roomId: 999_999 }),
      'ROOM_NOT_FOUND',
    )
    expectError(await item('o_live_a', lego(), 999_999), 'ROOM_NOT_FOUND')
  })
})

describe('item: the goods page and order.create never disagree', () => {
  test('before the start, a guest without a bound card is told NOT_MEMBER (the one thing they can act on)', async () => {
    await pageAndOrderAgree('o_live_guest', lego(), 'NOT_MEMBER')
  })

  test('before the start, a bound member is told NOT_LIVE_YET', async () => {
    await pageAndOrderAgree('o_live_a', lego(), 'NOT_LIVE_YET')
  })

  test('once the anchor starts, a sync lists the room as live and a bound member can buy 1', async () => {
    await setLiveStatus(world, 101)
    await sync()
    expect((await rooms({ state: 'live' })).map((r) => r.roomId)).toEqual([world.room.roomId])
    expect(await rooms({ state: 'upcoming' })).toEqual([])

    const page = await item('o_live_a', lego())
    expect(page).toMatchObject({
      ok: true,
      data: { canBuy: true, maxQty: 1, liveStatus: 101, goodsId: lego(), livePriceFen: 1 },
    })
    if (page.ok) expect(page.data.reasonCode).toBeUndefined()
    // a guest is still not a member while live
    await pageAndOrderAgree('o_live_guest', lego(), 'NOT_MEMBER')
  })

  test('after the member ordered it, the page says OVER_LIMIT', async () => {
    const order = await create('o_live_a', lego())
    expect(order).toMatchObject({ ok: true, data: { status: 'pending', amountFen: 1 } })
    await pageAndOrderAgree('o_live_a', lego(), 'OVER_LIMIT')
  })

  test('a goods whose room quota is taken is SOLD_OUT for everyone else', async () => {
    expect(await item('o_live_c', dragon())).toMatchObject({
      ok: true,
      data: { canBuy: true, maxQty: 1, quota: 1, remaining: 1 },
    })
    expect((await create('o_live_b', dragon())).ok).toBe(true)
    await pageAndOrderAgree('o_live_c', dragon(), 'SOLD_OUT')
    const page = await item('o_live_c', dragon())
    expect(page).toMatchObject({ ok: true, data: { remaining: 0 } })
  })

  test('a manual goods not switched on is GRAB_CLOSED', async () => {
    const goods = world.cloud.db.collection('goods').doc(orca())
    await goods.update({ data: { grabTiming: 'manual' } })
    try {
      await pageAndOrderAgree('o_live_c', orca(), 'GRAB_CLOSED')
      expect(await item('o_live_c', orca())).toMatchObject({
        ok: true,
        data: { grabTiming: 'manual', grabOpen: false },
      })
    } finally {
      await goods.update({ data: { grabTiming: 'on_live' } })
    }
    expect(await item('o_live_c', orca())).toMatchObject({ ok: true, data: { canBuy: true, grabOpen: true } })
  })

  test('a paused broadcast is PAUSED', async () => {
    await setLiveStatus(world, 105)
    await pageAndOrderAgree('o_live_c', orca(), 'PAUSED')
  })

  test('an ended broadcast is ENDED', async () => {
    await setLiveStatus(world, 103)
    await pageAndOrderAgree('o_live_c', orca(), 'ENDED')
    // nothing was taken by the refusals: only the two orders that went through exist
    expect((await world.cloud.db.collection('orders').where({ status: 'pending' }).count()).total).toBe(2)
  })
})
