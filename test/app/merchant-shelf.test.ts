/** 直播间导入商品 and the live monitor's shelf actions over the local cloud and the WeChat simulator. */
import { addGoods } from '../../cloudfunctions/_shared/app/merchant/goods'
import {
  importGoods,
  pushGoods,
  removeFromRoom,
  setGrabOpen,
  setOnSale,
} from '../../cloudfunctions/_shared/app/merchant/shelf'
import { shelfKey } from '../../cloudfunctions/_shared/domain/stock'
import type { GoodsRecord, RoomRecord } from '../../cloudfunctions/_shared/model'
import {
  ACTOR,
  approvedGoods,
  auditRows,
  expectRefusedLocally,
  goodsInput,
  newRoom,
  setLiveStatus,
  simState,
  startHarness,
  wechatCalls,
  type Harness,
} from './merchant-harness'

let h: Harness
let room: RoomRecord
let lego: GoodsRecord
let orca: GoodsRecord
let otherStore: GoodsRecord
let underAudit: GoodsRecord

beforeAll(async () => {
  h = await startHarness()
  room = await newRoom(h)
  lego = await approvedGoods(h, { quota: 100, perOrderLimit: 1, grabTiming: 'manual' })
  orca = await approvedGoods(h, { quota: 7 })
  otherStore = await approvedGoods(h, { storeId: 'S002' })
  underAudit = await addGoods(h.deps, ACTOR, goodsInput())
}, 30_000)
afterAll(() => h.cloud.close())

const simShelf = async (roomId = room.roomId) =>
  (await simState(h)).rooms.find((r) => r.roomid === roomId)?.shelf ?? []
const shelfRow = (goodsId: string, roomId = room.roomId) => h.deps.repos.shelf.get(roomId, goodsId)

describe('importGoods refuses before WeChat is called, writing nothing', () => {
  test('a goods of another outbound store → STORE_MISMATCH', async () => {
    const e = await expectRefusedLocally(h, 'STORE_MISMATCH', () =>
      importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: [lego._id, otherStore._id] }),
    )
    expect(e.details).toMatchObject({ goodsIds: [otherStore._id], roomStoreId: 'S001' })
    expect(await shelfRow(lego._id)).toBeNull()
  })

  test('a goods not approved by WeChat → GOODS_NOT_APPROVED', async () => {
    const e = await expectRefusedLocally(h, 'GOODS_NOT_APPROVED', () =>
      importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: [underAudit._id] }),
    )
    expect(e.details).toMatchObject({ goodsIds: [underAudit._id] })
  })

  test('an unknown goods, an unknown room, an empty list', async () => {
    await expectRefusedLocally(h, 'NOT_FOUND', () =>
      importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: ['gnope'] }),
    )
    await expectRefusedLocally(h, 'ROOM_NOT_FOUND', () =>
      importGoods(h.deps, ACTOR, { roomId: 424242, goodsIds: [lego._id] }),
    )
    await expectRefusedLocally(h, 'INVALID_INPUT', () =>
      importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: [] }),
    )
  })
})

test("approved goods of the room's store land on WeChat's shelf and ours with their quota", async () => {
  const res = await importGoods(h.deps, 'op3', { roomId: room.roomId, goodsIds: [lego._id, orca._id] })
  expect(res).toEqual({ added: [lego._id, orca._id], alreadyOnShelf: [] })
  expect((await simShelf()).map((s) => s.goodsId).sort()).toEqual([lego.wxGoodsId, orca.wxGoodsId].sort())
  expect(await shelfRow(orca._id)).toMatchObject({
    _id: shelfKey(room.roomId, orca._id),
    wxGoodsId: orca.wxGoodsId,
    storeId: 'S001',
    quota: 7,
    sold: 0,
    reserved: 0,
    remaining: 7,
    inRoom: true,
    onSale: true,
    grabOpen: false,
    holds: {},
  })
  expect(await auditRows(h, 'shelf.import')).toEqual([
    expect.objectContaining({
      actor: 'op3',
      target: String(room.roomId),
      detail: { goodsIds: [lego._id, orca._id], duringLive: false },
    }),
  ])

  // importing again changes nothing and asks WeChat nothing
  const calls = await wechatCalls(h)
  expect(await importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: [lego._id] })).toEqual({
    added: [],
    alreadyOnShelf: [lego._id],
  })
  expect(await wechatCalls(h)).toBe(calls)
})

