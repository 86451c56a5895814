/**
 * WeChat mini-program live API client (WechatLiveApi port) over HTTPS with a stable access token.
 *
 * Retry policy, and why:
 * - 40001/40014/42001: the token was rejected before anything ran → refresh once (force) and retry once.
 * - 45011 (minute quota): rejected before anything ran → back off 200/400/800 ms, then WECHAT_RATE_LIMITED.
 * - -1 (busy): only safe reads are retried with the same backoff. Writes are not: WeChat has answered -1
 *   after creating a room (three times over) or applying an edit, so the sync reconciles instead.
 * - 45009 (daily quota): WECHAT_QUOTA_EXCEEDED at once; retrying cannot help today.
 * - Network errors and timeouts: WECHAT_UNAVAILABLE, never retried (a timed-out create may have run).
 */
import { BizError } from '../../domain/errors'
// goods/add and goods/update take yuan
import { fenToYuan } from '../../domain/goods-rules'
import type {
  Clock,
  DeleteOutcome,
  GoodsDraft,
  LibraryGoods,
  LiveRoom,
  LiveRoomGoods,
  NewRoom,
  Replay,
  RoomDraft,
  TokenCache,
  WechatLiveApi,
} from '../../ports'
import { TOKEN_ERRCODES, wechatError } from './errcodes'

export interface WechatClientOptions {
  baseUrl: string
  appid: string
  secret: string
  tokenCache: TokenCache
  clock: Pick<Clock, 'now'>
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  timeoutMs?: number
  /** Where a line about WeChat's answers goes (the composition root's logger). */
  log: (line: string) => void
}

type Json = Record<string, unknown>

interface CallSpec {
  path: string
  method: 'GET' | 'POST'
  query?: Record<string, string | number | undefined>
  json?: unknown
  /** Built anew for each attempt: a FormData body cannot be sent twice. */
  form?: () => FormData
  /** Reads may be retried on -1; writes never are. */
  safe: boolean
  /** errcodes that mean "nothing there" rather than failure (getliveinfo's 1 未创建直播间). */
  emptyErrcodes?: number[]
}

