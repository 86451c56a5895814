/** 直播间管理 over the local cloud and the WeChat simulator: create (rules, daily limit, WeChat refusals), sync, delete, share code, push URL. */
import {
  createRoom,
  deleteRoom,
  pushUrl,
  shareCode,
  syncRoom,
} from '../../cloudfunctions/_shared/app/merchant/rooms'
import { shanghaiDay } from '../../cloudfunctions/_shared/domain/room-rules'
import type { RoomRecord } from '../../cloudfunctions/_shared/model'
import {
  ACTOR,
  MINUTE,
  auditRows,
  control,
  expectBizError,
  expectRefusedLocally,
  newRoom,
  roomInput,
  rows,
  setLiveStatus,
  simState,
  startHarness,
  type Harness,
} from './merchant-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
}, 30_000)
afterAll(() => h.cloud.close())

const simRoom = async (roomId: number) => (await simState(h)).rooms.find((r) => r.roomid === roomId)
const slotsToday = () => h.deps.repos.rooms.dailySlotsTaken(shanghaiDay(h.cloud.clock.now()))

test('a room is created on WeChat and stored with its store, anchor account and origin api', async () => {
  const input = roomInput(h, { title: '越秀店新品直播', storeId: 'S002', type: 'push' })
  const room = await createRoom(h.deps, ACTOR, input)
  expect(await simRoom(room.roomId)).toMatchObject({
    name: '越秀店新品直播',
    live_type: 1,
    live_status: 102,
    anchor_name: '小晋',
    anchor_wechat: 'xiaojin_anchor',
    start_time: Math.floor(input.startAt / 1000),
    end_time: Math.floor(input.endAt / 1000),
  })
  const stored = await h.deps.repos.rooms.get(room.roomId)
  expect(stored).toMatchObject({
    roomId: room.roomId,
    storeId: 'S002',
    type: 1,
    name: '越秀店新品直播',
    origin: 'api',
    anchorWechat: 'xiaojin_anchor',
    liveStatus: 102,
  })
  expect(stored?.fingerprint).not.toBe('')
  expect(stored?.coverUrl).toMatch(/^https?:\/\//)
  expect((await auditRows(h, 'room.create')).map((r) => [r.actor, r.target])).toEqual([
    [ACTOR, String(room.roomId)],
  ])
})

describe('WeChat rules are checked before WeChat is called', () => {
  test.each([
    ['a title of 2 Chinese characters', () => ({ title: '直播' }), 'ROOM_TITLE_LENGTH'],
    [
      'a title of 18 Chinese characters',
      () => ({ title: '一二三四五六七八九十一二三四五六七八' }),
      'ROOM_TITLE_LENGTH',
    ],
    ['an anchor name of 1 Chinese character', () => ({ anchorName: '晋' }), 'ANCHOR_NAME_LENGTH'],
    [
      'a start 9 minutes from now',
      () => ({ startAt: h.cloud.clock.now() + 9 * MINUTE, endAt: h.cloud.clock.now() + 99 * MINUTE }),
      'ROOM_START_TOO_SOON',
    ],
    [
      'a broadcast of 29 minutes',
      () => ({ startAt: h.cloud.clock.now() + 60 * MINUTE, endAt: h.cloud.clock.now() + 89 * MINUTE }),
      'ROOM_DURATION',
    ],
    [
      'a start 7 months away',
      () => ({
        startAt: h.cloud.clock.now() + 213 * 24 * 60 * MINUTE,
        endAt: h.cloud.clock.now() + 213 * 24 * 60 * MINUTE + 60 * MINUTE,
      }),
      'ROOM_START_TOO_LATE',
    ],
    ['an unknown store', () => ({ storeId: 'S404' }), 'STORE_NOT_FOUND'],
    [
      'a share cover over 2 MB',
      () => ({ shareImage: { data: Buffer.alloc(2 * 1024 * 1024 + 1, 1) } }),
      'INVALID_INPUT',
    ],
    ['an unknown room type', () => ({ type: 'tv' as 'push' }), 'INVALID_INPUT'],
  ])('%s is refused, writing nothing', async (_name, over, code) => {
    const before = (await rows(h, 'rooms')).length
    await expectRefusedLocally(h, code, () => createRoom(h.deps, ACTOR, roomInput(h, over())))
    expect(await rows(h, 'rooms')).toHaveLength(before)
  })
})

test("WeChat's refusal surfaces as its BizError (300036 with the QR code) and gives the day's slot back", async () => {
  await control(h, '/config', { unverifiedAnchors: ['not_verified_yet'] })
  const slots = await slotsToday()
  const roomsBefore = (await rows(h, 'rooms')).length
  const e = await expectBizError('WECHAT_ERROR', () => newRoom(h, { anchorWechat: 'not_verified_yet' }))
  expect(e.details).toMatchObject({ errcode: 300036, qrcodeUrl: expect.stringMatching(/^https:\/\//) })
  expect(e.message).toContain('实名认证')
  expect(await slotsToday()).toBe(slots)
  expect(await rows(h, 'rooms')).toHaveLength(roomsBefore)
  expect(await auditRows(h, 'room.create')).toHaveLength(roomsBefore)
})

test('50 rooms a day, then ROOM_DAILY_LIMIT before WeChat is called; the next day counts anew', async () => {
  h.cloud.clock.advance(2 * 24 * 60 * MINUTE) // a day of its own
  for (let i = 0; i < 50; i++) await newRoom(h, { title: `每日上限测试第${i}场` })
  expect(await slotsToday()).toBe(50)
  const e = await expectRefusedLocally(h, 'ROOM_DAILY_LIMIT', () => newRoom(h))
  expect(e.message).toContain('50')
  h.cloud.clock.advance(24 * 60 * MINUTE)
  await expect(newRoom(h)).resolves.toMatchObject({ storeId: 'S001' })
}, 30_000)

describe('syncRoom', () => {
  let room: RoomRecord
  beforeAll(async () => {
    room = await newRoom(h, { title: '同步测试直播间' })
  })

  test("a room edited on WeChat's platform comes back, keeping its store", async () => {
    await control(h, `/rooms/${room.roomId}/edit`, { name: '平台上改过的标题', anchor_name: '小业' })
    const res = await syncRoom(h.deps, ACTOR, { roomId: room.roomId })
    expect(res.changed).toBe(true)
    expect(await h.deps.repos.rooms.get(room.roomId)).toMatchObject({
      name: '平台上改过的标题',
      anchorName: '小业',
      storeId: 'S001',
      origin: 'api',
      anchorWechat: 'xiaojin_anchor',
    })
    expect((await syncRoom(h.deps, ACTOR, { roomId: room.roomId })).changed).toBe(false)
    expect((await auditRows(h, 'room.sync')).filter((r) => r.target === String(room.roomId))).toHaveLength(1)
  })

  test("a room deleted on WeChat's platform is marked deleted", async () => {
    await control(h, `/rooms/${room.roomId}/delete-console`)
    const res = await syncRoom(h.deps, ACTOR, { roomId: room.roomId })
    expect(res.room.deletedAt).toBeDefined()
    expect((await h.deps.repos.rooms.get(room.roomId))?.deletedAt).toBe(res.room.deletedAt)
  })
})

describe('deleteRoom', () => {
  test('deletes on WeChat, then marks ours deleted', async () => {
    const room = await newRoom(h)
    await deleteRoom(h.deps, 'op9', { roomId: room.roomId })
    expect(await simRoom(room.roomId)).toBeUndefined()
    expect((await h.deps.repos.rooms.get(room.roomId))?.deletedAt).toBeDefined()
    expect((await auditRows(h, 'room.delete')).map((r) => [r.actor, r.target])).toEqual([
      ['op9', String(room.roomId)],
    ])
    await expectRefusedLocally(h, 'ROOM_NOT_FOUND', () => deleteRoom(h.deps, ACTOR, { roomId: room.roomId }))
  })

  test('a room on air cannot be deleted: refused before WeChat is called', async () => {
    const room = await newRoom(h)
    await setLiveStatus(h, room.roomId, 101)
    await expectRefusedLocally(h, 'CONFLICT', () => deleteRoom(h.deps, ACTOR, { roomId: room.roomId }))
    expect(await simRoom(room.roomId)).toBeDefined()
  })
})

test('share code for any room; push URL only for push-device rooms', async () => {
  const phone = await newRoom(h, { type: 'phone' })
  const push = await newRoom(h, { type: 'push' })
  expect(await shareCode(h.deps, ACTOR, { roomId: phone.roomId })).toMatchObject({
    pagePath: expect.stringContaining(`room_id=${phone.roomId}`),
  })
  expect((await pushUrl(h.deps, ACTOR, { roomId: push.roomId })).pushAddr).toMatch(
    new RegExp(`^rtmp://.*-${push.roomId}\\?`),
  )
  await expectRefusedLocally(h, 'INVALID_INPUT', () => pushUrl(h.deps, ACTOR, { roomId: phone.roomId }))
  await expectRefusedLocally(h, 'ROOM_NOT_FOUND', () => shareCode(h.deps, ACTOR, { roomId: 999_999 }))
})
