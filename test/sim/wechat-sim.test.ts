/**
 * The WeChat live simulator over HTTP, driven with raw fetch as a client would see it:
 * validation at the boundaries, WeChat's quirks, the test controls, faults and persistence.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  manualClock,
  pngOf,
  startWechatSimServer,
  type SimServer,
} from '../../scripts/local-cloud/sim/wechat/testing'

const APPID = 'wxsim0000000001'
const SECRET = 'sim-secret'
/** 2025-06-01 10:00:00 Asia/Shanghai. */
const T0 = Date.parse('2025-06-01T10:00:00+08:00')
const B = '/wxaapi/broadcast'

type Json = Record<string, any>

const clock = manualClock(T0)
let srv: SimServer
let token: string

const nowSec = (): number => Math.floor(clock.now() / 1000)

async function raw(path: string, init: RequestInit = {}): Promise<Json> {
  const res = await fetch(srv.base + path, init)
  return (await res.json()) as Json
}

async function control(
  path: string,
  body?: unknown,
  method = 'POST',
): Promise<{ status: number; body: Json }> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } }
  if (body !== undefined) init.body = JSON.stringify(body)
  const res = await fetch(srv.base + path, init)
  return { status: res.status, body: (await res.json()) as Json }
}

function post(path: string, body: unknown, tok = token): Promise<Json> {
  return raw(`${path}?access_token=${encodeURIComponent(tok)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

function get(path: string, query: Record<string, string | number> = {}, tok = token): Promise<Json> {
  const q = new URLSearchParams({
    access_token: tok,
    ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
  })
  return raw(`${path}?${q.toString()}`)
}

async function fetchToken(force = false): Promise<Json> {
  return raw('/cgi-bin/stable_token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credential',
      appid: APPID,
      secret: SECRET,
      force_refresh: force,
    }),
  })
}

async function upload(width = 200, height = 200): Promise<string> {
  const fd = new FormData()
  fd.append('media', new Blob([new Uint8Array(pngOf(width, height))], { type: 'image/png' }), 'a.png')
  const res = await raw(`/cgi-bin/media/upload?access_token=${token}&type=image`, {
    method: 'POST',
    body: fd,
  })
  expect(res['media_id']).toEqual(expect.any(String))
  return res['media_id'] as string
}

let media: string

function roomBody(over: Json = {}): Json {
  const start = nowSec() + 3600
  return {
    name: '天河总店周末直播',
    coverImg: media,
    startTime: start,
    endTime: start + 7200,
    anchorName: '小王主播',
    anchorWechat: 'anchor_wang',
    shareImg: media,
    feedsImg: media,
    type: 0,
    closeLike: 0,
    closeGoods: 0,
    closeComment: 0,
    ...over,
  }
}

async function createRoom(over: Json = {}): Promise<number> {
  const res = await post(`${B}/room/create`, roomBody(over))
  expect(res).toMatchObject({ errcode: 0 })
  return res['roomId'] as number
}

async function addGoods(over: Json = {}): Promise<{ goodsId: number; auditId: number }> {
  const res = await post(`${B}/goods/add`, {
    goodsInfo: {
      coverImgUrl: media,
      name: '乐高雷霆之翼',
      priceType: 1,
      price: 12.34,
      url: 'pages/goods/index?id=g1',
      ...over,
    },
  })
  expect(res['errcode']).toBe(0)
  return { goodsId: res['goodsId'] as number, auditId: res['auditId'] as number }
}

async function approvedGoods(): Promise<number> {
  const { goodsId } = await addGoods()
  expect((await control(`/goods/${goodsId}/audit`, { audit_status: 2 })).status).toBe(200)
  return goodsId
}

async function state(): Promise<Json> {
  return (await control('/state', undefined, 'GET')).body
}

beforeAll(async () => {
  srv = await startWechatSimServer({ clock, appid: APPID, secret: SECRET })
})
afterAll(async () => {
  await srv.close()
})
beforeEach(async () => {
  clock.set(T0)
  await control('/reset')
  token = (await fetchToken())['access_token'] as string
  media = await upload()
})

describe('access token', () => {
  it('issues a 7200 s stable token and returns the same one while valid', async () => {
    const again = await fetchToken()
    expect(again['access_token']).toBe(token)
    clock.advance(1000_000)
    expect((await fetchToken())['expires_in']).toBe(7200 - 1000)
  })

  it('rejects a wrong secret (40125) and a wrong appid (40013)', async () => {
    const bad = await raw('/cgi-bin/stable_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: 'nope' }),
    })
    expect(bad['errcode']).toBe(40125)
    const badApp = await raw('/cgi-bin/stable_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: 'wxother', secret: SECRET }),
    })
    expect(badApp['errcode']).toBe(40013)
  })

  it('keeps a replaced token valid for 300 s, then answers 40001; unknown 40001, missing 41001, expired 42001', async () => {
    const fresh = (await fetchToken(true))['access_token'] as string
    expect(fresh).not.toBe(token)
    expect((await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }, token))['errcode']).toBe(1)
    clock.advance(300_000)
    expect((await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }, token))['errcode']).toBe(40001)
    expect((await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }, fresh))['errcode']).toBe(1)
    expect((await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }, 'made-up'))['errcode']).toBe(
      40001,
    )
    expect((await raw('/wxa/business/getliveinfo', { method: 'POST', body: '{}' }))['errcode']).toBe(41001)
    clock.advance(7200_000)
    expect((await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }, fresh))['errcode']).toBe(42001)
  })

  it('renews the stable token when less than 5 minutes remain', async () => {
    clock.advance((7200 - 299) * 1000)
    const renewed = await fetchToken()
    expect(renewed['access_token']).not.toBe(token)
    expect(renewed['expires_in']).toBe(7200)
  })
})

describe('room/create validation', () => {
  it('counts a Chinese character as 2 units: title 3 汉字 passes, 2 fail; 17 pass, 18 fail', async () => {
    expect((await post(`${B}/room/create`, roomBody({ name: '天河店' })))['errcode']).toBe(0)
    const short = await post(`${B}/room/create`, roomBody({ name: '天河' }))
    expect(short['errcode']).toBe(300002)
    expect((await post(`${B}/room/create`, roomBody({ name: '天'.repeat(17) })))['errcode']).toBe(0)
    expect((await post(`${B}/room/create`, roomBody({ name: '天'.repeat(18) })))['errcode']).toBe(300002)
    expect((await post(`${B}/room/create`, roomBody({ name: 'abcdef' })))['errcode']).toBe(0)
    expect((await post(`${B}/room/create`, roomBody({ name: 'abcde' })))['errcode']).toBe(300002)
  })

  it('wants start ≥ now+10 min, ≤ now+6 months, and 30 min ≤ duration ≤ 24 h (200002)', async () => {
    const now = nowSec()
    const at = (start: number, len: number): Json => roomBody({ startTime: start, endTime: start + len })
    expect((await post(`${B}/room/create`, at(now + 600, 1800)))['errcode']).toBe(0)
    const soon = await post(`${B}/room/create`, at(now + 599, 1800))
    expect(soon).toMatchObject({ errcode: 200002 })
    expect(soon['errmsg']).toMatch(
      /^parameter startTime or endTime is invalid rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/,
    )
    expect((await post(`${B}/room/create`, at(now + 3600, 1799)))['errcode']).toBe(200002)
    expect((await post(`${B}/room/create`, at(now + 3600, 86400)))['errcode']).toBe(0)
    expect((await post(`${B}/room/create`, at(now + 3600, 86401)))['errcode']).toBe(200002)
    expect((await post(`${B}/room/create`, at(now + 200 * 86400, 3600)))['errcode']).toBe(200002)
  })

  it('checks anchor name length, required fields, media ids, special characters and real-name', async () => {
    expect((await post(`${B}/room/create`, roomBody({ anchorName: '王' })))['errcode']).toBe(300034)
    expect((await post(`${B}/room/create`, roomBody({ anchorName: '王五' })))['errcode']).toBe(0)
    const missing = await post(`${B}/room/create`, roomBody({ shareImg: undefined }))
    expect(missing['errcode']).toBe(200002)
    expect(missing['errmsg']).toMatch(/^parameter shareImg must no be null/)
    expect((await post(`${B}/room/create`, roomBody({ coverImg: 'not-issued' })))['errcode']).toBe(300006)
    expect((await post(`${B}/room/create`, roomBody({ name: '直播<script>' })))['errcode']).toBe(300040)
    await control('/config', { unverifiedAnchors: ['anchor_wang'] })
    const unverified = await post(`${B}/room/create`, roomBody())
    expect(unverified['errcode']).toBe(300036)
    expect(unverified['qrcode_url']).toMatch(/^https:\/\//)
  })

  it('refuses media older than 3 days (300006)', async () => {
    clock.advance(3 * 86400 * 1000)
    token = (await fetchToken())['access_token'] as string
    expect((await post(`${B}/room/create`, roomBody()))['errcode']).toBe(300006)
  })

  it('sees no fields in a form-encoded body (200002), as WeChat does', async () => {
    const res = await raw(`${B}/room/create?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=abc',
    })
    expect(res['errcode']).toBe(200002)
  })

  it('gives sequential small room ids', async () => {
    expect([await createRoom(), await createRoom(), await createRoom()]).toEqual([1, 2, 3])
  })
})

