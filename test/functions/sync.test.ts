/** The sync function and on-demand freshness against the WeChat simulator, counting calls and writes. */
import type { ItemView, Result, RoomDetail, SyncReport } from '../../typings/api'
import { seedWechatRooms } from '../../scripts/bench/wechat-seed'
import { bindMember, get, post, startWorld, type World } from '../support/world'

const GETLIVEINFO = '/wxa/business/getliveinfo'

let world: World
const roomIds: number[] = []

const calls = async (path = GETLIVEINFO) =>
  (await get<{ calls: Record<string, number> }>(world.cloud, '/sim/wechat/state')).calls[path] ?? 0
/** A run takes and gives back two leases (one run at a time; one WeChat read at a time): four writes. */
const LEASE_WRITES = 4

// the timer fires every minute: a minute passes before each run
const sync = async () => {
  world.cloud.clock.advance(60_000)
  const res = await (world.cloud.timers.fire('sync') as Promise<Result<SyncReport>>)
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
  return res.data
}

beforeAll(async () => {
  world = await startWorld()
  // the demo room is one; 49 more make 50
  roomIds.push(...(await seedWechatRooms(world.cloud, { rooms: 49, goods: 20 })))
  await sync()
}, 180_000)
afterAll(() => world.cloud.close())

test('rooms created on WeChat come back with their WeChat ids and shelves', async () => {
  const stored = await world.cloud.db.collection('rooms').count()
  expect(stored.total).toBe(50)
  const one = (await world.cloud.db.collection('rooms').doc(String(roomIds[0])).get()).data
  expect(one).toMatchObject({ roomId: roomIds[0], liveStatus: 102 })
  expect((one.wxGoodsIds as number[]).length).toBe(20)
})

test('a sync with nothing changed makes one getliveinfo call and writes only its leases and freshness mark', async () => {
  const before = await calls()
  world.cloud.db.resetCounters()
  const report = await sync()
  expect((await calls()) - before).toBe(1)
  expect(world.cloud.db.counters().writeOps).toBe(LEASE_WRITES + 1)
  expect(report.rooms).toMatchObject({ seen: 50, unchanged: 50, updated: 0, created: 0 })
})

test("after 5 rooms changed on WeChat's console, the sync writes only those 5", async () => {
  const changed = roomIds.slice(0, 5)
  for (const id of changed)
    await post(world.cloud, `/sim/wechat/rooms/${id}/edit`, { name: `改过的直播间${id}号` })
  world.cloud.db.resetCounters()
  const report = await sync()
  expect(report.rooms.updated).toBe(5)
  // the five rooms, and the freshness mark
  expect(world.cloud.db.counters().writeOps).toBe(LEASE_WRITES + 5 + 1)
  for (const id of changed)
    expect((await world.cloud.db.collection('rooms').doc(String(id)).get()).data.name).toBe(
      `改过的直播间${id}号`,
    )
})

test('a sync that fails reading WeChat writes nothing, and the next run catches up', async () => {
  await post(world.cloud, `/sim/wechat/rooms/${roomIds[10]}/edit`, { name: '失败后才同步的直播间' })
  await post(world.cloud, '/sim/wechat/faults', { path: GETLIVEINFO, errcode: 45009, count: 1 })
  world.cloud.db.resetCounters()
  world.cloud.clock.advance(60_000)
  const failed = await (world.cloud.timers.fire('sync') as Promise<Result<SyncReport>>)
  expect(failed).toMatchObject({ ok: false, error: { code: 'WECHAT_QUOTA_EXCEEDED' } })
  // nothing but its leases, taken and given back
  expect(world.cloud.db.counters().writeOps).toBe(LEASE_WRITES)
  expect((await world.cloud.db.collection('rooms').doc(String(roomIds[10])).get()).data.name).not.toBe(
    '失败后才同步的直播间',
  )
  await sync()
  expect((await world.cloud.db.collection('rooms').doc(String(roomIds[10])).get()).data.name).toBe(
    '失败后才同步的直播间',
  )
})

test('starting a room on WeChat makes it live for members after a sync', async () => {
  await post(world.cloud, `/sim/wechat/rooms/${world.room.roomId}/status`, { live_status: 101 })
  await sync()
  const room = await world.cloud.call<Result<RoomDetail>>('live', {
    action: 'room',
    roomId: world.room.roomId,
  })
  expect(room).toMatchObject({ ok: true, data: { state: 'live', liveStatus: 101, storeName: '天河总店' } })
  expect(room.ok && room.data.shelf).toHaveLength(3)
})

test('200 callers asking for a room 40 s stale cause exactly one getliveinfo call', async () => {
  world.cloud.clock.advance(40_000)
  const before = await calls()
  const goodsId = world.goods['030111001']!._id
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      world.cloud.call<Result<ItemView>>(
        'live',
        { action: 'item', roomId: world.room.roomId, goodsId },
        `o_viewer_${i}`,
      ),
    ),
  )
  expect((await calls()) - before).toBe(1)
  for (const r of results)
    expect(r).toMatchObject({ ok: true, data: { liveStatus: 101, canBuy: false, reasonCode: 'NOT_MEMBER' } })
})

test('made-up room ids do not spend WeChat quota: 100 orders for them cost at most one getliveinfo call', async () => {
  await bindMember(world, 'o_prober', 501)
  world.cloud.clock.advance(10_000)
  const before = await calls()
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      world.cloud.call<Result<unknown>>(
        'order',
        { action: 'create', roomId: 900_000 + i, goodsId: 'g-none', qty: 1, requestId: `req-probe-${i}` },
        'o_prober',
      ),
    ),
  )
  expect((await calls()) - before).toBeLessThanOrEqual(1)
  for (const r of results) expect(r).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } })
})

test("a room created on WeChat's console is still discovered when a member orders from it", async () => {
  const created = await post<{ room: { roomid: number } }>(
    world.cloud,
    '/sim/wechat/rooms/console-create',
    {},
  )
  await bindMember(world, 'o_console', 500)
  world.cloud.clock.advance(10_000)
  const res = await world.cloud.call<Result<unknown>>(
    'order',
    { action: 'create', roomId: created.room.roomid, goodsId: 'g-none', qty: 1, requestId: 'req-console' },
    'o_console',
  )
  // found on WeChat and stored (so not ROOM_NOT_FOUND); it has not started, which is the next rule
  expect(res).toMatchObject({ ok: false, error: { code: 'NOT_LIVE' } })
  expect(
    (await world.cloud.db.collection('rooms').doc(String(created.room.roomid)).get()).data,
  ).toMatchObject({ origin: 'console', storeId: '' })
})
