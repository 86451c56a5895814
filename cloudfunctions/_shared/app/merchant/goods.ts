/**
 * 商品库管理: the live goods library. Every goods is also a goods of WeChat's library: adding submits it
 * for audit, and what may still change on WeChat depends on the audit status. Rules are checked here
 * before WeChat is called, so a refusal costs no WeChat call and writes nothing.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { AuditStatus } from '../../../../typings/api'
import type { GoodsRecord } from '../../model'
import type { GoodsDraft } from '../../ports'
import { BizError } from '../../domain/errors'
import { validateGoodsDraft } from '../../domain/goods-rules'
import { AUDIT_STATUS } from '../../domain/order-rules'
import { audit, checkImage, imageSchema, parse, refuseIf, uploadImage, type MerchantDeps } from './support'

/** WeChat refuses goods covers larger than 300×300 pixels (300018). */
const GOODS_IMAGE_MAX_PX = 300

// numbers only: whole fen, quota ≥ 1 and limit ≤ quota are the domain's rules, with their own codes
const money = z.number()
const count = z.number()

export const addGoodsInput = z
  .object({
    storeId: z.string().trim().min(1).max(32),
    productCode: z.string().trim().min(1).max(64),
    /** 包装单位; defaults to `unit`. */
    packUnit: z.string().trim().min(1).max(8).optional(),
    unit: z.string().trim().min(1).max(8),
    name: z.string().trim().min(1).max(64),
    quota: count,
    perOrderLimit: count,
    livePriceFen: money,
    grabTiming: z.enum(['on_live', 'manual']),
    cover: imageSchema,
  })
  .strict()
export type AddGoodsInput = z.input<typeof addGoodsInput>

/** Adds a goods to the library and submits it to WeChat's audit (status 审核中 1). */
export async function addGoods(
  deps: MerchantDeps,
  actor: string,
  input: AddGoodsInput,
): Promise<GoodsRecord> {
  const d = parse(addGoodsInput, input)
  const packUnit = d.packUnit ?? d.unit
  refuseIf(validateGoodsDraft({ ...d, packUnit }))
  checkImage(d.cover, '商品图片', GOODS_IMAGE_MAX_PX)
  if (!(await deps.repos.stores.get(d.storeId))) throw new BizError('STORE_NOT_FOUND')
  const { goodsPagePath } = await deps.repos.settings.get()

  const goodsId = await freeGoodsId(deps, d.storeId, d.productCode, packUnit)
  const api = await deps.wechat()
  const mediaId = await uploadImage(api, d.cover, goodsId)
  const wx = await api.addGoods({
    coverMediaId: mediaId,
    name: d.name,
    priceType: 1,
    priceFen: d.livePriceFen,
    url: `${goodsPagePath}?goodsId=${goodsId}`,
  })
  const now = deps.clock.now()
  const record: GoodsRecord = {
    _id: goodsId,
    storeId: d.storeId,
    productCode: d.productCode,
    packUnit,
    unit: d.unit,
    name: d.name,
    quota: d.quota,
    perOrderLimit: d.perOrderLimit,
    livePriceFen: d.livePriceFen,
    grabTiming: d.grabTiming,
    coverUrl: await coverUrlOf(api, wx.goodsId),
    coverMediaId: mediaId,
    wxGoodsId: wx.goodsId,
    auditId: wx.auditId,
    auditStatus: AUDIT_STATUS.IN_REVIEW,
    createdAt: now,
    updatedAt: now,
  }
  await deps.repos.goods.add(record)
  await audit(deps, actor, 'goods.add', goodsId, {
    wxGoodsId: wx.goodsId,
    name: d.name,
    livePriceFen: d.livePriceFen,
    storeId: d.storeId,
  })
  return record
}

/**
 * A goods' id is derived from its store, product code and packaging unit (stable across reloads, so
 * links and scripts keep working); one live goods per product of a store, a deleted one's id retired.
 */
export function goodsIdFor(storeId: string, productCode: string, packUnit: string, generation = 0): string {
  const key = `${storeId}\u0000${productCode}\u0000${packUnit}${generation ? `\u0000${generation}` : ''}`
  return `g${createHash('sha256').update(key).digest('hex').slice(0, 16)}`
}

async function freeGoodsId(deps: MerchantDeps, storeId: string, productCode: string, packUnit: string) {
  for (let generation = 0; ; generation++) {
    const id = goodsIdFor(storeId, productCode, packUnit, generation)
    const taken = await deps.repos.goods.get(id)
    if (!taken) return id
    if (!taken.deletedAt)
      throw new BizError('CONFLICT', `商品库已有该门店的商品 ${productCode}（${packUnit}），请直接编辑`)
  }
}