describe('getliveinfo quirks', () => {
  it('answers errcode 1 when no room exists', async () => {
    expect((await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }))['errcode']).toBe(1)
  })

  it('lists lowercase roomid, start_time descending, at most 50 rows, total = all rooms', async () => {
    for (let i = 0; i < 60; i++)
      await createRoom({
        startTime: nowSec() + 3600 + ((i * 37) % 60) * 60,
        endTime: nowSec() + 3600 + ((i * 37) % 60) * 60 + 3600,
      })
    const page = await post('/wxa/business/getliveinfo', { start: 0, limit: 100 })
    expect(page['total']).toBe(60)
    const rows = page['room_info'] as Json[]
    expect(rows).toHaveLength(50)
    expect(rows[0]).toHaveProperty('roomid')
    expect(rows[0]).not.toHaveProperty('roomId')
    const starts = rows.map((r) => r['start_time'] as number)
    expect(starts).toEqual([...starts].sort((a, b) => b - a))
    const rest = await post('/wxa/business/getliveinfo', { start: 50, limit: 100 })
    expect(rest['room_info']).toHaveLength(10)
  })

  it('turns a never-started room into 107 after its end time; such a room cannot start', async () => {
    const id = await createRoom()
    clock.advance((3600 + 7200 + 1) * 1000)
    token = (await fetchToken())['access_token'] as string
    const rows = (await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }))['room_info'] as Json[]
    expect(rows[0]).toMatchObject({ roomid: id, live_status: 107 })
    const start = await control(`/rooms/${id}/status`, { live_status: 101 })
    expect(start.status).toBe(409)
  })

  it('shows shelf prices in fen', async () => {
    const id = await createRoom()
    const goodsId = await approvedGoods()
    expect((await post(`${B}/room/addgoods`, { ids: [goodsId], roomId: id }))['errcode']).toBe(0)
    const rows = (await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }))['room_info'] as Json[]
    expect(rows[0]?.['goods']).toEqual([
      expect.objectContaining({ goods_id: goodsId, price: 1234, price_type: 1 }),
    ])
  })

  it('lists a replay 10 minutes after the end only when close_replay = 0', async () => {
    const withReplay = await createRoom({ closeReplay: 0 })
    const noReplay = await createRoom()
    for (const id of [withReplay, noReplay]) {
      await control(`/rooms/${id}/status`, { live_status: 101 })
      await control(`/rooms/${id}/status`, { live_status: 103 })
    }
    const replay = (id: number): Promise<Json> =>
      post('/wxa/business/getliveinfo', { action: 'get_replay', room_id: id, start: 0, limit: 10 })
    expect((await replay(withReplay))['total']).toBe(0)
    clock.advance(600_000)
    const ok = await replay(withReplay)
    expect(ok['total']).toBe(1)
    expect((ok['live_replay'] as Json[])[0]).toHaveProperty('media_url')
    expect((await replay(noReplay))['total']).toBe(0)
  })
})