test('允许抢购 / 不可抢购 is ours alone: no WeChat call, audit-logged once per change', async () => {
  const calls = await wechatCalls(h)
  expect(
    await setGrabOpen(h.deps, 'assistant1', { roomId: room.roomId, goodsId: lego._id, open: true }),
  ).toMatchObject({ grabOpen: true })
  await setGrabOpen(h.deps, 'assistant1', { roomId: room.roomId, goodsId: lego._id, open: true })
  expect(await shelfRow(lego._id)).toMatchObject({ grabOpen: true })
  expect(await wechatCalls(h)).toBe(calls)
  expect(await auditRows(h, 'shelf.grab')).toEqual([
    expect.objectContaining({ actor: 'assistant1', detail: { goodsId: lego._id, open: true } }),
  ])
  await expectRefusedLocally(h, 'NOT_ON_SHELF', () =>
    setGrabOpen(h.deps, ACTOR, { roomId: room.roomId, goodsId: otherStore._id, open: true }),
  )
})

test('下架 / 上架 goes to WeChat and ours', async () => {
  await setOnSale(h.deps, ACTOR, { roomId: room.roomId, goodsId: orca._id, onSale: false })
  expect((await simShelf()).find((s) => s.goodsId === orca.wxGoodsId)?.onSale).toBe(0)
  expect(await shelfRow(orca._id)).toMatchObject({ onSale: false })
  await setOnSale(h.deps, ACTOR, { roomId: room.roomId, goodsId: orca._id, onSale: true })
  expect((await simShelf()).find((s) => s.goodsId === orca.wxGoodsId)?.onSale).toBe(1)
  expect(await auditRows(h, 'shelf.onSale')).toHaveLength(2)
})

test("during the broadcast: 上新链接 imports a new goods, 推送 shows it on viewers' screens", async () => {
  await setLiveStatus(h, room.roomId, 101)
  const fresh = await approvedGoods(h, { name: '直播中上新商品' })
  expect((await importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: [fresh._id] })).added).toEqual([
    fresh._id,
  ])
  expect((await auditRows(h, 'shelf.import')).at(-1)?.detail).toMatchObject({ duringLive: true })
  await pushGoods(h.deps, ACTOR, { roomId: room.roomId, goodsId: fresh._id })
  expect((await simState(h)).rooms.find((r) => r.roomid === room.roomId)?.pushing).toMatchObject({
    goodsId: fresh.wxGoodsId,
  })
  expect(await auditRows(h, 'shelf.push')).toHaveLength(1)
})

test("removing takes it off WeChat's shelf and marks ours out of the room (counters kept); importing brings it back", async () => {
  await h.deps.repos.shelf.update(shelfKey(room.roomId, orca._id), { reserved: 2, remaining: 5 }) // two unpaid orders hold quota
  h.cloud.clock.advance(60_000) // the push above blocks deleteInRoom on WeChat for a few seconds (300047)
  await removeFromRoom(h.deps, ACTOR, { roomId: room.roomId, goodsId: orca._id })
  expect((await simShelf()).some((s) => s.goodsId === orca.wxGoodsId)).toBe(false)
  expect(await shelfRow(orca._id)).toMatchObject({ inRoom: false, reserved: 2, remaining: 5 })
  await expectRefusedLocally(h, 'NOT_ON_SHELF', () =>
    removeFromRoom(h.deps, ACTOR, { roomId: room.roomId, goodsId: orca._id }),
  )

  await importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: [orca._id] })
  expect(await shelfRow(orca._id)).toMatchObject({ inRoom: true, reserved: 2, remaining: 5, quota: 7 })
  expect((await simShelf()).some((s) => s.goodsId === orca.wxGoodsId)).toBe(true)
})

test('an ended room takes no more goods: refused before WeChat is called (WeChat would say 300023)', async () => {
  await setLiveStatus(h, room.roomId, 103)
  const more = await approvedGoods(h)
  await expectRefusedLocally(h, 'CONFLICT', () =>
    importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: [more._id] }),
  )
  await expectRefusedLocally(h, 'CONFLICT', () =>
    pushGoods(h.deps, ACTOR, { roomId: room.roomId, goodsId: lego._id }),
  )
})
