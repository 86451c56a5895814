/**
 * The WeChat live API client against the simulator over HTTP, with the real token cache over the
 * emulated CloudBase database: every endpoint, token sharing and refresh, and the retry policy.
 */
import { createTokenCache } from '../../cloudfunctions/_shared/adapters/db/token-cache'
import { createLocalDatabase, type LocalDatabase } from '../../cloudfunctions/_shared/adapters/local/database'
import { createWechatLiveApi } from '../../cloudfunctions/_shared/adapters/wechat/client'
import { BizError } from '../../cloudfunctions/_shared/domain/errors'
import type { NewRoom, TokenCache, WechatLiveApi } from '../../cloudfunctions/_shared/ports'
import {
  manualClock,
  pngOf,
  startWechatSimServer,
  type SimServer,
} from '../../scripts/local-cloud/sim/wechat/testing'

const APPID = 'wxclient000000001'
const SECRET = 'client-secret'
const T0 = Date.parse('2025-06-01T10:00:00+08:00')
const B = '/wxaapi/broadcast'
const TOKEN = '/cgi-bin/stable_token'
const LIVEINFO = '/wxa/business/getliveinfo'

type Json = Record<string, any>

const clock = manualClock(T0)
let srv: SimServer
let db: LocalDatabase
let cache: TokenCache
let sleeps: number[]

function client(over: { timeoutMs?: number } = {}): WechatLiveApi {
  return createWechatLiveApi({
    baseUrl: srv.base,
    appid: APPID,
    secret: SECRET,
    tokenCache: cache,
    clock,
    sleep: async (ms) => void sleeps.push(ms),
    log: () => undefined,
    ...over,
  })
}

async function control(path: string, body?: unknown, method = 'POST'): Promise<Json> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } }
  if (body !== undefined) init.body = JSON.stringify(body)
  const res = await fetch(srv.base + path, init)
  return (await res.json()) as Json
}

const calls = async (): Promise<Record<string, number>> =>
  (await control('/state', undefined, 'GET'))['calls']

async function rejection(p: Promise<unknown>): Promise<BizError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(BizError)
  return e as BizError
}

const nowSec = (): number => Math.floor(clock.now() / 1000)

async function roomInput(api: WechatLiveApi, over: Partial<NewRoom> = {}): Promise<NewRoom> {
  const { mediaId } = await api.uploadImage({
    filename: 'cover.png',
    contentType: 'image/png',
    data: pngOf(200, 200),
  })
  const start = (nowSec() + 3600) * 1000
  return {
    name: '天河总店周末直播',
    coverMediaId: mediaId,
    startAt: start,
    endAt: start + 3 * 3600_000,
    anchorName: '小王主播',
    anchorWechat: 'anchor_wang',
    shareMediaId: mediaId,
    feedsMediaId: mediaId,
    kind: 'push',
    likeClosed: false,
    goodsClosed: false,
    commentClosed: false,
    replayClosed: false,
    ...over,
  }
}

beforeAll(async () => {
  srv = await startWechatSimServer({ clock, appid: APPID, secret: SECRET })
})
afterAll(async () => {
  await srv.close()
})
beforeEach(async () => {
  clock.set(T0)
  sleeps = []
  await control('/reset')
  db?.close()
  db = createLocalDatabase({ now: () => clock.now() })
  cache = createTokenCache(db)
})
afterAll(() => db?.close())

