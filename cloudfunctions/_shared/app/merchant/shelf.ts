/**
 * 直播间导入商品 and the live monitor's shelf actions: import (also 上新链接 during the broadcast),
 * remove, on/off sale, 允许抢购/不可抢购, and push to viewers' screens.
 */
import { z } from 'zod'
import type { GoodsRecord, RoomRecord, ShelfRecord } from '../../model'
import { BizError } from '../../domain/errors'
import { shelfStoreMatches } from '../../domain/room-rules'
import { shelfKey } from '../../domain/stock'
import { CLOSED_STATUSES, storedRoom } from './rooms'
import { audit, parse, type MerchantDeps } from './support'
import { LIVE_STATUS } from '../../domain/live'
import { AUDIT_STATUS } from '../../domain/order-rules'

const roomId = z.number().int().positive()
const goodsId = z.string().min(1).max(64)

export const importGoodsInput = z
  .object({
    roomId,
    goodsIds: z
      .array(goodsId)
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, '商品重复'),
  })
  .strict()

/**
 * Imports approved goods of the room's store into the room, before or during the broadcast. Goods
 * already on the shelf are left as they are; goods removed earlier come back with their counters.
 */
export async function importGoods(
  deps: MerchantDeps,
  actor: string,
  input: { roomId: number; goodsIds: string[] },
): Promise<{ added: string[]; alreadyOnShelf: string[] }> {
  const d = parse(importGoodsInput, input)
  const room = await openRoom(deps, d.roomId, '直播间已结束，不能再导入商品')
  const goods = await importable(deps, room, d.goodsIds)
  const shelf = new Map((await deps.repos.shelf.listByRoom(room.roomId)).map((s) => [s.goodsId, s]))
  const fresh = goods.filter((g) => !shelf.get(g._id)?.inRoom)
  const alreadyOnShelf = goods.filter((g) => shelf.get(g._id)?.inRoom).map((g) => g._id)
  if (fresh.length === 0) return { added: [], alreadyOnShelf }

  await (
    await deps.wechat()
  ).addGoodsToRoom(
    room.roomId,
    fresh.map((g) => g.wxGoodsId as number),
  )
  const now = deps.clock.now()
  for (const g of fresh) {
    const known = shelf.get(g._id)
    if (known) await deps.repos.shelf.update(known._id, { inRoom: true, onSale: true, updatedAt: now })
    else await deps.repos.shelf.add(newShelfItem(room, g, now))
  }
  await audit(deps, actor, 'shelf.import', room.roomId, {
    goodsIds: fresh.map((g) => g._id),
    duringLive: room.liveStatus === LIVE_STATUS.LIVE,
  })
  return { added: fresh.map((g) => g._id), alreadyOnShelf }
}

/** Manual §7: only audit-approved goods whose 出库门店 is the room's 开播门店. */
async function importable(deps: MerchantDeps, room: RoomRecord, goodsIds: string[]): Promise<GoodsRecord[]> {
  const found = new Map((await deps.repos.goods.getMany(goodsIds)).map((g) => [g._id, g]))
  const missing = goodsIds.filter((id) => !found.get(id) || found.get(id)?.deletedAt)
  if (missing.length)
    throw new BizError('NOT_FOUND', `商品不存在：${missing.join('、')}`, { goodsIds: missing })
  const goods = goodsIds.map((id) => found.get(id) as GoodsRecord)
  const unapproved = goods.filter((g) => g.auditStatus !== AUDIT_STATUS.APPROVED || g.wxGoodsId === undefined)
  if (unapproved.length)
    throw new BizError('GOODS_NOT_APPROVED', undefined, { goodsIds: unapproved.map((g) => g._id) })
  const elsewhere = goods.filter((g) => !shelfStoreMatches(room.storeId, g.storeId))
  if (elsewhere.length)
    throw new BizError('STORE_MISMATCH', undefined, {
      goodsIds: elsewhere.map((g) => g._id),
      roomStoreId: room.storeId,
    })
  return goods
}

function newShelfItem(room: RoomRecord, g: GoodsRecord, now: number): ShelfRecord {
  return {
    _id: shelfKey(room.roomId, g._id),
    roomId: room.roomId,
    goodsId: g._id,
    wxGoodsId: g.wxGoodsId as number,
    storeId: g.storeId,
    quota: g.quota,
    sold: 0,
    reserved: 0,
    remaining: g.quota,
    inRoom: true,
    onSale: true,
    grabOpen: false,
    holds: {},
    addedAt: now,
    updatedAt: now,
  }
}