describe('room operations', () => {
  it('addgoods: approved only (300025), unknown goods 300024, unknown room 300022, duplicates ignored', async () => {
    const id = await createRoom()
    const pending = (await addGoods()).goodsId
    expect((await post(`${B}/room/addgoods`, { ids: [pending], roomId: id }))['errcode']).toBe(300025)
    expect((await post(`${B}/room/addgoods`, { ids: [999], roomId: id }))['errcode']).toBe(300024)
    const approved = await approvedGoods()
    expect((await post(`${B}/room/addgoods`, { ids: [approved], roomId: 999 }))['errcode']).toBe(300022)
    expect((await post(`${B}/room/addgoods`, { ids: [approved], roomId: id }))['errcode']).toBe(0)
    expect((await post(`${B}/room/addgoods`, { ids: [approved, approved], roomId: id }))['errcode']).toBe(0)
    const room = (await state())['rooms'][0]
    expect(room['goods']).toHaveLength(1)
  })

  it('blocks operations on ended rooms (300023) and edits of live rooms (300042)', async () => {
    const id = await createRoom()
    const goodsId = await approvedGoods()
    await control(`/rooms/${id}/status`, { live_status: 101 })
    expect((await post(`${B}/room/editroom`, { ...roomBody(), id }))['errcode']).toBe(300042)
    expect((await post(`${B}/room/deleteroom`, { id }))['errcode']).toBe(300023)
    expect((await control(`/rooms/${id}/status`, { live_status: 103 })).status).toBe(200)
    expect((await post(`${B}/room/addgoods`, { ids: [goodsId], roomId: id }))['errcode']).toBe(300023)
    expect((await get(`${B}/room/getpushurl`, { roomId: id }))['errcode']).toBe(300023)
    expect((await control(`/rooms/${id}/status`, { live_status: 101 })).status).toBe(409)
    expect((await post(`${B}/room/deleteroom`, { id }))['errcode']).toBe(0)
    expect((await post(`${B}/room/deleteroom`, { id }))['errcode']).toBe(300022)
  })

  it('answers GET-only endpoints called with POST with 43001', async () => {
    const id = await createRoom()
    expect((await post(`${B}/room/getpushurl`, { roomId: id }))['errcode']).toBe(43001)
    expect((await post(`${B}/goods/getapproved`, { offset: 0, status: 2 }))['errcode']).toBe(43001)
    const push = await get(`${B}/room/getpushurl`, { roomId: id })
    expect(push['pushAddr']).toMatch(
      new RegExp(`^rtmp://wxalivepush.weixin.qq.com/live/${APPID}-${id}\\?txSecret=`),
    )
    const share = await get(`${B}/room/getsharedcode`, { roomId: id })
    expect(share['pagePath']).toContain(`room_id=${id}`)
  })

  it('push needs the goods on the shelf (300053) and on sale (300052), one at a time (300047); no onsale while pushing (300049)', async () => {
    const id = await createRoom()
    const g1 = await approvedGoods()
    const g2 = await approvedGoods()
    await post(`${B}/room/addgoods`, { ids: [g1], roomId: id })
    expect((await post(`${B}/goods/push`, { roomId: id, goodsId: g1 }))['errcode']).toBe(300023) // not live yet
    await control(`/rooms/${id}/status`, { live_status: 101 })
    expect((await post(`${B}/goods/push`, { roomId: id, goodsId: g2 }))['errcode']).toBe(300053)
    await post(`${B}/room/addgoods`, { ids: [g2], roomId: id })
    expect((await post(`${B}/goods/onsale`, { roomId: id, goodsId: g2, onSale: 0 }))['errcode']).toBe(0)
    expect((await post(`${B}/goods/push`, { roomId: id, goodsId: g2 }))['errcode']).toBe(300052)
    expect((await post(`${B}/goods/push`, { roomId: id, goodsId: g1 }))['errcode']).toBe(0)
    expect((await post(`${B}/goods/push`, { roomId: id, goodsId: g1 }))['errcode']).toBe(300047)
    expect((await post(`${B}/goods/onsale`, { roomId: id, goodsId: g2, onSale: 1 }))['errcode']).toBe(300049)
    clock.advance(10_000)
    expect((await post(`${B}/goods/onsale`, { roomId: id, goodsId: g2, onSale: 1 }))['errcode']).toBe(0)
  })
})

