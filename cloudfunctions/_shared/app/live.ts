/** What members see of the rooms: the list, one room with its shelf, and one shelf item for the goods page. */
import type { ItemView, RoomDetail, RoomState, RoomSummary, ShelfItemView } from '../../../typings/api'
import type { GoodsRecord, RoomRecord, ShelfRecord } from '../model'
import type { Clock, Repos, WechatLiveApi } from '../ports'
import { BizError } from '../domain/errors'
import { roomStateOf } from '../domain/live'
import { CANNOT_BUY_MESSAGES, cannotBuyReason, maxQtyFor } from '../domain/order-rules'
import { limitKey, remainingOf, stockKey } from '../domain/stock'
import { freshStates, roomForViewers } from './live-state'

type Deps = { repos: Repos; clock: Clock; wechat(): Promise<WechatLiveApi> }

/** Rooms for the member's list, newest schedule first, optionally one store's or in one state. */
export async function listRooms(
  deps: Deps,
  filter: { storeId?: string; state?: RoomState },
): Promise<{ rooms: RoomSummary[] }> {
  const { repos } = deps
  // rule 3's bound holds for what members see; when WeChat cannot answer, the stored states are shown
  await freshStates(deps).catch(() => undefined)
  const [rooms, stores] = await Promise.all([
    repos.rooms.list(filter.storeId ? { storeId: filter.storeId } : {}),
    repos.stores.list(),
  ])
  const names = new Map(stores.map((s) => [s._id, s.name]))
  const rows = rooms.filter((r) => r.storeId).map((r) => summary(r, names.get(r.storeId) ?? ''))
  return { rooms: filter.state ? rows.filter((r) => r.state === filter.state) : rows }
}

/** One room with the goods on its shelf and each one's quota counters. */
export async function roomDetail(deps: Deps, roomId: number): Promise<RoomDetail> {
  const { repos } = deps
  const room = await roomForViewers(deps, roomId)
  if (!room) throw new BizError('ROOM_NOT_FOUND')
  const [store, shelf] = await Promise.all([repos.stores.get(room.storeId), repos.shelf.listByRoom(roomId)])
  const visible = shelf.filter((s) => s.inRoom && s.onSale)
  const goods = new Map((await repos.goods.getMany(visible.map((s) => s.goodsId))).map((g) => [g._id, g]))
  const stock = await stockOf(repos, [...goods.values()])
  const items = visible.flatMap((s) => {
    const g = goods.get(s.goodsId)
    return g ? [shelfItem(s, g, stock.get(g._id) ?? 0)] : []
  })
  return { ...summary(room, store?.name ?? ''), shelf: items }
}

/**
 * One shelf item for the goods page, with whether this caller can buy it now and, if not, why —
 * decided by the same rules order.create enforces.
 */
export async function shelfItemFor(
  deps: Deps,
  openid: string,
  roomId: number,
  goodsId: string,
): Promise<ItemView> {
  const { repos } = deps
  const [room, shelf, goods, member] = await Promise.all([
    roomForViewers(deps, roomId),
    repos.shelf.get(roomId, goodsId),
    repos.goods.get(goodsId),
    openid ? repos.members.member(openid) : Promise.resolve(null),
  ])
  if (!room) throw new BizError('ROOM_NOT_FOUND')
  if (!shelf || !goods) throw new BizError('NOT_ON_SHELF')
  const [card, limit, stock] = await Promise.all([
    member ? repos.members.card(member.cardNo) : Promise.resolve(null),
    openid ? repos.counters.taken(limitKey(openid, roomId, goodsId)) : Promise.resolve(0),
    repos.stock.get(stockKey(goods.storeId, goods.productCode, goods.packUnit)),
  ])
  const input = {
    member: { cardBound: !!card, cardActive: card?.status === 'active' },
    room: { exists: true, liveStatus: room.liveStatus, storeId: room.storeId },
    item: itemFacts(shelf, goods),
    alreadyTaken: limit,
    stock: stock ? stock.quantity : null,
  }
  const reason = cannotBuyReason(input)
  const item = shelfItem(shelf, goods, stock?.quantity ?? 0)
  return {
    ...item,
    roomId,
    roomName: room.name,
    liveStatus: room.liveStatus,
    canBuy: reason === null,
    maxQty: reason === null ? maxQtyFor(goods.perOrderLimit, limit, item.remaining) : 0,
    ...(reason !== null && { reasonCode: reason, reason: CANNOT_BUY_MESSAGES[reason] }),
  }
}

/** The facts of a shelf item the order rules look at. */
export function itemFacts(shelf: ShelfRecord, goods: GoodsRecord) {
  return {
    onShelf: shelf.inRoom && shelf.onSale && !goods.deletedAt,
    auditStatus: goods.auditStatus,
    grabTiming: goods.grabTiming,
    grabOpen: shelf.grabOpen,
    storeId: shelf.storeId,
    perOrderLimit: goods.perOrderLimit,
    quota: shelf.quota,
    sold: shelf.sold,
    reserved: shelf.reserved,
  }
}

function summary(r: RoomRecord, storeName: string): RoomSummary {
  return {
    roomId: r.roomId,
    storeId: r.storeId,
    storeName,
    name: r.name,
    coverUrl: r.coverUrl,
    shareUrl: r.shareUrl,
    anchorName: r.anchorName,
    startAt: r.startAt,
    endAt: r.endAt,
    liveStatus: r.liveStatus,
    state: roomStateOf(r.liveStatus, r.replayAvailable),
  }
}

/** Each goods' store stock (what may still be sold of its product code and unit at its store). */
async function stockOf(repos: Repos, goods: GoodsRecord[]): Promise<Map<string, number>> {
  const rows = await Promise.all(
    goods.map((g) => repos.stock.get(stockKey(g.storeId, g.productCode, g.packUnit))),
  )
  return new Map(goods.map((g, i) => [g._id, rows[i]?.quantity ?? 0]))
}

/** A shelf item as members see it; `remaining` is what can still be bought: quota left or stock, the less. */
function shelfItem(s: ShelfRecord, g: GoodsRecord, stock: number): ShelfItemView {
  return {
    goodsId: g._id,
    productCode: g.productCode,
    name: g.name,
    unit: g.unit,
    coverUrl: g.coverUrl,
    livePriceFen: g.livePriceFen,
    quota: s.quota,
    sold: s.sold,
    reserved: s.reserved,
    remaining: Math.max(0, Math.min(remainingOf(s), stock)),
    perOrderLimit: g.perOrderLimit,
    grabTiming: g.grabTiming,
    grabOpen: g.grabTiming === 'on_live' || s.grabOpen,
    storeId: s.storeId,
  }
}
