/**
 * The records we store, one interface per collection. Amounts in fen, times epoch ms.
 * Counters that concurrent callers move carry `holds`: the order ids holding a reservation on them,
 * so that taking and giving back a reservation are each one guarded single-document update
 * (exactly once, whatever retries or crashes happen around it).
 */
import type { AuditStatus, GrabTiming, LiveStatus, OrderStatus, PrizeState } from '../../typings/api'

export type Holds = Record<string, number>

export interface StoreRecord {
  _id: string
  name: string
  active: boolean
  updatedAt: number
}

/** A physical member card, fed by the ERP. */
export interface CardRecord {
  _id: string
  phone: string
  level: string
  status: 'active' | 'frozen' | 'lost' | 'cancelled'
  boundOpenid?: string
  boundAt?: number
  updatedAt: number
}

/** A WeChat user who has bound a card; `_id` is the OPENID. */
export interface MemberRecord {
  _id: string
  cardNo: string
  boundAt: number
}

/** Store stock of one product code in one packaging unit; `quantity` is what may still be sold. */
export interface StockRecord {
  _id: string
  storeId: string
  productCode: string
  unit: string
  quantity: number
  reserved: number
  holds: Holds
  /** The ERP's absolute figure and the time it was true: older feeds are ignored. */
  erpQuantity: number
  erpAt: number
  updatedAt: number
}

/** A goods of the live goods library (直播卖货商品库). */
export interface GoodsRecord {
  _id: string
  storeId: string
  productCode: string
  /** 包装单位: the packaging unit stock is kept in. */
  packUnit: string
  /** 单位: the unit shown to members. */
  unit: string
  name: string
  /** 单场直播可抢数量: per-room quota, never summed across rooms. */
  quota: number
  /** 每单限购数量. */
  perOrderLimit: number
  livePriceFen: number
  grabTiming: GrabTiming
  coverUrl: string
  coverMediaId?: string
  wxGoodsId?: number
  auditId?: number
  auditStatus: AuditStatus
  /** Set when the goods was deleted locally but is kept for old orders. */
  deletedAt?: number
  createdAt: number
  updatedAt: number
}

export interface RoomRecord {
  _id: string
  roomId: number
  storeId: string
  type: 0 | 1
  name: string
  coverUrl: string
  shareUrl: string
  feedsUrl?: string
  anchorName: string
  anchorWechat?: string
  startAt: number
  endAt: number
  liveStatus: LiveStatus
  replayAvailable: boolean
  /** The room keeps a replay (WeChat's close_replay 0). */
  replayEnabled?: boolean
  /** WeChat goods ids on the room's shelf, as WeChat reports them. */
  wxGoodsIds: number[]
  /** When the live state was last read from WeChat (rule 3: at most 30 s old when ordering). */
  syncedAt: number
  /** A fingerprint of the WeChat fields: a sync writes only rooms whose fingerprint moved. */
  fingerprint: string
  /** Created on WeChat's console rather than through us: no store until staff assign one. */
  origin: 'api' | 'console'
  deletedAt?: number
  createdAt: number
  updatedAt: number
}

/** One goods on one room's shelf, with that room's quota counters. */
export interface ShelfRecord {
  _id: string
  roomId: number
  goodsId: string
  wxGoodsId: number
  storeId: string
  quota: number
  sold: number
  reserved: number
  /** quota − sold − reserved, kept as a field so a reservation is one guarded update. */
  remaining: number
  /** WeChat lists the goods on the room (a sync sets it false when it disappeared there). */
  inRoom: boolean
  /** For `manual` grab timing: switched on in the live monitor. */
  grabOpen: boolean
  onSale: boolean
  holds: Holds
  addedAt: number
  updatedAt: number
}

/** One member's quantity of one goods in one room over all their live orders (rule 5). */
export interface LimitRecord {
  _id: string
  taken: number
  holds: Holds
}

export interface PaymentAttempt {
  outTradeNo: string
  gatewayTradeNo: string
  createdAt: number
  params: { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string }
}

export interface RefundRecord {
  refundNo: string
  outTradeNo: string
  amountFen: number
  reason: 'late_payment' | 'duplicate_payment' | 'merchant'
  state: 'SUCCESS' | 'REFUNDING' | 'FAIL' | 'ERROR'
  at: number
  /** When 扫呗 confirmed the money went back. */
  doneAt?: number
  /** 扫呗's number of the paid trade (from the notice), which names the order to refund. */
  gatewayTradeNo?: string
}

export type OrderRecordStatus = OrderStatus | 'reserving' | 'failed'