export const shelfItemInput = z.object({ roomId, goodsId }).strict()

/**
 * Takes a goods off the room (WeChat deleteInRoom). Allowed while unpaid orders hold quota: those
 * orders keep their reservation and are paid or closed as usual; the shelf record and its counters stay.
 */
export async function removeFromRoom(
  deps: MerchantDeps,
  actor: string,
  input: { roomId: number; goodsId: string },
): Promise<ShelfRecord> {
  const d = parse(shelfItemInput, input)
  const room = await openRoom(deps, d.roomId, '直播间已结束，不能再移除商品')
  const item = await onShelf(deps, room.roomId, d.goodsId)
  // already off the room on WeChat's side ('gone'): ours follows all the same
  await (await deps.wechat()).deleteGoodsInRoom(room.roomId, item.wxGoodsId)
  return patchItem(deps, actor, item, { inRoom: false }, 'shelf.remove', { reserved: item.reserved })
}

export const onSaleInput = z.object({ roomId, goodsId, onSale: z.boolean() }).strict()

/** 上架/下架 in the room (WeChat goods/onsale). */
export async function setOnSale(
  deps: MerchantDeps,
  actor: string,
  input: { roomId: number; goodsId: string; onSale: boolean },
): Promise<ShelfRecord> {
  const d = parse(onSaleInput, input)
  const room = await openRoom(deps, d.roomId, '直播间已结束，不能再上下架商品')
  const item = await onShelf(deps, room.roomId, d.goodsId)
  if (item.onSale === d.onSale) return item
  await (await deps.wechat()).setGoodsOnSale(room.roomId, item.wxGoodsId, d.onSale)
  return patchItem(deps, actor, item, { onSale: d.onSale }, 'shelf.onSale', { onSale: d.onSale })
}

export const grabInput = z.object({ roomId, goodsId, open: z.boolean() }).strict()

/** The live monitor's 不可抢购 ↔ 允许抢购 switch (for `manual` grab timing); ours alone, no WeChat call. */
export async function setGrabOpen(
  deps: MerchantDeps,
  actor: string,
  input: { roomId: number; goodsId: string; open: boolean },
): Promise<ShelfRecord> {
  const d = parse(grabInput, input)
  const room = await storedRoom(deps, d.roomId)
  const item = await onShelf(deps, room.roomId, d.goodsId)
  if (item.grabOpen === d.open) return item
  return patchItem(deps, actor, item, { grabOpen: d.open }, 'shelf.grab', { open: d.open })
}

/** 推送: shows the goods on viewers' screens; WeChat allows it only while live and on sale. */
export async function pushGoods(
  deps: MerchantDeps,
  actor: string,
  input: { roomId: number; goodsId: string },
): Promise<{ pushed: true }> {
  const d = parse(shelfItemInput, input)
  const room = await openRoom(deps, d.roomId, '直播间已结束，不能推送商品')
  const item = await onShelf(deps, room.roomId, d.goodsId)
  if (!item.onSale) throw new BizError('CONFLICT', '已下架的商品不能推送，请先上架')
  await (await deps.wechat()).pushGoods(room.roomId, item.wxGoodsId)
  await audit(deps, actor, 'shelf.push', room.roomId, { goodsId: item.goodsId })
  return { pushed: true }
}

/** A stored room WeChat still lets us operate on (not ended, banned or expired: 300023 otherwise). */
async function openRoom(deps: MerchantDeps, id: number, closedMessage: string): Promise<RoomRecord> {
  const room = await storedRoom(deps, id)
  if (CLOSED_STATUSES.includes(room.liveStatus))
    throw new BizError('CONFLICT', closedMessage, { liveStatus: room.liveStatus })
  return room
}

async function onShelf(deps: MerchantDeps, roomId: number, goodsId: string): Promise<ShelfRecord> {
  const item = await deps.repos.shelf.get(roomId, goodsId)
  if (!item || !item.inRoom) throw new BizError('NOT_ON_SHELF', '该商品不在本直播间货架上')
  return item
}

async function patchItem(
  deps: MerchantDeps,
  actor: string,
  item: ShelfRecord,
  patch: Partial<ShelfRecord>,
  action: string,
  detail: Record<string, unknown>,
): Promise<ShelfRecord> {
  const updated = { ...patch, updatedAt: deps.clock.now() }
  await deps.repos.shelf.update(item._id, updated)
  await audit(deps, actor, action, item.roomId, { goodsId: item.goodsId, ...detail })
  return { ...item, ...updated }
}
