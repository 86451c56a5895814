/** Goods library and in-room goods endpoints (reference §1.10, §3), and image upload (§4). */
import { randomBytes } from 'node:crypto'
import type { ApiContext, ApiResult } from './api-context'
import { imageSize } from '../../../../cloudfunctions/_shared/domain/image'
import { parseMultipart } from './http'
import { requireRoom } from './rooms'
import type { SimGoods, SimState } from './state'
import { mediaUrl, takeQuota } from './state'
import type { Body } from './validation'
import {
  checkGoodsImage,
  checkGoodsUrl,
  checkPricePair,
  goodsInfoOf,
  readGoodsFields,
  requireInt,
  toNumber,
  WxFail,
} from './validation'

const PRICE_FIELDS = ['priceType', 'price', 'price2']

function requireGoods(state: SimState, goodsId: number): SimGoods {
  const goods = state.goods[String(goodsId)]
  if (!goods) throw new WxFail(1003, 'goods id is not exist')
  // goods made in the MP console are off limits to the API
  if (goods.thirdPartyTag === 0) throw new WxFail(300011, 'goods is not created by api')
  return goods
}

/** add and audit share one daily submission allowance (500). */
function submitForAudit(state: SimState, goods: SimGoods, nowSec: number): void {
  if (!takeQuota(state, 'goods:submit', state.config.auditQuotaPerDay, nowSec))
    throw new WxFail(300012, 'no audit quota left today')
  goods.auditId = state.nextAuditId
  state.nextAuditId += 1 + (goods.goodsId % 97)
  goods.auditStatus = 1
  goods.submittedAt = nowSec
}

/** POST goods/add `{goodsInfo}` → `{goodsId, auditId}`; the goods is submitted for audit (status 1). */
export function addGoods({ state, body, nowSec }: ApiContext): ApiResult {
  const info = goodsInfoOf(body)
  const f = readGoodsFields(info, ['coverImgUrl', 'name', 'priceType', 'price', 'url'])
  const goods: SimGoods = {
    goodsId: state.nextGoodsId,
    auditId: 0,
    name: f.name ?? '',
    coverImgUrl: '',
    priceType: f.priceType ?? 1,
    price: f.price ?? 0,
    price2: f.price2 ?? 0,
    url: f.url ?? '',
    thirdPartyAppid: f.thirdPartyAppid ?? '',
    auditStatus: 0,
    thirdPartyTag: 2,
  }
  checkPricePair(goods)
  checkGoodsImage(state, f.coverImgUrl ?? '', nowSec)
  checkGoodsUrl(state, goods.url)
  goods.coverImgUrl = mediaUrl(f.coverImgUrl ?? '')
  submitForAudit(state, goods, nowSec)
  state.nextGoodsId++
  state.goods[String(goods.goodsId)] = goods
  return { goodsId: goods.goodsId, auditId: goods.auditId }
}