/** The cover URL WeChat made of the upload (what members see); empty when WeChat cannot say right now. */
async function coverUrlOf(
  api: Awaited<ReturnType<MerchantDeps['wechat']>>,
  wxGoodsId: number,
): Promise<string> {
  try {
    return (await api.getGoodsWarehouse([wxGoodsId]))[0]?.coverUrl ?? ''
  } catch {
    // the goods exists on WeChat already: storing it matters more than its cover URL
    return ''
  }
}

export const editGoodsInput = z
  .object({
    goodsId: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(64).optional(),
    livePriceFen: money.optional(),
    cover: imageSchema.optional(),
    quota: count.optional(),
    perOrderLimit: count.optional(),
    grabTiming: z.enum(['on_live', 'manual']).optional(),
  })
  .strict()
export type EditGoodsInput = z.input<typeof editGoodsInput>

/**
 * Edits a goods. On WeChat: 审核中 (1) nothing may change; 审核通过 (2) only the price; 未审核/驳回 (0/3)
 * anything. Quota, limit and grab timing are ours alone and may always change; a new quota applies to
 * rooms the goods is imported into afterwards (a shelf keeps the quota it was imported with).
 */
export async function editGoods(
  deps: MerchantDeps,
  actor: string,
  input: EditGoodsInput,
): Promise<GoodsRecord> {
  const d = parse(editGoodsInput, input)
  const goods = await liveGoods(deps, d.goodsId)
  const next = {
    ...goods,
    ...definedOf({
      name: d.name,
      livePriceFen: d.livePriceFen,
      quota: d.quota,
      perOrderLimit: d.perOrderLimit,
      grabTiming: d.grabTiming,
    }),
  }
  refuseIf(validateGoodsDraft(next))
  if (d.cover) checkImage(d.cover, '商品图片', GOODS_IMAGE_MAX_PX)
  const onWechat = {
    name: next.name !== goods.name,
    price: next.livePriceFen !== goods.livePriceFen,
    cover: d.cover !== undefined,
  }
  checkWechatEdit(goods.auditStatus, onWechat)

  const patch: Partial<GoodsRecord> = {}
  for (const key of ['name', 'livePriceFen', 'quota', 'perOrderLimit', 'grabTiming'] as const) {
    if (next[key] !== goods[key]) Object.assign(patch, { [key]: next[key] })
  }
  if (onWechat.name || onWechat.price || onWechat.cover)
    Object.assign(patch, await pushEdit(deps, goods, next, d.cover))
  if (Object.keys(patch).length === 0) return goods
  patch.updatedAt = deps.clock.now()
  await deps.repos.goods.update(goods._id, patch)
  await audit(deps, actor, 'goods.edit', goods._id, { changes: changesOf(goods, patch) })
  return { ...goods, ...patch }
}

/** What WeChat lets change in each audit status (goods/update answers 300010 otherwise). */
function checkWechatEdit(
  status: AuditStatus,
  change: { name: boolean; price: boolean; cover: boolean },
): void {
  if (!change.name && !change.price && !change.cover) return
  if (status === 1)
    throw new BizError('GOODS_AUDIT_STATE', '商品审核中，不能修改品名、价格或图片；可先撤回审核')
  if (status === 2 && (change.name || change.cover)) {
    throw new BizError('GOODS_AUDIT_STATE', '审核通过的商品只能修改直播优惠价，品名和图片不能再修改')
  }
}

/** Sends the changed WeChat fields; returns the local fields the upload produced. */
async function pushEdit(
  deps: MerchantDeps,
  goods: GoodsRecord,
  next: GoodsRecord,
  cover: EditGoodsInput['cover'],
): Promise<Partial<GoodsRecord>> {
  const api = await deps.wechat()
  const info: Partial<GoodsDraft> = {}
  if (next.name !== goods.name) info.name = next.name
  if (next.livePriceFen !== goods.livePriceFen) info.priceFen = next.livePriceFen
  const out: Partial<GoodsRecord> = {}
  if (cover)
    info.coverMediaId = out.coverMediaId = await uploadImage(api, parse(imageSchema, cover), goods._id)
  await api.updateGoods(wxIdOf(goods), info)
  if (cover) out.coverUrl = await coverUrlOf(api, wxIdOf(goods))
  return out
}

export const goodsIdInput = z.object({ goodsId: z.string().min(1).max(64) }).strict()

/** 撤回审核: withdraws a pending audit (审核中 → 未审核) so the goods can be edited. */
export async function withdrawAudit(
  deps: MerchantDeps,
  actor: string,
  input: { goodsId: string },
): Promise<GoodsRecord> {
  const goods = await liveGoods(deps, parse(goodsIdInput, input).goodsId)
  if (goods.auditStatus !== AUDIT_STATUS.IN_REVIEW || goods.auditId === undefined)
    throw new BizError('GOODS_AUDIT_STATE', '只有审核中的商品可以撤回审核')
  await (await deps.wechat()).resetAudit(wxIdOf(goods), goods.auditId)
  return setAudit(deps, actor, goods, { auditStatus: AUDIT_STATUS.UNSUBMITTED }, 'goods.withdrawAudit')
}