describe('goods library', () => {
  it('add → audit_status 1 with an audit id beyond 32 bits; goods/add answers without errmsg', async () => {
    const res = await post(`${B}/goods/add`, {
      goodsInfo: { coverImgUrl: media, name: '帮帮龙斯东', priceType: 1, price: 1, url: 'pages/g' },
    })
    expect(res).not.toHaveProperty('errmsg')
    expect(res['auditId']).toBeGreaterThan(2 ** 31)
    const wh = await post('/wxa/business/getgoodswarehouse', { goods_ids: [res['goodsId']] })
    expect(wh['goods']).toEqual([
      expect.objectContaining({ goods_id: res['goodsId'], audit_status: 1, price: 100 }),
    ])
  })

  it('validates the wrapper, name, price and image size', async () => {
    expect((await post(`${B}/goods/add`, { name: 'abc' }))['errmsg']).toMatch(/^goodsInfo must not be empty/)
    const info = { coverImgUrl: media, name: '乐高雷霆之翼', priceType: 1, price: 10, url: 'pages/g' }
    expect((await post(`${B}/goods/add`, { goodsInfo: { ...info, name: '乐高' } }))['errcode']).toBe(300002)
    expect((await post(`${B}/goods/add`, { goodsInfo: { ...info, price: 1.234 } }))['errcode']).toBe(300003)
    expect(
      (await post(`${B}/goods/add`, { goodsInfo: { ...info, priceType: 3, price: 10, price2: 11 } }))[
        'errcode'
      ],
    ).toBe(300003)
    const big = await upload(301, 200)
    expect((await post(`${B}/goods/add`, { goodsInfo: { ...info, coverImgUrl: big } }))['errcode']).toBe(
      300018,
    )
  })

  it('resetaudit only while auditing (300017); audit only from 0/3 (300010) with a new audit id', async () => {
    const { goodsId, auditId } = await addGoods()
    expect((await post(`${B}/goods/audit`, { goodsId }))['errcode']).toBe(300010)
    expect((await post(`${B}/goods/resetaudit`, { goodsId, auditId }))['errcode']).toBe(0)
    expect((await post(`${B}/goods/resetaudit`, { goodsId, auditId }))['errcode']).toBe(300017)
    const again = await post(`${B}/goods/audit`, { goodsId })
    expect(again['errcode']).toBe(0)
    expect(again['auditId']).not.toBe(auditId)
  })

  it('update: approved goods change price only; pending ones nothing', async () => {
    const { goodsId } = await addGoods()
    expect((await post(`${B}/goods/update`, { goodsInfo: { goodsId, price: 9 } }))['errcode']).toBe(300010)
    await control(`/goods/${goodsId}/audit`, { audit_status: 2 })
    expect(
      (await post(`${B}/goods/update`, { goodsInfo: { goodsId, name: '新名字新名字' } }))['errcode'],
    ).toBe(300010)
    expect((await post(`${B}/goods/update`, { goodsInfo: { goodsId, price: 9 } }))['errcode']).toBe(0)
    expect((await state())['goods'][0]).toMatchObject({ price_yuan: 9 })
  })

  it('delete removes the goods from every room shelf', async () => {
    const goodsId = await approvedGoods()
    const r1 = await createRoom()
    const r2 = await createRoom()
    await post(`${B}/room/addgoods`, { ids: [goodsId], roomId: r1 })
    await post(`${B}/room/addgoods`, { ids: [goodsId], roomId: r2 })
    expect((await post(`${B}/goods/delete`, { goodsId }))['errcode']).toBe(0)
    for (const room of (await state())['rooms'] as Json[]) expect(room['goods']).toEqual([])
  })

  it('getgoodswarehouse takes at most 20 ids; getapproved is GET with camelCase rows and limit ≤ 100', async () => {
    const ids = Array.from({ length: 21 }, (_, i) => i + 1)
    expect((await post('/wxa/business/getgoodswarehouse', { goods_ids: ids }))['errcode']).toBe(200002)
    const goodsId = await approvedGoods()
    const page = await get(`${B}/goods/getapproved`, { offset: 0, limit: 10, status: 2 })
    expect(page).toMatchObject({ errcode: 0, total: 1 })
    expect(page['goods'][0]).toMatchObject({ goodsId, coverImgUrl: expect.any(String), priceType: 1 })
    expect((await get(`${B}/goods/getapproved`, { offset: 0, limit: 101, status: 2 }))['errcode']).toBe(
      200002,
    )
  })
})