/** POST goods/update `{goodsInfo:{goodsId, ...}}`: approved goods may change price only; pending ones nothing. */
export function updateGoods({ state, body, nowSec }: ApiContext): ApiResult {
  const info = goodsInfoOf(body)
  const goods = requireGoods(state, requireInt(info, 'goodsId', 'parameter goodsId must no be null'))
  if (goods.auditStatus === 1) throw new WxFail(300010, 'goods auditStatus can not update')
  const changed = Object.keys(info).filter((k) => k !== 'goodsId' && info[k] !== undefined)
  if (goods.auditStatus === 2 && changed.some((k) => !PRICE_FIELDS.includes(k))) {
    throw new WxFail(300010, 'approved goods can only update price')
  }
  const f = readGoodsFields(info, [])
  const next: SimGoods = {
    ...goods,
    ...definedOnly({
      name: f.name,
      priceType: f.priceType,
      price: f.price,
      price2: f.price2,
      url: f.url,
      thirdPartyAppid: f.thirdPartyAppid,
    }),
  }
  checkPricePair(next)
  if (f.url !== undefined) checkGoodsUrl(state, f.url)
  if (f.coverImgUrl !== undefined) {
    checkGoodsImage(state, f.coverImgUrl, nowSec)
    next.coverImgUrl = mediaUrl(f.coverImgUrl)
  }
  state.goods[String(goods.goodsId)] = next
  return {}
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** POST goods/delete: from the library and every room shelf; not while under audit. */
export function deleteGoods({ state, body }: ApiContext): ApiResult {
  const goods = requireGoods(state, requireInt(body, 'goodsId', 'parameter goodsId must no be null'))
  if (goods.auditStatus === 1) throw new WxFail(300014, 'goods is auditing, can not delete')
  delete state.goods[String(goods.goodsId)]
  for (const room of Object.values(state.rooms)) {
    room.goods = room.goods.filter((g) => g.goodsId !== goods.goodsId)
    if (room.pushing?.goodsId === goods.goodsId) delete room.pushing
  }
  return {}
}

/** POST goods/resetaudit `{auditId, goodsId}`: only a pending audit can be withdrawn (→ 0). */
export function resetAudit({ state, body }: ApiContext): ApiResult {
  const goods = requireGoods(state, requireInt(body, 'goodsId', 'parameter goodsId must no be null'))
  const auditId = requireInt(body, 'auditId', 'parameter auditId must no be null')
  if (goods.auditStatus !== 1) throw new WxFail(300017, "goods is not auditing, can't reset review")
  if (auditId !== goods.auditId) throw new WxFail(300009, 'reset audit failed')
  goods.auditStatus = 0
  delete goods.submittedAt
  return {}
}

/** POST goods/audit `{goodsId}` → `{auditId}`: resubmit a withdrawn (0) or rejected (3) goods. */
export function resubmitAudit({ state, body, nowSec }: ApiContext): ApiResult {
  const goods = requireGoods(state, requireInt(body, 'goodsId', 'parameter goodsId must no be null'))
  if (goods.auditStatus !== 0 && goods.auditStatus !== 3)
    throw new WxFail(300010, 'goods auditStatus can not submit audit')
  submitForAudit(state, goods, nowSec)
  return { auditId: goods.auditId }
}

function price(state: SimState, yuan: number): number {
  return state.config.warehousePriceUnit === 'fen' ? Math.round(yuan * 100) : yuan
}

/** POST getgoodswarehouse `{goods_ids}` (≤ 20): snake_case rows with audit_status; unknown ids are skipped. */
export function getGoodsWarehouse({ state, body }: ApiContext): ApiResult {
  const ids = body['goods_ids']
  if (!Array.isArray(ids) || ids.length === 0) throw new WxFail(200002, 'parameter goods_ids must no be null')
  if (ids.length > 20) throw new WxFail(200002, 'goods_ids length must be less than or equal to 20')
  const goods = ids.flatMap((id) => {
    const g = state.goods[String(toNumber(id))]
    return g ? [warehouseRow(state, g)] : []
  })
  return { total: goods.length, goods }
}

export function warehouseRow(state: SimState, g: SimGoods): Record<string, unknown> {
  return {
    goods_id: g.goodsId,
    name: g.name,
    cover_img_url: g.coverImgUrl,
    url: g.url,
    price_type: g.priceType,
    price: price(state, g.price),
    price2: price(state, g.price2),
    audit_status: g.auditStatus,
    third_party_tag: g.thirdPartyTag,
    thirdPartyAppid: g.thirdPartyAppid,
  }
}

/** GET goods/getapproved?offset=&limit=&status=: camelCase rows, no audit_status per row. */
export function getApproved({ state, query }: ApiContext): ApiResult {
  const q: Body = Object.fromEntries(query.entries())
  const offset = requireInt(q, 'offset', 'parameter offset must no be null')
  const status = requireInt(q, 'status', 'parameter status must no be null')
  const limit = q['limit'] === undefined ? 30 : requireInt(q, 'limit')
  if (offset < 0 || limit < 1 || limit > 100 || status < 0 || status > 3)
    throw new WxFail(200002, 'parameter offset, limit or status is invalid')
  const all = Object.values(state.goods)
    .filter((g) => g.auditStatus === status)
    .sort((a, b) => a.goodsId - b.goodsId)
  const goods = all.slice(offset, offset + limit).map((g) => ({
    goodsId: g.goodsId,
    name: g.name,
    coverImgUrl: g.coverImgUrl,
    url: g.url,
    priceType: g.priceType,
    price: price(state, g.price),
    price2: price(state, g.price2),
    thirdPartyTag: g.thirdPartyTag,
    thirdPartyAppid: g.thirdPartyAppid,
  }))
  return { total: all.length, goods }
}

// ---------------------------------------------------------------- in-room goods

const CLOSED_STATUSES = [103, 104, 107]

function shelfItem(state: SimState, body: Body, missingErrcode: number): { roomId: number; goodsId: number } {
  const roomId = requireInt(body, 'roomId')
  const goodsId = requireInt(body, 'goodsId')
  const room = requireRoom(state, roomId)
  if (CLOSED_STATUSES.includes(room.liveStatus))
    throw new WxFail(300023, 'the current room status does not allow this operation')
  if (!room.goods.some((g) => g.goodsId === goodsId))
    throw new WxFail(missingErrcode, missingErrcode === 300053 ? 'goods not in room' : 'goods is not exist')
  return { roomId, goodsId }
}

/** POST goods/onsale `{roomId, goodsId, onSale}`: not while a push is on screen (300049). */
export function setOnSale({ state, body }: ApiContext): ApiResult {
  const { roomId, goodsId } = shelfItem(state, body, 300024)
  const onSale = toNumber(body['onSale'])
  if (onSale !== 0 && onSale !== 1) throw new WxFail(200002, 'parameter onSale is invalid')
  const room = requireRoom(state, roomId)
  if (room.pushing) throw new WxFail(300049, 'goods is pushing, can not change sale status')
  const item = room.goods.find((g) => g.goodsId === goodsId)
  if (item) item.onSale = onSale
  return {}
}

/** POST goods/deleteInRoom `{roomId, goodsId}`. */
export function deleteInRoom({ state, body }: ApiContext): ApiResult {
  const { roomId, goodsId } = shelfItem(state, body, 300024)
  const room = requireRoom(state, roomId)
  if (room.pushing) throw new WxFail(300047, 'another goods is pushing, please try later')
  room.goods = room.goods.filter((g) => g.goodsId !== goodsId)
  return {}
}

/** POST goods/push `{roomId, goodsId}`: live rooms only, goods on the shelf and on sale, one push at a time. */
export function pushGoods({ state, body, nowSec }: ApiContext): ApiResult {
  const { roomId, goodsId } = shelfItem(state, body, 300053)
  const room = requireRoom(state, roomId)
  if (room.liveStatus !== 101)
    throw new WxFail(300023, 'the current room status does not allow this operation')
  if (room.goods.find((g) => g.goodsId === goodsId)?.onSale !== 1)
    throw new WxFail(300052, 'goods is off sale, can not push')
  if (room.pushing) throw new WxFail(300047, 'another goods is pushing, please try later')
  if (state.config.pushDurationSec > 0)
    room.pushing = { goodsId, until: nowSec + state.config.pushDurationSec }
  return {}
}

// ---------------------------------------------------------------- media

/** POST cgi-bin/media/upload?type=image, multipart field `media` → `{type, media_id, created_at}`. */
export function uploadMedia({ state, query, raw, contentType, nowSec }: ApiContext): ApiResult {
  if (query.get('type') !== 'image') throw new WxFail(40004, 'invalid media type')
  const file = parseMultipart(raw, contentType).find((f) => f.field === 'media')
  if (!file || file.data.length === 0) throw new WxFail(41005, 'media data missing')
  if (file.data.length > state.config.mediaMaxBytes) throw new WxFail(40009, 'invalid image size')
  const mediaId = `${(state.nextMediaSeq++).toString(36)}_${randomBytes(24).toString('base64url')}`
  state.media[mediaId] = {
    mediaId,
    createdAt: nowSec,
    bytes: file.data.length,
    ...(imageSize(file.data) ?? {}),
  }
  return { type: 'image', media_id: mediaId, created_at: nowSec }
}