/** 重新提审: submits a withdrawn or rejected goods for audit again (→ 审核中 with a new audit id). */
export async function resubmitAudit(
  deps: MerchantDeps,
  actor: string,
  input: { goodsId: string },
): Promise<GoodsRecord> {
  const goods = await liveGoods(deps, parse(goodsIdInput, input).goodsId)
  if (goods.auditStatus !== AUDIT_STATUS.UNSUBMITTED && goods.auditStatus !== AUDIT_STATUS.REJECTED)
    throw new BizError('GOODS_AUDIT_STATE', '只有未审核或审核驳回的商品可以重新提审')
  const { auditId } = await (await deps.wechat()).resubmitAudit(wxIdOf(goods))
  return setAudit(deps, actor, goods, { auditStatus: AUDIT_STATUS.IN_REVIEW, auditId }, 'goods.resubmitAudit')
}

async function setAudit(
  deps: MerchantDeps,
  actor: string,
  goods: GoodsRecord,
  patch: { auditStatus: AuditStatus; auditId?: number },
  action: string,
): Promise<GoodsRecord> {
  const updated = { ...patch, updatedAt: deps.clock.now() }
  await deps.repos.goods.update(goods._id, updated)
  await audit(deps, actor, action, goods._id, { from: goods.auditStatus, to: patch.auditStatus })
  return { ...goods, ...updated }
}

/**
 * Deletes a goods on WeChat, which also takes it off every room there; our shelf items follow
 * (inRoom false). The record stays, marked deleted, for the orders that name it.
 */
export async function deleteGoods(
  deps: MerchantDeps,
  actor: string,
  input: { goodsId: string },
): Promise<GoodsRecord> {
  const goods = await liveGoods(deps, parse(goodsIdInput, input).goodsId)
  if (goods.auditStatus === AUDIT_STATUS.IN_REVIEW)
    throw new BizError('GOODS_AUDIT_STATE', '商品审核中，不能删除；可先撤回审核')
  if (goods.wxGoodsId !== undefined) await (await deps.wechat()).deleteGoods(goods.wxGoodsId)
  const now = deps.clock.now()
  const shelves = await deps.repos.shelf.listByGoods(goods._id)
  for (const item of shelves.filter((s) => s.inRoom))
    await deps.repos.shelf.update(item._id, { inRoom: false, updatedAt: now })
  await deps.repos.goods.update(goods._id, { deletedAt: now, updatedAt: now })
  await audit(deps, actor, 'goods.delete', goods._id, {
    wxGoodsId: goods.wxGoodsId,
    rooms: shelves.filter((s) => s.inRoom).map((s) => s.roomId),
  })
  return { ...goods, deletedAt: now, updatedAt: now }
}

export const listGoodsInput = z
  .object({
    storeId: z.string().min(1).max(32).optional(),
    auditStatus: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
    keyword: z.string().trim().max(32).optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })
  .strict()
export type ListGoodsInput = z.input<typeof listGoodsInput>

/** The library, filtered by store, audit status and keyword (in the display name), a page at a time. */
export async function listGoods(
  deps: MerchantDeps,
  _actor: string,
  input: ListGoodsInput = {},
): Promise<{ total: number; page: number; pageSize: number; goods: GoodsRecord[] }> {
  const d = parse(listGoodsInput, input)
  const res = await deps.repos.goods.list({
    ...definedOf({ storeId: d.storeId, auditStatus: d.auditStatus, keyword: d.keyword || undefined }),
    offset: (d.page - 1) * d.pageSize,
    limit: d.pageSize,
  })
  return { total: res.total, page: d.page, pageSize: d.pageSize, goods: res.goods }
}

/** The goods, unless missing or deleted. */
async function liveGoods(deps: MerchantDeps, goodsId: string): Promise<GoodsRecord> {
  const goods = await deps.repos.goods.get(goodsId)
  if (!goods || goods.deletedAt) throw new BizError('NOT_FOUND', '商品不存在')
  return goods
}

function wxIdOf(goods: GoodsRecord): number {
  if (goods.wxGoodsId === undefined) throw new BizError('GOODS_AUDIT_STATE', '商品尚未提交到微信')
  return goods.wxGoodsId
}

function definedOf<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
}

/** `{ field: [before, after] }` for the audit log; uploads are named, not dumped. */
function changesOf(before: GoodsRecord, patch: Partial<GoodsRecord>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'updatedAt' || key === 'coverUrl') continue
    out[key] = key === 'coverMediaId' ? 'new cover' : [before[key as keyof GoodsRecord], value]
  }
  return out
}