const TOKEN_PATH = '/cgi-bin/stable_token'
/** Refresh when less than this remains, as WeChat renews stable tokens in their last 5 minutes. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000
const BACKOFF_MS = [200, 400, 800]
const WAREHOUSE_CHUNK = 20
const APPROVED_MAX_LIMIT = 100
const EMPTY_LIST_ERRCODES = [1, 9410000]

export function createWechatLiveApi(opts: WechatClientOptions): WechatLiveApi {
  const http = createTransport(opts)
  const tokens = createTokenSource(opts, http)
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const { log } = opts

  async function call(spec: CallSpec): Promise<Json> {
    let token = await tokens.get()
    let refreshed = false
    let backoffs = 0
    for (;;) {
      const res = await http.send(spec, token)
      const errcode = toNum(res['errcode']) ?? 0
      if (errcode === 0 || spec.emptyErrcodes?.includes(errcode)) return res
      const errmsg = String(res['errmsg'] ?? '')
      log(`${spec.path} errcode=${errcode} errmsg=${errmsg}`)
      if (TOKEN_ERRCODES.has(errcode) && !refreshed) {
        refreshed = true
        token = await tokens.refresh(token)
        continue
      }
      if ((errcode === 45011 || (errcode === -1 && spec.safe)) && backoffs < BACKOFF_MS.length) {
        await sleep(BACKOFF_MS[backoffs++] ?? 0)
        continue
      }
      throw wechatError(
        errcode,
        errmsg,
        typeof res['qrcode_url'] === 'string' ? res['qrcode_url'] : undefined,
      )
    }
  }

  const post = (path: string, json: unknown, safe = false): Promise<Json> =>
    call({ path, method: 'POST', json, safe })
  const get = (path: string, query: CallSpec['query']): Promise<Json> =>
    call({ path, method: 'GET', query, safe: true })
  const B = '/wxaapi/broadcast'

  return {
    async createRoom(input) {
      const res = await post(`${B}/room/create`, newRoomWire(input))
      return { roomId: requireNum(res['roomId'], 'roomId') }
    },
    async editRoom(roomId, input) {
      await post(`${B}/room/editroom`, { id: roomId, ...roomWire(input) })
    },
    async deleteRoom(roomId) {
      // 300022: WeChat has no such room any more (deleted on its platform)
      return goneOn(300022, () => post(`${B}/room/deleteroom`, { id: roomId }))
    },
    async addGoodsToRoom(roomId, wxGoodsIds) {
      await post(`${B}/room/addgoods`, { ids: wxGoodsIds, roomId })
    },
    async getPushUrl(roomId) {
      const res = await get(`${B}/room/getpushurl`, { roomId })
      return { pushAddr: String(res['pushAddr'] ?? '') }
    },
    async getSharedCode(roomId, params) {
      const res = await get(`${B}/room/getsharedcode`, { roomId, params })
      return {
        cdnUrl: String(res['cdnUrl'] ?? ''),
        pagePath: String(res['pagePath'] ?? ''),
        posterUrl: String(res['posterUrl'] ?? ''),
      }
    },
    async listRooms(start, limit) {
      const res = await call({
        path: '/wxa/business/getliveinfo',
        method: 'POST',
        json: { start, limit },
        safe: true,
        emptyErrcodes: EMPTY_LIST_ERRCODES,
      })
      const rooms = asArray(res['room_info']).map((r) => roomInfo(r, log))
      return { total: toNum(res['total']) ?? rooms.length, rooms }
    },
    async getReplay(roomId, start, limit) {
      const res = await post(
        '/wxa/business/getliveinfo',
        { action: 'get_replay', room_id: roomId, start, limit },
        true,
      )
      const replays = asArray(res['live_replay']).map(replayOf)
      return { total: toNum(res['total']) ?? replays.length, replays }
    },
    async addGoods(info) {
      const res = await post(`${B}/goods/add`, { goodsInfo: goodsWire(info) })
      return {
        goodsId: requireNum(res['goodsId'], 'goodsId'),
        auditId: requireNum(res['auditId'], 'auditId'),
      }
    },
    async updateGoods(goodsId, info) {
      await post(`${B}/goods/update`, { goodsInfo: { goodsId, ...goodsWire(info) } })
    },
    async deleteGoods(goodsId) {
      await post(`${B}/goods/delete`, { goodsId })
    },
    async resetAudit(goodsId, auditId) {
      await post(`${B}/goods/resetaudit`, { auditId, goodsId })
    },
    async resubmitAudit(goodsId) {
      const res = await post(`${B}/goods/audit`, { goodsId })
      return { auditId: requireNum(res['auditId'], 'auditId') }
    },
    async getGoodsWarehouse(goodsIds) {
      const out: LibraryGoods[] = []
      for (let i = 0; i < goodsIds.length; i += WAREHOUSE_CHUNK) {
        const res = await post(
          '/wxa/business/getgoodswarehouse',
          { goods_ids: goodsIds.slice(i, i + WAREHOUSE_CHUNK) },
          true,
        )
        out.push(...asArray(res['goods']).map(warehouseGoods))
      }
      return out
    },
    async getApprovedGoods(offset, limit, status) {
      const res = await get(`${B}/goods/getapproved`, {
        offset,
        limit: Math.min(limit, APPROVED_MAX_LIMIT),
        status,
      })
      const goods = asArray(res['goods']).map(approvedGoods)
      return { total: toNum(res['total']) ?? goods.length, goods }
    },
    async setGoodsOnSale(roomId, goodsId, onSale) {
      await post(`${B}/goods/onsale`, { roomId, goodsId, onSale: onSale ? 1 : 0 })
    },
    async deleteGoodsInRoom(roomId, goodsId) {
      // 300024: WeChat no longer lists the goods on the room
      return goneOn(300024, () => post(`${B}/goods/deleteInRoom`, { roomId, goodsId }))
    },
    async pushGoods(roomId, goodsId) {
      await post(`${B}/goods/push`, { roomId, goodsId })
    },
    async uploadImage(image) {
      const form = (): FormData => {
        const fd = new FormData()
        fd.append(
          'media',
          new Blob([new Uint8Array(image.data)], { type: image.contentType }),
          image.filename,
        )
        return fd
      }
      const res = await call({
        path: '/cgi-bin/media/upload',
        method: 'POST',
        query: { type: 'image' },
        form,
        safe: false,
      })
      const mediaId = res['media_id']
      if (typeof mediaId !== 'string' || mediaId === '') throw malformed('media_id')
      return { mediaId }
    },
  }
}

// ---------------------------------------------------------------- transport

interface Transport {
  /** One HTTP exchange; `token` undefined for the token endpoint itself. */
  send(spec: CallSpec, token: string | undefined): Promise<Json>
}