export interface OrderRecord {
  _id: string
  /** Set while a refund of this order is not finished (the sweeper follows it to its end). */
  refundOpen?: boolean
  openid: string
  requestId: string
  status: OrderRecordStatus
  roomId: number
  goodsId: string
  storeId: string
  productCode: string
  packUnit: string
  unit: string
  name: string
  qty: number
  priceFen: number
  amountFen: number
  shelfId: string
  stockId: string
  limitId: string
  attempts: PaymentAttempt[]
  paidTradeNo?: string
  gatewayTradeNo?: string
  /** Refunds keyed by the payment attempt they return (at most one each). */
  refunds: Record<string, RefundRecord>
  /** For a refunded order: when each counter got its sale back (at most once each). */
  released?: Partial<Record<'shelf' | 'stock' | 'limit', number>>
  /** Set once the holds were turned into sales (paid) or given back (cancelled, closed, failed). */
  settledAt?: number
  /** The reservation (its createdAt) whose holds were all taken: from then on the order vouches for them. */
  holdsTakenAt?: number
  createdAt: number
  expireAt: number
  paidAt?: number
  cancelledAt?: number
  closedAt?: number
  refundedAt?: number
  failedCode?: string
  updatedAt: number
}

/** One winner of one lottery (抽奖兑奖 ledger row); `_id` is the 兑奖码. */
export interface PrizeRecord {
  _id: string
  code: string
  /** The member it is linked to; empty until linked (bound card's phone, or claimed with the code). */
  openid: string
  lotteryId: string
  roomId: number
  roomName: string
  lotteryName: string
  prizeName: string
  nickname: string
  receiverName: string
  phone: string
  address: string
  /** The winner list carried no code: we issued this one. */
  codeIssued: boolean
  state: PrizeState
  wonAt: number
  linkedAt?: number
  linkedBy?: 'phone' | 'code'
  redeemedAt?: number
  storeId?: string
  carrier?: string
  trackingNo?: string
  shippedAt?: number
  /** The staff member who redeemed or shipped it. */
  by?: string
  updatedAt?: number
}

/** One lottery of one room (WeChat runs it; we keep its prize and winners). */
export interface LotteryRecord {
  _id: string
  roomId: number
  name: string
  prizeName: string
  winners: number
  createdAt: number
  updatedAt: number
}

export type StaffRole = 'owner' | 'operator' | 'assistant'

/** A back-office account; `_id` is the username. */
export interface StaffRecord {
  _id: string
  name: string
  role: StaffRole
  /** `scrypt$<salt hex>$<hash hex>`. */
  passwordHash: string
  /** The rooms an assistant is assigned to. */
  roomIds: number[]
  active: boolean
  createdAt: number
  updatedAt?: number
}

/** A signed-in back-office session; `_id` is the SHA-256 of the cookie's random id (never stored as is). */
export interface SessionRecord {
  _id: string
  username: string
  csrfToken: string
  ip: string
  createdAt: number
  lastSeenAt: number
  /** Absolute expiry: a session never outlives it, however busy. */
  expiresAt: number
}

/** The store ERP's push key, stored as a hash (shown once when created). */
export interface ErpKeyRecord {
  _id: 'erp-key'
  hash: string
  hint: string
  createdAt: number
  by: string
}

/** 开通直播: the figures the merchant entered, WeChat's rules evaluated on them, and who enabled live. */
export interface EnablementRecord {
  _id: 'enablement'
  figures: Record<string, unknown>
  evaluation: {
    rules: Array<{ id: number; label: string; pass: boolean; why: string }>
    eligible: boolean
    earliestCountDate: string
    reminder: string
  }
  enabledAt: number
  by: string
}

/** The winner-list columns the merchant mapped last time (remembered for the next import). */
export interface LotteryMappingRecord {
  _id: 'lottery-mapping'
  mapping: { nickname: string; code?: string; receiverName?: string; phone?: string; address?: string }
  updatedAt: number
}

export interface AuditEntry {
  _id?: string
  at: number
  actor: string
  action: string
  target: string
  detail?: Record<string, unknown>
}

/** The merchant's settings (one document). Secrets are never sent back in full. */
export interface SettingsRecord {
  _id: 'main'
  wechat: { appid: string; secret: string; baseUrl: string }
  saobei: {
    baseUrl: string
    merchantNo: string
    terminalId: string
    token: string
    signScheme: 'v2' | 'v1'
  }
  /** Where 扫呗 posts payment notifications (the payNotify function's HTTP address). */
  notifyUrl: string
  paymentTimeoutMin: number
  /** The live goods page registered with WeChat; `goodsId` is appended. */
  goodsPagePath: string
  liveEnabled: boolean
  updatedAt: number
}
