/**
 * WeChat's input rules for rooms and goods (reference §1.1, §1.2, §3.2, §3.3, §10), as the
 * simulator enforces them. A violation throws WxFail, which the router turns into an errcode envelope.
 */
import type { SimGoods, SimMedia, SimState } from './state'

/** An errcode answer; `extra` fields go into the envelope (e.g. 300036's qrcode_url). */
export class WxFail extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${errcode} ${errmsg}`)
  }
}

export type Body = Record<string, unknown>

const CJK = /[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3100-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/u

/** WeChat's "characters": a Chinese character counts 2, anything else 1 (per code point). */
export function textUnits(text: string): number {
  let units = 0
  for (const ch of text) units += CJK.test(ch) ? 2 : 1
  return units
}

/** 非限定字符 (300040): control characters, emoji and markup brackets. The exact set is undocumented. */
const SPECIAL = /[\p{Cc}\p{Extended_Pictographic}<>]/u

const SIX_MONTHS_SEC = 183 * 24 * 3600

export function requireString(body: Body, field: string): string {
  const v = body[field]
  if (typeof v !== 'string' || v.length === 0) throw new WxFail(200002, `parameter ${field} must no be null`)
  return v
}

/** A required integer (numeric strings accepted, as WeChat's loose JSON binding does). */
export function requireInt(body: Body, field: string, errmsg = `parameter ${field} is invalid`): number {
  const n = toNumber(body[field])
  if (n === undefined || !Number.isInteger(n)) throw new WxFail(200002, errmsg)
  return n
}

export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return undefined
}

function flag(body: Body, field: string, fallback?: number): number {
  const v = body[field]
  if (v === undefined || v === null) {
    if (fallback === undefined) throw new WxFail(200002, `parameter ${field} must no be null`)
    return fallback
  }
  const n = toNumber(v)
  if (n !== 0 && n !== 1) throw new WxFail(200002, `parameter ${field} is invalid`)
  return n
}

/** A media id must have been issued by media/upload and be younger than the configured age. */
export function checkMedia(state: SimState, mediaId: string, nowSec: number): SimMedia {
  const media = state.media[mediaId]
  if (!media || nowSec - media.createdAt >= state.config.mediaMaxAgeSec) {
    throw new WxFail(300006, 'media_id is invalid or expired')
  }
  return media
}

export interface RoomFields {
  name: string
  coverImg: string
  shareImg: string
  feedsImg: string
  startTime: number
  endTime: number
  anchorName: string
  anchorWechat: string
  closeLike: number
  closeGoods: number
  closeComment: number
  closeReplay: number
  closeShare: number
  closeKf: number
  isFeedsPublic: number
}

/** Field presence and shape first (200002), then the business rules in the order WeChat reports them. */
export function validateRoom(
  body: Body,
  state: SimState,
  nowSec: number,
  mode: 'create' | 'edit',
): RoomFields {
  const fields = readRoomFields(body)
  checkRoomName(fields.name)
  const anchorUnits = textUnits(fields.anchorName)
  if (anchorUnits < 4 || anchorUnits > 30) throw new WxFail(300034, 'anchor name length invalid')
  checkRoomTimes(fields.startTime, fields.endTime, nowSec)
  for (const id of [fields.coverImg, fields.shareImg, fields.feedsImg]) checkMedia(state, id, nowSec)
  checkAnchor(state, fields.anchorWechat, mode)
  if (fields.closeKf === 0 && !state.config.kfConfigured)
    throw new WxFail(300038, 'kf is not configured in mp')
  return fields
}

function readRoomFields(body: Body): RoomFields {
  const name = requireString(body, 'name')
  const coverImg = requireString(body, 'coverImg')
  const timesMsg = 'parameter startTime or endTime is invalid'
  const startTime = requireInt(body, 'startTime', timesMsg)
  const endTime = requireInt(body, 'endTime', timesMsg)
  const anchorName = requireString(body, 'anchorName')
  const anchorWechat = requireString(body, 'anchorWechat')
  const shareImg = requireString(body, 'shareImg')
  const feedsImg = requireString(body, 'feedsImg')
  return {
    name,
    coverImg,
    startTime,
    endTime,
    anchorName,
    anchorWechat,
    shareImg,
    feedsImg,
    closeLike: flag(body, 'closeLike'),
    closeGoods: flag(body, 'closeGoods'),
    closeComment: flag(body, 'closeComment'),
    closeReplay: flag(body, 'closeReplay', 1),
    closeShare: flag(body, 'closeShare', 0),
    closeKf: flag(body, 'closeKf', 1),
    isFeedsPublic: flag(body, 'isFeedsPublic', 1),
  }
}

function checkRoomName(name: string): void {
  if (SPECIAL.test(name)) throw new WxFail(300040, 'room name contains invalid characters')
  const units = textUnits(name)
  if (units < 6 || units > 34) throw new WxFail(300002, 'room name length invalid')
}

/** start ≥ now+10 min and ≤ now+6 months; 30 min ≤ duration ≤ 24 h (all answered as 200002). */
export function checkRoomTimes(startTime: number, endTime: number, nowSec: number): void {
  const duration = endTime - startTime
  const ok =
    startTime >= nowSec + 600 && startTime <= nowSec + SIX_MONTHS_SEC && duration >= 1800 && duration <= 86400
  if (!ok) throw new WxFail(200002, 'parameter startTime or endTime is invalid')
}

function checkAnchor(state: SimState, anchorWechat: string, mode: 'create' | 'edit'): void {
  if (!state.config.unverifiedAnchors.includes(anchorWechat)) return
  if (mode === 'edit') throw new WxFail(300030, 'room wxnumber not have an anchor role')
  const qrcode_url = `https://res.wx.qq.com/op_res/live-verify-${encodeURIComponent(anchorWechat)}.png`
  throw new WxFail(
    300036,
    'anchorWechat has no realName, please open the codeUrl and scan the code for certification',
    { qrcode_url },
  )
}

