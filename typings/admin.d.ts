/**
 * The back office's JSON API (/admin/api/…, table in ADMIN_API.md): each route's request and response.
 * Derived from the declarations in `cloudfunctions/_shared/contract/admin/` (pure: zod and this folder):
 * requests from the zod schemas, responses from the declared result types, which the handlers are
 * checked against (`runtime/admin-routes.ts`), so the page and the server cannot drift apart.
 */
import type { z } from 'zod'
import type { AdminInputs } from '../cloudfunctions/_shared/contract/admin/schemas'
import type { AdminContract } from '../cloudfunctions/_shared/contract/admin'
import type { RequestOf, ResponseOf } from '../cloudfunctions/_shared/contract/define'
import type { AuditStatus, GrabTiming, LiveStatus, OrderView, PrizeState, RoomState } from './views'

export type StaffRole = 'owner' | 'operator' | 'assistant'

/** A server-side page of a list: `{ page, pageSize, …filters }` → `{ items, total }`. */
export interface Page<T> {
  items: T[]
  total: number
}

export interface MeView {
  username: string
  role: StaffRole
  /** An assistant's rooms (empty for owner and operator, who see every room). */
  roomIds: number[]
  /** Send as header `x-csrf-token` on every non-GET call. */
  csrfToken: string
}

export interface StoreRow {
  storeId: string
  name: string
}

export interface EnablementRuleView {
  id: number
  label: string
  pass: boolean
  why: string
}

export interface EnablementEvaluation {
  rules: EnablementRuleView[]
  eligible: boolean
  /** T+2 working days: the first day WeChat can have counted the figures ('YYYY-MM-DD'). */
  earliestCountDate: string
  /** 更新小程序版本的提醒. */
  reminder: string
}

export interface EnablementRecordView {
  figures: z.output<AdminInputs['POST enablement']>['figures']
  evaluation: EnablementEvaluation
  enabledAt: number
  by: string
}

/** 商品库 row. */
export interface GoodsRow {
  goodsId: string
  storeId: string
  productCode: string
  unit: string
  packUnit: string
  name: string
  quota: number
  perOrderLimit: number
  livePriceFen: number
  grabTiming: GrabTiming
  coverUrl: string
  /** 未审核 0 / 审核中 1 / 审核通过 2 / 审核驳回 3. */
  auditStatus: AuditStatus
  wxGoodsId?: number
  updatedAt: number
}

/** 直播间 row. */
export interface RoomRow {
  roomId: number
  storeId: string
  storeName: string
  type: 'phone' | 'push'
  title: string
  startAt: number
  endAt: number
  anchorName: string
  anchorWechat?: string
  liveStatus: LiveStatus
  state: RoomState
  coverUrl: string
  shareUrl: string
  replayAvailable: boolean
  /** Created on WeChat's platform rather than here. */
  origin: 'api' | 'console'
  syncedAt: number
  updatedAt: number
}

export interface RoomList extends Page<RoomRow> {
  /** Rooms created today (Asia/Shanghai) against WeChat's 50 a day. */
  todayCount: number
  dailyLimit: number
}

/** One shelf item in the live monitor (SPEC back office §5). */
export interface MonitorItem {
  goodsId: string
  name: string
  productCode: string
  unit: string
  livePriceFen: number
  quota: number
  sold: number
  /** Unpaid orders' holds. */
  reserved: number
  remaining: number
  /** The outbound store's stock of the product (what may still be sold). */
  stock: number
  grabTiming: GrabTiming
  /** 允许抢购 now: `on_live`, or `manual` switched on. */
  grabOpen: boolean
  onSale: boolean
}

export interface RoomDetailView extends RoomRow {
  shelf: MonitorItem[]
}

/** 订单 row: the member's view of the order, and who the member is; `refund` once refunded. */
export interface OrderRow extends OrderView {
  /** The member (WeChat OPENID) and their card. */
  openid: string
  cardNo?: string
  outTradeNo?: string
}

export interface SalesMinute {
  /** Start of the minute, epoch ms. */
  minuteAt: number
  qty: number
  amountFen: number
}

export interface MonitorSnapshot {
  room: RoomRow
  items: MonitorItem[]
  /** The latest 50 orders of the room, newest first. */
  orders: OrderRow[]
  /** Paid sales per minute over the last hour, oldest first. */
  salesPerMinute: SalesMinute[]
  serverTime: number
}

export interface ShelfImportResult {
  added: string[]
  alreadyOnShelf: string[]
  items: MonitorItem[]
}

/** 抽奖兑奖 ledger row. */
export interface PrizeRow {
  code: string
  lotteryId: string
  lotteryName: string
  prizeName: string
  roomId: number
  nickname: string
  receiverName: string
  phoneMasked: string
  address: string
  linkState: 'linked' | 'unlinked'
  openid?: string
  state: PrizeState
  /** Issued by us because the winner list carried no code. */
  codeIssued: boolean
  wonAt: number
  redeemedAt?: number
  storeId?: string
  trackingNo?: string
  carrier?: string
  shippedAt?: number
  by?: string
}

export interface LotteryMapping {
  nickname: string
  code?: string
  receiverName?: string
  phone?: string
  address?: string
}

export interface LotteryRow {
  lotteryId: string
  roomId: number
  name: string
  prizeName: string
  winners: number
}

export interface LotteryImportRow {
  /** 1-based row of the file. */
  row: number
  nickname: string
  code: string
  phoneMasked: string
  /** Empty when the row is fine. */
  problems: string[]
  /** Whether the row would be linked to a member (phone of a bound card). */
  linked: boolean
  duplicate: boolean
}

export interface LotteryImportResult {
  dryRun: boolean
  lotteryId: string
  preview: LotteryImportRow[]
  created: number
  duplicates: number
  linked: number
  issued: number
}

export interface FeedReport {
  applied: number
  unchanged: number
  refused: Array<{ row: number; reason: string }>
}

export interface ErpKeyView {
  exists: boolean
  createdAt?: number
  /** The key's last four characters. */
  hint?: string
}

export interface SettingsView {
  wechat: { appid: string; secretSet: boolean; secretHint: string }
  saobei: { merchantNo: string; terminalId: string; tokenSet: boolean; tokenHint: string }
  paymentTimeoutMin: number
  notifyUrl: string
}

export interface StaffRow {
  username: string
  role: StaffRole
  roomIds: number[]
  disabled: boolean
  createdAt: number
}

export interface AuditRow {
  at: number
  actor: string
  action: string
  target: string
  detail?: Record<string, unknown>
}

/** CSV routes (orders/export, prizes/export) answer `text/csv; charset=utf-8` with a BOM, not JSON. */
export type CsvDownload = string

/** `'GET rooms/:roomId/monitor'` → `{ request, response }`: request is what the page sends (path params included). */
export type AdminRoutes = {
  [K in keyof AdminContract]: {
    request: RequestOf<AdminContract[K]>
    response: ResponseOf<AdminContract[K]>
  }
}

export type AdminRouteKey = keyof AdminRoutes
export type AdminRequest<K extends AdminRouteKey> = AdminRoutes[K]['request']
export type AdminResponse<K extends AdminRouteKey> = AdminRoutes[K]['response']

/** The envelope of every JSON answer. */
export type AdminResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } }
