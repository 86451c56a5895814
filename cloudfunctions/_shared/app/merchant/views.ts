/** The back office's rows (typings/admin.d.ts) made from the stored records. */
import type { GoodsRow, MonitorItem, OrderRow, RoomRow } from '../../../../typings/admin'
import type { RefundView } from '../../../../typings/views'
import type { GoodsRecord, OrderRecord, RoomRecord, ShelfRecord } from '../../model'
import { roomStateOf } from '../../domain/live'
import { orderView } from '../order'

export function goodsRow(g: GoodsRecord): GoodsRow {
  return {
    goodsId: g._id,
    storeId: g.storeId,
    productCode: g.productCode,
    unit: g.unit,
    packUnit: g.packUnit,
    name: g.name,
    quota: g.quota,
    perOrderLimit: g.perOrderLimit,
    livePriceFen: g.livePriceFen,
    grabTiming: g.grabTiming,
    coverUrl: g.coverUrl,
    auditStatus: g.auditStatus,
    ...(g.wxGoodsId !== undefined && { wxGoodsId: g.wxGoodsId }),
    updatedAt: g.updatedAt,
  }
}

export function roomRow(r: RoomRecord, storeName: string): RoomRow {
  return {
    roomId: r.roomId,
    storeId: r.storeId,
    storeName,
    type: r.type === 1 ? 'push' : 'phone',
    title: r.name,
    startAt: r.startAt,
    endAt: r.endAt,
    anchorName: r.anchorName,
    ...(r.anchorWechat !== undefined && { anchorWechat: r.anchorWechat }),
    liveStatus: r.liveStatus,
    state: roomStateOf(r.liveStatus, r.replayAvailable),
    coverUrl: r.coverUrl,
    shareUrl: r.shareUrl,
    replayAvailable: r.replayAvailable,
    origin: r.origin,
    syncedAt: r.syncedAt,
    updatedAt: r.updatedAt,
  }
}

/** One shelf item as the live monitor shows it; `stock` is the outbound store's quantity left. */
export function monitorItem(shelf: ShelfRecord, goods: GoodsRecord | undefined, stock: number): MonitorItem {
  const grabTiming = goods?.grabTiming ?? 'manual'
  return {
    goodsId: shelf.goodsId,
    name: goods?.name ?? '',
    productCode: goods?.productCode ?? '',
    unit: goods?.unit ?? '',
    livePriceFen: goods?.livePriceFen ?? 0,
    quota: shelf.quota,
    sold: shelf.sold,
    reserved: shelf.reserved,
    remaining: shelf.remaining,
    stock,
    grabTiming,
    grabOpen: grabTiming === 'on_live' || shelf.grabOpen,
    onSale: shelf.onSale,
  }
}

export function orderRow(o: OrderRecord): OrderRow {
  const view = orderView(o)
  const refund = view.refund ?? refundOf(o)
  return {
    ...view,
    openid: o.openid,
    ...(o.paidTradeNo !== undefined && { outTradeNo: o.paidTradeNo }),
    ...(refund && { refund }),
  }
}

/** The latest refund of the order, as the member sees it (退款中 / 已退款). */
function refundOf(o: OrderRecord): RefundView | undefined {
  const latest = Object.values(o.refunds ?? {}).sort((a, b) => b.at - a.at)[0]
  if (!latest) return undefined
  return {
    amountFen: latest.amountFen,
    state: latest.state === 'SUCCESS' ? 'refunded' : 'refunding',
    requestedAt: latest.at,
    ...(latest.state === 'SUCCESS' && { refundedAt: latest.at }),
  }
}