// ---------------------------------------------------------------- goods

export interface GoodsFields {
  coverImgUrl?: string
  name?: string
  priceType?: 1 | 2 | 3
  price?: number
  price2?: number
  url?: string
  thirdPartyAppid?: string
}

/** goods/add and goods/update take the fields wrapped in goodsInfo; unwrapped → 200002. */
export function goodsInfoOf(body: Body): Body {
  const info = body['goodsInfo']
  if (typeof info !== 'object' || info === null || Array.isArray(info))
    throw new WxFail(200002, 'goodsInfo must not be empty')
  return info as Body
}

/** Reads and checks whichever goods fields are present; `required` lists those that must be. */
export function readGoodsFields(info: Body, required: string[]): GoodsFields {
  for (const field of required)
    if (info[field] === undefined || info[field] === '')
      throw new WxFail(200002, `parameter ${field} must no be null`)
  const out: GoodsFields = {}
  if (info['name'] !== undefined) out.name = checkGoodsName(info['name'])
  if (info['priceType'] !== undefined) out.priceType = checkPriceType(info['priceType'])
  if (info['price'] !== undefined) out.price = checkPrice(info['price'])
  if (info['price2'] !== undefined) out.price2 = checkPrice(info['price2'])
  if (info['url'] !== undefined) out.url = String(info['url'])
  if (info['coverImgUrl'] !== undefined) out.coverImgUrl = String(info['coverImgUrl'])
  if (typeof info['thirdPartyAppid'] === 'string') out.thirdPartyAppid = info['thirdPartyAppid']
  return out
}

function checkGoodsName(v: unknown): string {
  const name = String(v)
  const units = textUnits(name)
  if (units < 6 || units > 28) throw new WxFail(300002, 'name length invalid')
  return name
}

function checkPriceType(v: unknown): 1 | 2 | 3 {
  const n = toNumber(v)
  if (n !== 1 && n !== 2 && n !== 3) throw new WxFail(200002, 'parameter priceType is invalid')
  return n
}

/** Yuan, positive, at most two decimals. */
function checkPrice(v: unknown): number {
  const n = toNumber(v)
  if (n === undefined || n <= 0 || Math.abs(n * 100 - Math.round(n * 100)) > 1e-6)
    throw new WxFail(300003, 'price invalid')
  return n
}

/** The price pair must make sense for its type: range low < high, discount current ≤ original. */
export function checkPricePair(goods: Pick<SimGoods, 'priceType' | 'price' | 'price2'>): void {
  if (goods.priceType === 1) return
  if (!(goods.price2 > 0)) throw new WxFail(300003, 'price2 is required for this priceType')
  if (goods.priceType === 2 && !(goods.price < goods.price2)) throw new WxFail(300003, 'price invalid')
  if (goods.priceType === 3 && !(goods.price2 <= goods.price)) throw new WxFail(300003, 'price invalid')
}

/** The goods image must be a live media id, and no larger than the configured pixels when readable. */
export function checkGoodsImage(state: SimState, mediaId: string, nowSec: number): void {
  const media = checkMedia(state, mediaId, nowSec)
  const max = state.config.goodsImageMaxPx
  if ((media.width ?? 0) > max || (media.height ?? 0) > max) {
    throw new WxFail(300018, `product image width or height more than ${max}px`)
  }
}

export function checkGoodsUrl(state: SimState, url: string): void {
  const pages = state.config.publishedPages
  if (pages.length === 0) return
  const path = url.replace(/^\//, '').split('?')[0] ?? ''
  if (!pages.some((p) => p.replace(/^\//, '') === path))
    throw new WxFail(300007, 'url not exist in online version')
}