function createTransport(opts: WechatClientOptions): Transport {
  const fetchImpl = opts.fetch ?? fetch
  const timeoutMs = opts.timeoutMs ?? 10_000
  const base = opts.baseUrl.replace(/\/+$/, '')

  function urlOf(spec: CallSpec, token: string | undefined): string {
    const url = new URL(base + spec.path)
    if (token !== undefined) url.searchParams.set('access_token', token)
    for (const [k, v] of Object.entries(spec.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v))
    return url.toString()
  }

  return {
    async send(spec, token) {
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), timeoutMs)
      try {
        const init: RequestInit = { method: spec.method, signal: controller.signal }
        if (spec.form) init.body = spec.form()
        else if (spec.json !== undefined) {
          init.body = JSON.stringify(spec.json)
          init.headers = { 'Content-Type': 'application/json' }
        }
        const res = await fetchImpl(urlOf(spec, token), init)
        const text = await res.text()
        if (!res.ok) throw unavailable(spec.path, `HTTP ${res.status}`)
        return parseObject(text, spec.path)
      } catch (e) {
        if (e instanceof BizError) throw e
        throw unavailable(
          spec.path,
          controller.signal.aborted ? `timeout after ${timeoutMs} ms` : String((e as Error).message ?? e),
        )
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

function parseObject(text: string, path: string): Json {
  try {
    const v: unknown = JSON.parse(text)
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json
  } catch {
    // fall through: WeChat answered something that is not a JSON envelope
  }
  throw unavailable(path, 'response is not a JSON object')
}

function unavailable(path: string, reason: string): BizError {
  return new BizError('WECHAT_UNAVAILABLE', undefined, { path, reason })
}

function malformed(field: string): BizError {
  return new BizError('WECHAT_ERROR', '微信接口返回的数据不完整', { field })
}

// ---------------------------------------------------------------- access token

interface TokenSource {
  get(): Promise<string>
  /** A token other than `rejected`: another instance's fresher one from the cache, else a forced refresh. */
  refresh(rejected: string): Promise<string>
}

function createTokenSource(opts: WechatClientOptions, http: Transport): TokenSource {
  const key = `wechat:${opts.appid}`
  const inflight = new Map<boolean, Promise<string>>()

  async function cached(): Promise<{ token: string; expiresAt: number } | null> {
    const hit = await opts.tokenCache.read(key)
    return hit && hit.expiresAt - opts.clock.now() > REFRESH_MARGIN_MS ? hit : null
  }

  async function fetchToken(force: boolean): Promise<string> {
    const body = {
      grant_type: 'client_credential',
      appid: opts.appid,
      secret: opts.secret,
      force_refresh: force,
    }
    const res = await http.send({ path: TOKEN_PATH, method: 'POST', json: body, safe: false }, undefined)
    const errcode = toNum(res['errcode']) ?? 0
    if (errcode !== 0) throw wechatError(errcode, String(res['errmsg'] ?? ''))
    const token = res['access_token']
    const expiresIn = toNum(res['expires_in'])
    if (typeof token !== 'string' || token === '' || expiresIn === undefined) throw malformed('access_token')
    await opts.tokenCache.write(key, token, opts.clock.now() + expiresIn * 1000)
    return token
  }

  /** One fetch at a time per kind within this instance. */
  function single(force: boolean): Promise<string> {
    let p = inflight.get(force)
    if (!p) {
      p = fetchToken(force).finally(() => inflight.delete(force))
      inflight.set(force, p)
    }
    return p
  }

  return {
    async get() {
      return (await cached())?.token ?? single(false)
    },
    async refresh(rejected) {
      const hit = await cached()
      if (hit && hit.token !== rejected) return hit.token
      return single(true)
    },
  }
}

// ---------------------------------------------------------------- answer normalisation

function toNum(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return undefined
}

function requireNum(v: unknown, field: string): number {
  const n = toNum(v)
  if (n === undefined) throw malformed(field)
  return n
}

function asArray(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null) : []
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v)
const optNum = (v: unknown): number | undefined => toNum(v)

// ---------------------------------------------------------------- the domain's terms ↔ WeChat's wire

const seconds = (ms: number) => Math.floor(ms / 1000)
const flag = (on: boolean | undefined) => (on ? 1 : 0)

/** A delete that WeChat answers with `goneErrcode` when the thing is already gone there. */
async function goneOn(goneErrcode: number, run: () => Promise<Json>): Promise<DeleteOutcome> {
  try {
    await run()
    return 'deleted'
  } catch (e) {
    if (e instanceof BizError && e.details?.['errcode'] === goneErrcode) return 'gone'
    throw e
  }
}

function roomWire(r: RoomDraft): Json {
  return {
    name: r.name,
    coverImg: r.coverMediaId,
    shareImg: r.shareMediaId,
    feedsImg: r.feedsMediaId,
    startTime: seconds(r.startAt),
    endTime: seconds(r.endAt),
    anchorName: r.anchorName,
    anchorWechat: r.anchorWechat,
    closeLike: flag(r.likeClosed),
    closeGoods: flag(r.goodsClosed),
    closeComment: flag(r.commentClosed),
    ...(r.feedsPublic !== undefined && { isFeedsPublic: flag(r.feedsPublic) }),
    ...(r.replayClosed !== undefined && { closeReplay: flag(r.replayClosed) }),
    ...(r.shareClosed !== undefined && { closeShare: flag(r.shareClosed) }),
    ...(r.kfClosed !== undefined && { closeKf: flag(r.kfClosed) }),
  }
}

function newRoomWire(r: NewRoom): Json {
  return {
    ...roomWire(r),
    type: r.kind === 'push' ? 1 : 0,
    ...(r.subAnchorWechat !== undefined && { subAnchorWechat: r.subAnchorWechat }),
    ...(r.creatorWechat !== undefined && { createrWechat: r.creatorWechat }),
  }
}

function goodsWire(g: Partial<GoodsDraft>): Json {
  return {
    ...(g.coverMediaId !== undefined && { coverImgUrl: g.coverMediaId }),
    ...(g.name !== undefined && { name: g.name }),
    ...(g.priceType !== undefined && { priceType: g.priceType }),
    ...(g.priceFen !== undefined && { price: fenToYuan(g.priceFen) }),
    ...(g.price2Fen !== undefined && { price2: fenToYuan(g.price2Fen) }),
    ...(g.url !== undefined && { url: g.url }),
    ...(g.thirdPartyAppid !== undefined && { thirdPartyAppid: g.thirdPartyAppid }),
  }
}

/** A getliveinfo row (WeChat's lowercase `roomid`, unix seconds; shelf prices in fen, per its doc). */
function roomInfo(r: Json, log: (line: string) => void): LiveRoom {
  const goods = asArray(r['goods']).map((g): LiveRoomGoods => {
    const price = toNum(g['price']) ?? 0
    // the doc says fen; a fractional price means WeChat answered yuan (seen for goods on sale mid-live)
    if (!Number.isInteger(price))
      log(`getliveinfo room ${str(r['roomid'])} goods ${str(g['goods_id'])} price ${price} is not whole fen`)
    const price2 = optNum(g['price2'])
    return {
      goodsId: toNum(g['goods_id']) ?? 0,
      name: str(g['name']),
      coverUrl: str(g['cover_img']),
      url: str(g['url']),
      priceFen: Math.round(price),
      ...(price2 !== undefined && { price2Fen: Math.round(price2) }),
      priceType: toNum(g['price_type']) ?? 1,
    }
  })
  return {
    roomId: toNum(r['roomid']) ?? 0,
    name: str(r['name']),
    coverUrl: str(r['cover_img']),
    shareUrl: str(r['share_img']),
    feedsUrl: str(r['feeds_img']),
    liveStatus: toNum(r['live_status']) ?? 0,
    startAt: (toNum(r['start_time']) ?? 0) * 1000,
    endAt: (toNum(r['end_time']) ?? 0) * 1000,
    anchorName: str(r['anchor_name']),
    goods,
    kind: toNum(r['live_type']) === 1 ? 'push' : 'phone',
    replayClosed: toNum(r['close_replay']) === 1,
  }
}

function replayOf(r: Json): Replay {
  const at = (v: unknown) => {
    const n = toNum(v)
    return n !== undefined ? n * 1000 : Date.parse(str(v)) || 0
  }
  return { mediaUrl: str(r['media_url']), createdAt: at(r['create_time']), expiresAt: at(r['expire_time']) }
}

function warehouseGoods(g: Json): LibraryGoods {
  return {
    goodsId: toNum(g['goods_id']) ?? 0,
    name: str(g['name']),
    coverUrl: str(g['cover_img_url']),
    url: str(g['url']),
    auditStatus: toNum(g['audit_status']) ?? 0,
  }
}

function approvedGoods(g: Json): Omit<LibraryGoods, 'auditStatus'> {
  return {
    goodsId: toNum(g['goodsId']) ?? 0,
    name: str(g['name']),
    coverUrl: str(g['coverImgUrl']),
    url: str(g['url']),
  }
}
