/**
 * The back office API as ADMIN_API.md agrees it, for as long as typings/admin.d.ts has not landed.
 * Pages import the row types from here; when the server's typings land this file only re-exports them.
 */
import type {
  AuditStatus,
  GrabTiming,
  LiveStatus,
  OrderStatus,
  RefundView,
  RoomState,
} from '../../../../../typings/api'

export type { AuditStatus, GrabTiming, LiveStatus, OrderStatus, RoomState }

export type Role = 'owner' | 'operator' | 'assistant'

export interface Session {
  username: string
  role: Role
  roomIds: number[]
  csrfToken: string
}

export interface Paged<T> {
  items: T[]
  total: number
}

export interface PageQuery {
  page: number
  pageSize: number
}

export interface ImageInput {
  name: string
  contentType: string
  dataBase64: string
}

export interface EnablementFigures {
  category: boolean
  noSeriousViolation: boolean
  paidWithin90Days: boolean
  followers: number
  dailyActive7d: number[] | number
  adSpendYuan: number
  dataReadyOn?: string
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
  earliestCountDate: string
  reminder: string
}

export interface EnablementRecord {
  figures: EnablementFigures
  evaluation: EnablementEvaluation
  enabledAt: number
  by: string
}

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
  auditStatus: AuditStatus
  wxGoodsId?: number
  updatedAt: number
}

export interface GoodsInput {
  storeId: string
  productCode: string
  unit: string
  packUnit: string
  name: string
  quota: number
  perOrderLimit: number
  livePriceFen: number
  grabTiming: GrabTiming
  cover?: ImageInput
}

export type RoomType = 'phone' | 'push'

export interface RoomRow {
  roomId: number
  storeId: string
  storeName?: string
  name: string
  type: RoomType
  anchorName: string
  startAt: number
  endAt: number
  liveStatus: LiveStatus
  state: RoomState
  coverUrl?: string
  shelfCount?: number
  createdAt?: number
}

export interface RoomInput {
  storeId: string
  type: RoomType
  title: string
  startAt: number
  endAt: number
  anchorName: string
  anchorWechat: string
  shareImage: ImageInput
  coverImage: ImageInput
  feedsImage: ImageInput
}

export interface MonitorItem {
  goodsId: string
  name: string
  productCode: string
  unit: string
  livePriceFen: number
  quota: number
  sold: number
  reserved: number
  remaining: number
  stock: number
  grabTiming: GrabTiming
  grabOpen: boolean
  onSale: boolean
}

export interface OrderRow {
  orderId: string
  status: OrderStatus
  roomId: number
  goodsId: string
  storeId: string
  productCode: string
  name: string
  unit: string
  qty: number
  priceFen: number
  amountFen: number
  openid?: string
  cardNo?: string
  createdAt: number
  expireAt?: number
  paidAt?: number
  refundedAt?: number
  refund?: RefundView
}

export interface MonitorSnapshot {
  room: RoomRow
  items: MonitorItem[]
  orders: OrderRow[]
  salesPerMinute: Array<{ minuteAt: number; qty: number; amountFen: number }>
  serverTime: number
}

export interface LotteryMapping {
  nickname: string
  code: string
  receiverName: string
  phone: string
  address: string
}

export interface LotteryImportResult {
  preview: Array<{ row: number; code?: string; nickname?: string; problems: string[] }>
  created: number
  duplicates: number
  linked: number
}

export interface LotteryRow {
  lotteryId: string
  roomId: number
  name: string
  prizeName: string
  winners: number
}

export type PrizeState = 'unredeemed' | 'redeemed' | 'shipped'

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
  redeemedAt?: number
  storeId?: string
  trackingNo?: string
  carrier?: string
}

export interface FeedResult {
  applied: number
  unchanged: number
  refused: Array<{ row: number; reason: string }>
}

export interface SettingsView {
  wechat: { appid: string; secretSet: boolean; secretHint?: string }
  saobei: { merchantNo: string; terminalId: string; tokenSet: boolean; tokenHint?: string }
  paymentTimeoutMin: number
  notifyUrl: string
}

export interface SettingsInput {
  wechat?: { appid?: string; secret?: string }
  saobei?: { merchantNo?: string; terminalId?: string; token?: string }
  paymentTimeoutMin?: number
}

export interface StaffRow {
  username: string
  role: Role
  roomIds: number[]
  disabled: boolean
  createdAt: number
}

export interface AuditLogRow {
  at: number
  actor: string
  action: string
  target: string
  detail?: unknown
}

type Route<Req, Res> = { request: Req; response: Res }
type Filters = Record<string, string | number | boolean | undefined>