describe('quotas and faults', () => {
  it('answers 45009 once an API daily quota is used up, and resets the next day', async () => {
    await control('/config', { dailyQuota: { [`${B}/room/getsharedcode`]: 2 } })
    const id = await createRoom({ startTime: nowSec() + 3 * 86400, endTime: nowSec() + 3 * 86400 + 3600 })
    expect((await get(`${B}/room/getsharedcode`, { roomId: id }))['errcode']).toBe(0)
    expect((await get(`${B}/room/getsharedcode`, { roomId: id }))['errcode']).toBe(0)
    expect((await get(`${B}/room/getsharedcode`, { roomId: id }))['errcode']).toBe(45009)
    clock.advance(86400_000)
    token = (await fetchToken())['access_token'] as string
    expect((await get(`${B}/room/getsharedcode`, { roomId: id }))['errcode']).toBe(0)
  })

  it('injects an errcode for the next N calls, then behaves; DELETE clears', async () => {
    await control('/faults', { path: '/wxa/business/getliveinfo', errcode: 45011, count: 2 })
    const list = (): Promise<Json> => post('/wxa/business/getliveinfo', { start: 0, limit: 10 })
    expect((await list())['errcode']).toBe(45011)
    expect((await list())['errcode']).toBe(45011)
    expect((await list())['errcode']).toBe(1)
    await control('/faults', { path: '*', errcode: -1, count: 5 })
    expect((await list())['errcode']).toBe(-1)
    await control('/faults', undefined, 'DELETE')
    expect((await list())['errcode']).toBe(1)
    expect((await state())['calls']['/wxa/business/getliveinfo']).toBe(5)
  })

  it('can answer -1 yet perform the call (apply), as WeChat did with creates', async () => {
    await control('/faults', { path: `${B}/room/create`, errcode: -1, apply: true })
    expect((await post(`${B}/room/create`, roomBody()))['errcode']).toBe(-1)
    expect((await state())['rooms']).toHaveLength(1)
  })

  it('hangs a call for hangMs before answering', async () => {
    await control('/faults', { path: '/wxa/business/getliveinfo', hangMs: 300 })
    const started = Date.now()
    expect((await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }))['errcode']).toBe(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
  })

  it('refuses a malformed fault or config (400)', async () => {
    expect((await control('/faults', { path: '*' })).status).toBe(400)
    expect((await control('/config', { pageCap: 'many' })).status).toBe(400)
  })
})

