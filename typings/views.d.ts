/**
 * The shapes the contract's actions answer with (views of the stored records), shared by the member
 * client, the back office and the cloud functions. Requests and per-action responses are derived from
 * the declarations in `typings/api.d.ts`.
 *
 * Conventions: amounts are integer fen (`…Fen`), times epoch milliseconds (`…At`),
 * `roomId` is WeChat's numeric room id, `goodsId` our live-goods id (a string).
 */

/** Stable error identifiers; the Chinese message for each lives in the domain's catalogue. */
export type ErrorCode =
  // every function
  | 'INVALID_INPUT'
  | 'UNKNOWN_ACTION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_STARTING'
  // member
  | 'CARD_BIND_FAILED'
  | 'CARD_ALREADY_BOUND'
  | 'ALREADY_BOUND'
  | 'BIND_ATTEMPTS_EXCEEDED'
  // order.create (SPEC) and the order lifecycle
  | 'NOT_MEMBER'
  | 'ROOM_NOT_FOUND'
  | 'NOT_LIVE'
  | 'PAUSED'
  | 'ENDED'
  | 'NOT_ON_SHELF'
  | 'GRAB_CLOSED'
  | 'OVER_LIMIT'
  | 'SOLD_OUT'
  | 'OUT_OF_STOCK'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_PENDING'
  | 'ORDER_ABANDONED'
  | 'LIVE_STATE_UNAVAILABLE'
  // merchant rules checked before WeChat is called
  | 'ROOM_TITLE_LENGTH'
  | 'ANCHOR_NAME_LENGTH'
  | 'ROOM_START_TOO_SOON'
  | 'ROOM_START_TOO_LATE'
  | 'ROOM_DURATION'
  | 'ROOM_DAILY_LIMIT'
  | 'STORE_MISMATCH'
  | 'STORE_NOT_FOUND'
  | 'GOODS_NAME_LENGTH'
  | 'GOODS_PRICE'
  | 'GOODS_QUOTA'
  | 'GOODS_LIMIT'
  | 'GOODS_NOT_APPROVED'
  | 'GOODS_AUDIT_STATE'
  | 'STALE_FEED'
  // outside services
  | 'WECHAT_ERROR'
  | 'WECHAT_RATE_LIMITED'
  | 'WECHAT_QUOTA_EXCEEDED'
  | 'WECHAT_UNAVAILABLE'
  | 'PAYMENT_ERROR'
  | 'PAYMENT_UNAVAILABLE'

export interface ApiError {
  code: ErrorCode
  message: string
  /** Extra facts for the caller, e.g. WeChat's errcode or the anchor's verification QR code. */
  details?: Record<string, unknown>
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }

// ---------------------------------------------------------------- shared shapes

/** 预告 upcoming / 直播中 live / 暂停 paused / 已结束 ended / 回放 replay available. */
export type RoomState = 'upcoming' | 'live' | 'paused' | 'ended' | 'replay'

/** WeChat's live_status: 101 live, 102 not started, 103 ended, 104 banned, 105 paused, 106 abnormal, 107 expired. */
export type LiveStatus = 101 | 102 | 103 | 104 | 105 | 106 | 107

/** 抢购时机: buyable as soon as the room is live, or only after staff switch it on. */
export type GrabTiming = 'on_live' | 'manual'

/** WeChat goods audit status: 未审核 0 / 审核中 1 / 审核通过 2 / 审核驳回 3. */
export type AuditStatus = 0 | 1 | 2 | 3

export type OrderStatus = 'pending' | 'paid' | 'cancelled' | 'closed' | 'refunded'

export type CannotBuyReason =
  | 'NOT_LIVE_YET'
  | 'ENDED'
  | 'PAUSED'
  | 'SOLD_OUT'
  | 'OUT_OF_STOCK'
  | 'GRAB_CLOSED'
  | 'NOT_MEMBER'
  | 'OVER_LIMIT'
  | 'NOT_ON_SHELF'

// ---------------------------------------------------------------- member

