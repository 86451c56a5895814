/**
 * 直播间管理 lists and 直播间实时监控 (SPEC back office §5): the room list, one room with its shelf, and
 * the monitor's snapshot the page polls about once a second — a handful of reads, no WeChat call.
 */
import type {
  MonitorItem,
  MonitorSnapshot,
  RoomDetailView,
  RoomList,
  SalesMinute,
  StaffRow,
} from '../../../../typings/admin'
import type { GoodsRecord, RoomRecord, ShelfRecord } from '../../model'
import { BizError } from '../../domain/errors'
import { ROOM_RULES, shanghaiDay } from '../../domain/room-rules'
import { stockKey } from '../../domain/stock'
import { storedRoom } from './rooms'
import { setGrabOpen } from './shelf'
import type { MerchantDeps } from './support'
import { monitorItem, orderRow, roomRow } from './views'

/** The snapshot's latest orders, and how far back its sales chart reaches. */
export const MONITOR_ORDERS = 50
export const SALES_WINDOW_MS = 60 * 60 * 1000
const MINUTE = 60_000

/** Who is asking: an assistant sees only the rooms assigned to them. */
export type Viewer = Pick<StaffRow, 'role' | 'roomIds'>

/** The rooms, newest start first, with today's count against WeChat's 50 a day. */
export async function listRooms(
  deps: MerchantDeps,
  viewer: Viewer,
  input: { page: number; pageSize: number; storeId?: string },
): Promise<RoomList> {
  const [rooms, stores, todayCount] = await Promise.all([
    deps.repos.rooms.list(input.storeId ? { storeId: input.storeId } : {}),
    storeNames(deps),
    deps.repos.rooms.dailySlotsTaken(shanghaiDay(deps.clock.now())),
  ])
  const visible = rooms
    .filter((r) => !r.deletedAt)
    .filter((r) => viewer.role !== 'assistant' || viewer.roomIds.includes(r.roomId))
    .sort((a, b) => b.startAt - a.startAt)
  const start = (input.page - 1) * input.pageSize
  return {
    items: visible.slice(start, start + input.pageSize).map((r) => roomRow(r, stores.get(r.storeId) ?? '')),
    total: visible.length,
    todayCount,
    dailyLimit: ROOM_RULES.dailyLimit,
  }
}

/** One room with its shelf as the monitor shows it. */
export async function roomDetail(deps: MerchantDeps, roomId: number): Promise<RoomDetailView> {
  const room = await storedRoom(deps, roomId)
  const [items, stores] = await Promise.all([shelfItems(deps, room), storeNames(deps)])
  return { ...roomRow(room, stores.get(room.storeId) ?? ''), shelf: items }
}

/** The live monitor's snapshot: shelf counters and stock, latest orders, sales per minute, server time. */
export async function monitorSnapshot(deps: MerchantDeps, roomId: number): Promise<MonitorSnapshot> {
  const room = await storedRoom(deps, roomId)
  const now = deps.clock.now()
  const since = Math.floor((now - SALES_WINDOW_MS) / MINUTE) * MINUTE
  const [items, store, orders, paid] = await Promise.all([
    shelfItems(deps, room),
    deps.repos.stores.get(room.storeId),
    deps.repos.orderQuery.latestByRoom(room.roomId, MONITOR_ORDERS),
    deps.repos.orderQuery.paidSince(room.roomId, since),
  ])
  return {
    room: roomRow(room, store?.name ?? ''),
    items,
    orders: orders.map(orderRow),
    salesPerMinute: perMinute(paid),
    serverTime: now,
  }
}

/** Paid sales bucketed by minute, oldest first; refunded sales still count in the minute they were paid. */
export function perMinute(paid: Array<{ paidAt?: number; qty: number; amountFen: number }>): SalesMinute[] {
  const buckets = new Map<number, SalesMinute>()
  for (const o of paid) {
    if (o.paidAt === undefined) continue
    const minuteAt = Math.floor(o.paidAt / MINUTE) * MINUTE
    const b = buckets.get(minuteAt) ?? { minuteAt, qty: 0, amountFen: 0 }
    b.qty += o.qty
    b.amountFen += o.amountFen
    buckets.set(minuteAt, b)
  }
  return [...buckets.values()].sort((a, b) => a.minuteAt - b.minuteAt)
}

/** The monitor's 不可抢购 ↔ 允许抢购 switch, answered with the fresh row. */
export async function switchGrab(
  deps: MerchantDeps,
  actor: string,
  input: { roomId: number; goodsId: string; open: boolean },
): Promise<MonitorItem> {
  const goods = await deps.repos.goods.get(input.goodsId)
  if (goods?.grabTiming === 'on_live')
    throw new BizError(
      'CONFLICT',
      '该商品的抢购时机为“开播即可抢购”，无需手动开关；如需控制请在商品库改为“手动开启”',
    )
  const shelf = await setGrabOpen(deps, actor, input)
  return monitorItem(shelf, goods ?? undefined, await stockOf(deps, shelf, goods ?? undefined))
}

/** The room's shelf items (on the room now) with their goods and store stock. */
export async function shelfItems(deps: MerchantDeps, room: RoomRecord): Promise<MonitorItem[]> {
  const shelf = (await deps.repos.shelf.listByRoom(room.roomId))
    .filter((s) => s.inRoom)
    .sort((a, b) => a.addedAt - b.addedAt)
  if (shelf.length === 0) return []
  const goods = new Map((await deps.repos.goods.getMany(shelf.map((s) => s.goodsId))).map((g) => [g._id, g]))
  const stocks = await Promise.all(shelf.map((s) => stockOf(deps, s, goods.get(s.goodsId))))
  return shelf.map((s, i) => monitorItem(s, goods.get(s.goodsId), stocks[i] ?? 0))
}

async function stockOf(
  deps: MerchantDeps,
  shelf: ShelfRecord,
  goods: GoodsRecord | undefined,
): Promise<number> {
  if (!goods) return 0
  const stock = await deps.repos.stock.get(stockKey(shelf.storeId, goods.productCode, goods.packUnit))
  return stock?.quantity ?? 0
}

async function storeNames(deps: MerchantDeps): Promise<Map<string, string>> {
  return new Map((await deps.repos.stores.list()).map((s) => [s._id, s.name]))
}