/** `'METHOD path'` → its request and response (the `data` of the envelope). */
export interface AdminRoutes {
  'POST login': Route<{ username: string; password: string }, Session>
  'POST logout': Route<Record<string, never>, Record<string, never>>
  'GET me': Route<Record<string, never>, Session>
  'GET stores': Route<Record<string, never>, { items: Array<{ storeId: string; name: string }> }>
  'GET enablement': Route<Record<string, never>, { record?: EnablementRecord }>
  'POST enablement/check': Route<{ figures: EnablementFigures }, EnablementEvaluation>
  'POST enablement': Route<{ figures: EnablementFigures }, EnablementRecord>
  'GET goods': Route<
    PageQuery & { storeId?: string; auditStatus?: number; keyword?: string },
    Paged<GoodsRow>
  >
  'POST goods': Route<GoodsInput, GoodsRow>
  'PUT goods/:goodsId': Route<Partial<GoodsInput> & { goodsId: string }, GoodsRow>
  'POST goods/:goodsId/withdraw': Route<{ goodsId: string }, GoodsRow>
  'POST goods/:goodsId/resubmit': Route<{ goodsId: string }, GoodsRow>
  'DELETE goods/:goodsId': Route<{ goodsId: string }, Record<string, never>>
  'GET rooms': Route<
    PageQuery & { storeId?: string },
    Paged<RoomRow> & { todayCount: number; dailyLimit: number }
  >
  'GET rooms/:roomId': Route<{ roomId: number }, RoomRow & { shelf: MonitorItem[] }>
  'POST rooms': Route<RoomInput, RoomRow>
  'POST rooms/:roomId/sync': Route<{ roomId: number }, RoomRow>
  'GET rooms/:roomId/share-code': Route<{ roomId: number }, { cdnUrl: string; pagePath: string }>
  'GET rooms/:roomId/push-url': Route<{ roomId: number }, { pushAddr: string }>
  'DELETE rooms/:roomId': Route<{ roomId: number }, Record<string, never>>
  'POST rooms/:roomId/goods': Route<{ roomId: number; goodsIds: string[] }, MonitorItem[]>
  'DELETE rooms/:roomId/goods/:goodsId': Route<{ roomId: number; goodsId: string }, Record<string, never>>
  'GET rooms/:roomId/monitor': Route<{ roomId: number }, MonitorSnapshot>
  'POST rooms/:roomId/goods/:goodsId/grab': Route<
    { roomId: number; goodsId: string; open: boolean },
    MonitorItem
  >
  'POST rooms/:roomId/goods/:goodsId/push': Route<{ roomId: number; goodsId: string }, Record<string, never>>
  'GET orders': Route<PageQuery & Filters, Paged<OrderRow>>
  'GET orders/:orderId': Route<{ orderId: string }, OrderRow>
  'POST orders/:orderId/refund': Route<{ orderId: string }, OrderRow>
  'GET lottery/mapping': Route<Record<string, never>, { mapping?: LotteryMapping }>
  'POST lottery/import': Route<
    {
      roomId: number
      lotteryName: string
      mapping: LotteryMapping
      rows: Record<string, string>[]
      dryRun: boolean
    },
    LotteryImportResult
  >
  'GET lottery/lotteries': Route<Record<string, never>, { items: LotteryRow[] }>
  'PUT lottery/lotteries/:lotteryId': Route<{ lotteryId: string; prizeName: string }, LotteryRow>
  'GET prizes': Route<PageQuery & Filters, Paged<PrizeRow>>
  'POST prizes/:code/redeem': Route<{ code: string; storeId: string }, PrizeRow>
  'POST prizes/:code/ship': Route<
    {
      code: string
      receiverName: string
      phone: string
      address: string
      carrier: string
      trackingNo: string
    },
    PrizeRow
  >
  'POST feeds/stores': Route<{ rows: Record<string, unknown>[]; offset: number }, FeedResult>
  'POST feeds/cards': Route<{ rows: Record<string, unknown>[]; offset: number }, FeedResult>
  'POST feeds/stock': Route<{ rows: Record<string, unknown>[]; offset: number }, FeedResult>
  'GET erp-key': Route<Record<string, never>, { exists: boolean; createdAt?: number; hint?: string }>
  'POST erp-key': Route<Record<string, never>, { key: string }>
  'POST cards/:cardNo/unlock': Route<{ cardNo: string }, Record<string, never>>
  'GET settings': Route<Record<string, never>, SettingsView>
  'PUT settings': Route<SettingsInput, SettingsView>
  'GET staff': Route<Record<string, never>, { items: StaffRow[] }>
  'POST staff': Route<{ username: string; password: string; role: Role; roomIds: number[] }, StaffRow>
  'PUT staff/:username': Route<
    { username: string; role?: Role; roomIds?: number[]; password?: string; disabled?: boolean },
    StaffRow
  >
  'DELETE staff/:username': Route<{ username: string }, Record<string, never>>
  'GET audit-log': Route<PageQuery & Filters, Paged<AuditLogRow>>
}

export type RouteKey = keyof AdminRoutes
export type RequestOf<R extends RouteKey> = AdminRoutes[R]['request']
export type ResponseOf<R extends RouteKey> = AdminRoutes[R]['response']
