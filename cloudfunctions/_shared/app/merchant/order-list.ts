/** 订单 (SPEC back office §6): every live order filtered by room, store, status and time; detail; CSV export. */
import type { OrderRow, Page } from '../../../../typings/admin'
import type { OrderRecord } from '../../model'
import type { OrderFilter } from '../../ports'
import { BizError } from '../../domain/errors'
import { beijingTime, toCsv, yuan } from './csv'
import type { MerchantDeps } from './support'
import { orderRow } from './views'

/** An export reads at most this many orders (a day of 50 rooms selling out stays far below). */
export const EXPORT_MAX = 50_000

export async function listOrders(
  deps: MerchantDeps,
  input: OrderFilter & { page: number; pageSize: number },
): Promise<Page<OrderRow>> {
  const { page, pageSize, ...filter } = input
  const res = await deps.repos.orderQuery.search(filter, (page - 1) * pageSize, pageSize)
  return { items: res.items.map(orderRow), total: res.total }
}

export async function orderDetail(deps: MerchantDeps, orderId: string): Promise<OrderRow> {
  const order = await deps.repos.orders.get(orderId)
  if (!order || order.status === 'reserving' || order.status === 'failed')
    throw new BizError('ORDER_NOT_FOUND')
  return orderRow(order)
}

const STATUS_NAMES: Record<string, string> = {
  pending: '待支付',
  paid: '已支付',
  cancelled: '已取消',
  closed: '已关闭',
  refunded: '已退款',
}

/** The filtered orders as a CSV file (UTF-8 with BOM, Beijing times, amounts in yuan). */
export async function exportOrders(deps: MerchantDeps, filter: OrderFilter): Promise<string> {
  const rows: OrderRecord[] = []
  for (let offset = 0; offset < EXPORT_MAX; offset += 1000) {
    const page = await deps.repos.orderQuery.search(filter, offset, 1000)
    rows.push(...page.items)
    if (page.items.length < 1000) break
  }
  return toCsv(
    [
      '订单号',
      '状态',
      '直播间',
      '门店',
      '商品编码',
      '商品',
      '单位',
      '数量',
      '单价(元)',
      '金额(元)',
      '会员',
      '下单时间',
      '支付时间',
      '退款时间',
      '支付单号',
    ],
    rows.map((o) => [
      o._id,
      STATUS_NAMES[o.status] ?? o.status,
      o.roomId,
      o.storeId,
      o.productCode,
      o.name,
      o.unit,
      o.qty,
      yuan(o.priceFen),
      yuan(o.amountFen),
      o.openid,
      beijingTime(o.createdAt),
      beijingTime(o.paidAt),
      beijingTime(o.refundedAt),
      o.paidTradeNo,
    ]),
  )
}