export interface CardView {
  cardNo: string
  level: string
  /** Phone on file, masked: 139****0001. */
  phoneMasked: string
  boundAt: number
}

export interface MemberProfile {
  openid: string
  cardBound: boolean
  card?: CardView
}

export type PrizeState = 'unredeemed' | 'redeemed' | 'shipped'

export interface PrizeView {
  /** 兑奖码: shown to the store clerk (QR code and large text). */
  code: string
  roomId: number
  roomName: string
  lotteryName: string
  /** Empty until staff set the lottery's prize. */
  prizeName: string
  state: PrizeState
  wonAt: number
  redeemedAt?: number
  /** The store that handed the prize over (redeemed) . */
  storeId?: string
  storeName?: string
  /** Shipping (shipped): where it went and how to follow it. */
  receiverName?: string
  address?: string
  carrier?: string
  trackingNo?: string
  shippedAt?: number
}

// ---------------------------------------------------------------- live

export interface RoomSummary {
  roomId: number
  storeId: string
  storeName: string
  name: string
  coverUrl: string
  shareUrl: string
  anchorName: string
  startAt: number
  endAt: number
  liveStatus: LiveStatus
  state: RoomState
}

export interface ShelfItemView {
  goodsId: string
  productCode: string
  name: string
  unit: string
  coverUrl: string
  livePriceFen: number
  quota: number
  sold: number
  reserved: number
  remaining: number
  perOrderLimit: number
  grabTiming: GrabTiming
  grabOpen: boolean
  storeId: string
}

export interface RoomDetail extends RoomSummary {
  shelf: ShelfItemView[]
}

export interface ItemView extends ShelfItemView {
  roomId: number
  roomName: string
  liveStatus: LiveStatus
  canBuy: boolean
  /** How many more this caller may still buy of this goods in this room. */
  maxQty: number
  reasonCode?: CannotBuyReason
  reason?: string
}

// ---------------------------------------------------------------- order

/** The parameters wx.requestPayment takes, as 扫呗 returns them, plus our trade number. */
export interface PaymentParams {
  outTradeNo: string
  timeStamp: string
  nonceStr: string
  package: string
  signType: string
  paySign: string
}

export interface OrderView {
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
  createdAt: number
  expireAt: number
  paidAt?: number
  closedAt?: number
  cancelledAt?: number
  refundedAt?: number
  /** The refund, when the merchant refunded the order or a late or second payment was refunded. */
  refund?: RefundView
}

/** 退款中 refunding / 已退款 refunded. */
export interface RefundView {
  amountFen: number
  state: 'refunding' | 'refunded'
  requestedAt: number
  refundedAt?: number
}

export interface CreateOrderResponse {
  orderId: string
  status: OrderStatus
  amountFen: number
  expireAt: number
  payment: PaymentParams
}

// ---------------------------------------------------------------- sync

export interface SyncReport {
  /** When the run started (callers sharing one run see the same). */
  startedAt: number
  rooms: { seen: number; created: number; updated: number; deleted: number; unchanged: number }
  goodsAudit: { checked: number; updated: number }
  ordersClosed: number
  wechatCalls: number
  ms: number
}

// ---------------------------------------------------------------- HTTP-triggered functions

/** The CloudBase HTTP access (集成请求) event. */
export interface HttpEvent {
  path: string
  httpMethod: string
  headers: Record<string, string>
  queryStringParameters?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
}

export interface HttpResponse {
  statusCode: number
  headers: Record<string, string>
  body: string
  isBase64Encoded?: boolean
}

/**
 * payNotify: 扫呗 posts its notification (JSON, fields as 扫呗 names them, signed with key_sign) and reads
 * this reply: 01 stops its retries, 02 asks it to try again (a refused notice: bad signature, unknown
 * trade, wrong amount).
 */
export interface PayNotifyReply {
  return_code: '01' | '02'
  return_msg: string
}

/** admin: the back office page (GET /) and its JSON API under /api/, answered as `Result<T>`. */
export type AdminResponse<T> = Result<T>