describe('every endpoint round-trips', () => {
  it('rooms: create, edit, push url, share code, list, replay, delete', async () => {
    const api = client()
    const input = await roomInput(api)
    const { roomId } = await api.createRoom(input)
    expect(roomId).toBe(1)
    await api.editRoom(roomId, { ...input, name: '天河总店周末特卖' })
    expect((await api.getPushUrl(roomId)).pushAddr).toMatch(/^rtmp:\/\//)
    const share = await api.getSharedCode(roomId, 'from=test')
    expect(share.pagePath).toContain(`room_id=${roomId}`)
    const list = await api.listRooms(0, 100)
    expect(list).toMatchObject({
      total: 1,
      rooms: [{ roomId, name: '天河总店周末特卖', liveStatus: 102, kind: 'push', startAt: input.startAt }],
    })
    await control(`/rooms/${roomId}/status`, { live_status: 101 })
    await control(`/rooms/${roomId}/status`, { live_status: 103 })
    clock.advance(600_000)
    const replay = await api.getReplay(roomId, 0, 10)
    expect(replay.total).toBe(1)
    expect(replay.replays[0]?.mediaUrl).toEqual(expect.any(String))
    expect(await api.deleteRoom(roomId)).toBe('deleted')
    expect(await api.listRooms(0, 10)).toEqual({ total: 0, rooms: [] })
    // already gone on WeChat (300022) is an outcome, not a failure
    expect(await api.deleteRoom(roomId)).toBe('gone')
  })

  it('goods: add, audit lifecycle, warehouse in chunks of 20, approved list, update, delete', async () => {
    const api = client()
    const { mediaId } = await api.uploadImage({
      filename: 'g.png',
      contentType: 'image/png',
      data: pngOf(300, 300),
    })
    const info = {
      coverMediaId: mediaId,
      name: '英国CollectA虎鲸',
      priceType: 1 as const,
      priceFen: 1,
      url: 'pages/goods/index?id=g1',
    }
    const added = await Promise.all(Array.from({ length: 21 }, () => api.addGoods(info)))
    const first = added[0]!
    expect(first.auditId).toBeGreaterThan(2 ** 31)
    await api.resetAudit(first.goodsId, first.auditId)
    const { auditId } = await api.resubmitAudit(first.goodsId)
    expect(auditId).not.toBe(first.auditId)
    await control(`/goods/${first.goodsId}/audit`, { audit_status: 2 })
    const before = (await calls())['/wxa/business/getgoodswarehouse'] ?? 0
    const warehouse = await api.getGoodsWarehouse(added.map((g) => g.goodsId))
    expect(warehouse).toHaveLength(21)
    expect((await calls())['/wxa/business/getgoodswarehouse']).toBe(before + 2)
    expect(warehouse[0]).toMatchObject({ goodsId: first.goodsId, auditStatus: 2 })
    const approved = await api.getApprovedGoods(0, 500, 2)
    expect(approved).toMatchObject({ total: 1, goods: [{ goodsId: first.goodsId }] })
    // fen in, yuan on the wire (what goods/update takes)
    await api.updateGoods(first.goodsId, { priceFen: 2 })
    const simGoods = (await control('/state', undefined, 'GET'))['goods'] as Array<{
      goods_id: number
      price_yuan: number
    }>
    expect(simGoods.find((g) => g.goods_id === first.goodsId)?.price_yuan).toBe(0.02)
    await api.deleteGoods(first.goodsId)
    expect(await api.getGoodsWarehouse([first.goodsId])).toEqual([])
  })

  it('room shelf: import, on/off sale, push, remove', async () => {
    const api = client()
    const { roomId } = await api.createRoom(await roomInput(api))
    const { mediaId } = await api.uploadImage({
      filename: 'g.png',
      contentType: 'image/png',
      data: pngOf(100, 100),
    })
    const { goodsId } = await api.addGoods({
      coverMediaId: mediaId,
      name: '乐高雷霆之翼',
      priceType: 1,
      priceFen: 1990,
      url: 'pages/g',
    })
    await control(`/goods/${goodsId}/audit`, { audit_status: 2 })
    await api.addGoodsToRoom(roomId, [goodsId])
    expect((await api.listRooms(0, 10)).rooms[0]?.goods).toEqual([
      expect.objectContaining({ goodsId, priceFen: 1990, name: '乐高雷霆之翼' }),
    ])
    await control(`/rooms/${roomId}/status`, { live_status: 101 })
    await api.setGoodsOnSale(roomId, goodsId, false)
    await api.setGoodsOnSale(roomId, goodsId, true)
    await api.pushGoods(roomId, goodsId)
    clock.advance(10_000)
    await api.deleteGoodsInRoom(roomId, goodsId)
    expect((await api.listRooms(0, 10)).rooms[0]?.goods).toEqual([])
  })
})

describe('access token', () => {
  it('is fetched once and shared by two client instances through the same TokenCache', async () => {
    await client().listRooms(0, 10)
    await client().listRooms(0, 10)
    expect(await calls()).toMatchObject({ [TOKEN]: 1, [LIVEINFO]: 2 })
    expect(await cache.read(`wechat:${APPID}`)).toMatchObject({ expiresAt: T0 + 7200_000 })
  })

  it('is refreshed when less than 5 minutes remain', async () => {
    const api = client()
    await api.listRooms(0, 10)
    clock.advance((7200 - 301) * 1000)
    await api.listRooms(0, 10)
    expect((await calls())[TOKEN]).toBe(1)
    clock.advance(2000)
    await api.listRooms(0, 10)
    expect((await calls())[TOKEN]).toBe(2)
  })

  it('on an injected 40001 is refreshed once (force) and the call retried once', async () => {
    const api = client()
    await api.listRooms(0, 10)
    const old = await cache.read(`wechat:${APPID}`)
    await control('/faults', { path: LIVEINFO, errcode: 40001, count: 1 })
    await expect(api.listRooms(0, 10)).resolves.toEqual({ total: 0, rooms: [] })
    expect(await calls()).toMatchObject({ [TOKEN]: 2, [LIVEINFO]: 3 })
    expect((await cache.read(`wechat:${APPID}`))?.token).not.toBe(old?.token)
  })

  it('gives up after one refresh when the token keeps being refused', async () => {
    await control('/faults', { path: LIVEINFO, errcode: 42001, count: 5 })
    const e = await rejection(client().listRooms(0, 10))
    expect(e.code).toBe('WECHAT_ERROR')
    expect(e.details).toMatchObject({ errcode: 42001 })
    expect((await calls())[LIVEINFO]).toBe(2)
  })

  it('writes through the cache only when fresher', async () => {
    await cache.write('k', 'new', 2000)
    await cache.write('k', 'old', 1000)
    expect(await cache.read('k')).toEqual({ token: 'new', expiresAt: 2000 })
    await cache.write('k', 'newer', 3000)
    expect(await cache.read('k')).toEqual({ token: 'newer', expiresAt: 3000 })
    expect(await cache.read('missing')).toBeNull()
  })
})

describe('retry policy', () => {
  it('backs off on 45011 and succeeds when the fault runs out first', async () => {
    await control('/faults', { path: LIVEINFO, errcode: 45011, count: 2 })
    await expect(client().listRooms(0, 10)).resolves.toEqual({ total: 0, rooms: [] })
    expect(sleeps).toEqual([200, 400])
    expect((await calls())[LIVEINFO]).toBe(3)
  })

  it('throws WECHAT_RATE_LIMITED after 200/400/800 ms of 45011', async () => {
    await control('/faults', { path: LIVEINFO, errcode: 45011, count: 10 })
    const e = await rejection(client().listRooms(0, 10))
    expect(e.code).toBe('WECHAT_RATE_LIMITED')
    expect(sleeps).toEqual([200, 400, 800])
    expect((await calls())[LIVEINFO]).toBe(4)
  })

  it('surfaces 45009 as WECHAT_QUOTA_EXCEEDED without retrying', async () => {
    await control('/faults', { path: LIVEINFO, errcode: 45009, count: 1 })
    const e = await rejection(client().listRooms(0, 10))
    expect(e.code).toBe('WECHAT_QUOTA_EXCEEDED')
    expect(sleeps).toEqual([])
    expect((await calls())[LIVEINFO]).toBe(1)
  })

  it('retries a safe read on -1', async () => {
    await control('/faults', { path: LIVEINFO, errcode: -1, count: 1 })
    await expect(client().listRooms(0, 10)).resolves.toEqual({ total: 0, rooms: [] })
    expect(sleeps).toEqual([200])
  })

  it('never retries a create answered -1, even though WeChat may have created the room', async () => {
    const api = client()
    const input = await roomInput(api)
    await control('/faults', { path: `${B}/room/create`, errcode: -1, count: 3, apply: true })
    const e = await rejection(api.createRoom(input))
    expect(e.code).toBe('WECHAT_UNAVAILABLE')
    expect(e.details).toMatchObject({ errcode: -1 })
    expect(sleeps).toEqual([])
    expect((await calls())[`${B}/room/create`]).toBe(1)
    expect((await api.listRooms(0, 10)).total).toBe(1)
  })

  it('carries the anchor verification QR code of 300036', async () => {
    await control('/config', { unverifiedAnchors: ['anchor_wang'] })
    const api = client()
    const e = await rejection(api.createRoom(await roomInput(api)))
    expect(e.code).toBe('WECHAT_ERROR')
    expect(e.message).toBe('主播微信号未实名认证，请主播扫描二维码完成实名认证')
    expect(e.details).toMatchObject({ errcode: 300036, qrcodeUrl: expect.stringMatching(/^https:\/\//) })
  })

  it('maps WeChat errors to Chinese messages', async () => {
    const e = await rejection(client().getPushUrl(999))
    expect(e).toMatchObject({ code: 'WECHAT_ERROR', message: '直播间不存在', details: { errcode: 300022 } })
  })

  it('turns a hang beyond timeoutMs into WECHAT_UNAVAILABLE, without retrying', async () => {
    const api = client({ timeoutMs: 200 })
    await api.listRooms(0, 10)
    await control('/faults', { path: LIVEINFO, hangMs: 5000, count: 1 })
    const started = Date.now()
    const e = await rejection(api.listRooms(0, 10))
    expect(e.code).toBe('WECHAT_UNAVAILABLE')
    expect(Date.now() - started).toBeLessThan(2000)
    expect((await calls())[LIVEINFO]).toBe(2)
    await control('/faults', undefined, 'DELETE')
  })

  it('reports an unreachable WeChat as WECHAT_UNAVAILABLE', async () => {
    const api = createWechatLiveApi({
      baseUrl: 'http://127.0.0.1:1',
      appid: APPID,
      secret: SECRET,
      tokenCache: cache,
      clock,
      log: () => undefined,
    })
    expect((await rejection(api.listRooms(0, 10))).code).toBe('WECHAT_UNAVAILABLE')
  })

  it('reports a wrong secret in Chinese', async () => {
    const api = createWechatLiveApi({
      baseUrl: srv.base,
      appid: APPID,
      secret: 'wrong',
      tokenCache: cache,
      clock,
      log: () => undefined,
    })
    const e = await rejection(api.listRooms(0, 10))
    expect(e).toMatchObject({ code: 'WECHAT_ERROR', details: { errcode: 40125 } })
    expect(e.message).toContain('AppSecret')
  })
})