describe('console controls', () => {
  it('creates, edits and deletes rooms as the MP console would', async () => {
    const created = await control('/rooms/console-create', { name: '控制台直播间' })
    const id = created.body['room']['roomid'] as number
    expect(id).toBe(1)
    const edited = await control(`/rooms/${id}/edit`, { name: '改过的名字', anchor_name: '新主播' })
    expect(edited.body['room']).toMatchObject({ name: '改过的名字', anchor_name: '新主播' })
    const rows = (await post('/wxa/business/getliveinfo', { start: 0, limit: 10 }))['room_info'] as Json[]
    expect(rows[0]).toMatchObject({ roomid: id, name: '改过的名字' })
    expect((await control(`/rooms/${id}/delete-console`)).status).toBe(200)
    expect((await state())['rooms']).toEqual([])
    expect((await control(`/rooms/${id}/edit`, { name: 'x' })).status).toBe(404)
  })

  it('validates anchor transitions: 103 is final, pause and resume work', async () => {
    const id = await createRoom()
    expect((await control(`/rooms/${id}/status`, { live_status: 105 })).status).toBe(409)
    for (const s of [101, 105, 101, 103])
      expect((await control(`/rooms/${id}/status`, { live_status: s })).status).toBe(200)
    expect((await control(`/rooms/${id}/status`, { live_status: 101 })).status).toBe(409)
  })

  it('audit control only decides goods under audit', async () => {
    const goodsId = await approvedGoods()
    expect((await control(`/goods/${goodsId}/audit`, { audit_status: 3 })).status).toBe(409)
    expect((await control('/goods/999/audit', { audit_status: 2 })).status).toBe(404)
  })

  it('counts calls per API path, token calls included', async () => {
    await post('/wxa/business/getliveinfo', { start: 0, limit: 10 })
    const calls = (await state())['calls']
    expect(calls).toMatchObject({
      '/cgi-bin/stable_token': 1,
      '/cgi-bin/media/upload': 1,
      '/wxa/business/getliveinfo': 1,
    })
  })
})

describe('persistence', () => {
  it('keeps rooms, goods, media and tokens across close and reopen of the SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wechat-sim-'))
    try {
      const file = join(dir, 'sim.sqlite')
      const first = await startWechatSimServer({ clock, appid: APPID, secret: SECRET, file })
      const t1 = await fetch(`${first.base}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET }),
      }).then((r) => r.json() as Promise<Json>)
      await fetch(`${first.base}/rooms/console-create`, { method: 'POST' })
      await first.close()

      const second = await startWechatSimServer({ clock, appid: APPID, secret: SECRET, file })
      const s = second.sim.state() as Json
      expect(s['rooms']).toHaveLength(1)
      const list = await fetch(`${second.base}/wxa/business/getliveinfo?access_token=${t1['access_token']}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ start: 0, limit: 10 }),
      }).then((r) => r.json() as Promise<Json>)
      expect(list).toMatchObject({ errcode: 0, total: 1 })
      const next = await fetch(`${second.base}/rooms/console-create`, { method: 'POST' }).then(
        (r) => r.json() as Promise<Json>,
      )
      expect(next['room']['roomid']).toBe(2)
      await second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
