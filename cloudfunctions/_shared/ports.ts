/**
 * The ports: what the use cases need from the outside world, as interfaces.
 * Adapters implement them (CloudBase database, WeChat live API, 扫呗); the composition root wires them.
 */

/** Time, injected so rules and tests never read the wall clock themselves. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

// ---------------------------------------------------------------- WeChat live service

/** createRoom / editRoom fields, exactly as WeChat names them (times in unix seconds). */
export interface WxRoomInput {
  name: string
  coverImg: string
  startTime: number
  endTime: number
  anchorName: string
  anchorWechat: string
  shareImg: string
  feedsImg: string
  isFeedsPublic?: 0 | 1
  closeLike: 0 | 1
  closeGoods: 0 | 1
  closeComment: 0 | 1
  closeReplay?: 0 | 1
  closeShare?: 0 | 1
  closeKf?: 0 | 1
}

export interface WxCreateRoomInput extends WxRoomInput {
  /** 1 push-stream device (推流设备直播), 0 phone (手机直播). */
  type: 0 | 1
  subAnchorWechat?: string
  createrWechat?: string
}

/** One row of getliveinfo's room_info (note WeChat's lowercase `roomid`). */
export interface WxRoomInfo {
  roomid: number
  name: string
  cover_img: string
  share_img: string
  feeds_img?: string
  live_status: number
  start_time: number
  end_time: number
  anchor_name: string
  goods: WxRoomGoods[]
  live_type?: number
  close_like?: number
  close_goods?: number
  close_comment?: number
  close_kf?: number
  close_replay?: number
  is_feeds_public?: number
  creater_openid?: string
}

export interface WxRoomGoods {
  goods_id: number
  name: string
  cover_img: string
  url: string
  /** Fen, per WeChat's doc. */
  price: number
  price2?: number
  price_type: number
  third_party_appid?: string
}

export interface WxReplay {
  create_time: string | number
  expire_time: string | number
  media_url: string
}

/** goods/add and goods/update's goodsInfo (prices in yuan, as WeChat wants them). */
export interface WxGoodsInput {
  coverImgUrl: string
  name: string
  priceType: 1 | 2 | 3
  price: number
  price2?: number
  url: string
  thirdPartyAppid?: string
}

export interface WxWarehouseGoods {
  goods_id: number
  name: string
  cover_img_url: string
  url: string
  price_type: number
  price: number
  price2?: number
  audit_status: number
  third_party_tag?: number
}

export interface WxApprovedGoods {
  goodsId: number
  name: string
  coverImgUrl: string
  url: string
  priceType: number
  price: number
  price2?: number
  thirdPartyTag?: number
}

/**
 * WeChat's mini-program live API. Every method throws BizError (WECHAT_ERROR, WECHAT_RATE_LIMITED,
 * WECHAT_QUOTA_EXCEEDED, WECHAT_UNAVAILABLE) with `details.errcode` and a Chinese message on failure.
 */
export interface WechatLiveApi {
  /** room/create. Never retried blindly: WeChat may have created the room even when it answered -1. */
  createRoom(input: WxCreateRoomInput): Promise<{ roomId: number }>
  /** room/editroom. */
  editRoom(input: WxRoomInput & { id: number }): Promise<void>
  /** room/deleteroom. */
  deleteRoom(roomId: number): Promise<void>
  /** room/addgoods: import approved library goods into a room. */
  addGoodsToRoom(roomId: number, wxGoodsIds: number[]): Promise<void>
  /** room/getpushurl (GET). */
  getPushUrl(roomId: number): Promise<{ pushAddr: string }>
  /** room/getsharedcode (GET). */
  getSharedCode(
    roomId: number,
    params?: string,
  ): Promise<{ cdnUrl: string; pagePath: string; posterUrl: string }>
  /** getliveinfo, one page of rooms (WeChat answers at most 50 rows). */
  listRooms(start: number, limit: number): Promise<{ total: number; rooms: WxRoomInfo[] }>
  /** getliveinfo with action get_replay. */
  getReplay(roomId: number, start: number, limit: number): Promise<{ total: number; replays: WxReplay[] }>
  /** goods/add: adds to the library and submits for audit. */
  addGoods(info: WxGoodsInput): Promise<{ goodsId: number; auditId: number }>
  /** goods/update: send only the fields that change. */
  updateGoods(info: Partial<WxGoodsInput> & { goodsId: number }): Promise<void>
  /** goods/delete: removes from the library and from every room. */
  deleteGoods(goodsId: number): Promise<void>
  /** goods/resetaudit: withdraw a pending audit. */
  resetAudit(goodsId: number, auditId: number): Promise<void>
  /** goods/audit: resubmit; returns the new audit id. */
  resubmitAudit(goodsId: number): Promise<{ auditId: number }>
  /** getgoodswarehouse: at most 20 ids a call. */
  getGoodsWarehouse(goodsIds: number[]): Promise<WxWarehouseGoods[]>
  /** goods/getapproved (GET): one page of goods in an audit status. */
  getApprovedGoods(
    offset: number,
    limit: number,
    status: 0 | 1 | 2 | 3,
  ): Promise<{ total: number; goods: WxApprovedGoods[] }>
  /** goods/onsale. */
  setGoodsOnSale(roomId: number, goodsId: number, onSale: boolean): Promise<void>
  /** goods/deleteInRoom. */
  deleteGoodsInRoom(roomId: number, goodsId: number): Promise<void>
  /** goods/push: show a goods on viewers' screens. */
  pushGoods(roomId: number, goodsId: number): Promise<void>
  /** media/upload (type image): a temporary media id, valid 3 days. */
  uploadImage(image: { filename: string; contentType: string; data: Buffer }): Promise<{ mediaId: string }>
}

/** Where the access token is cached and shared by every function instance. */
export interface TokenCache {
  read(key: string): Promise<{ token: string; expiresAt: number } | null>
  /** Writes the token unless a fresher one is already stored. */
  write(key: string, token: string, expiresAt: number): Promise<void>
}

// ---------------------------------------------------------------- 扫呗 payment

export interface PrepayInput {
  /** Our trade number (terminal_trace). */
  outTradeNo: string
  amountFen: number
  openid: string
  /** Order body shown to the payer. */
  body: string
  /** Payment attempt creation time, epoch ms (→ terminal_time in Asia/Shanghai). */
  createdAt: number
  notifyUrl: string
}

export interface PrepayResult {
  /** 扫呗's own order number (out_trade_no in its replies). */
  gatewayTradeNo: string
  timeStamp: string
  nonceStr: string
  package: string
  signType: string
  paySign: string
}

export type GatewayTradeState =
  'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'USERPAYING' | 'REVOKED' | 'PAYERROR'

export interface TradeQueryResult {
  state: GatewayTradeState
  amountFen?: number
  gatewayTradeNo?: string
  paidAt?: number
}

export interface RefundResult {
  refundNo: string
  state: 'SUCCESS' | 'REFUNDING' | 'FAIL'
}

/** A verified payment notification, reduced to what we check and record. */
export interface PaymentNotice {
  outTradeNo: string
  gatewayTradeNo: string
  amountFen: number
  merchantNo: string
  terminalId: string
  paidAt: number
  success: boolean
  raw: Record<string, unknown>
}

/**
 * 扫呗 (lcsw) payment gateway. Every call throws BizError (PAYMENT_ERROR / PAYMENT_UNAVAILABLE) on failure.
 * The terminal token never leaves the adapter.
 */
export interface PaymentGateway {
  /** /pay/open/minipay: the parameters for wx.requestPayment. */
  prepay(input: PrepayInput): Promise<PrepayResult>
  /** /pay/open/query. */
  query(outTradeNo: string, createdAt: number): Promise<TradeQueryResult>
  /**
   * /pay/open/refund with repeated_trace=1, so a retry with the same refund number is safe (a refused
   * duplicate answers the earlier refund's state). `createdAt` is the refund's own time (its terminal_time;
   * pass the same value to queryRefund). The paid order is found by `gatewayTradeNo` (扫呗's out_trade_no,
   * exact even when one outTradeNo has two 扫呗 orders) or else by outTradeNo + `payCreatedAt`
   * (the payment attempt's createdAt; defaults to `createdAt`).
   */
  refund(input: {
    outTradeNo: string
    refundNo: string
    amountFen: number
    createdAt: number
    gatewayTradeNo?: string
    payCreatedAt?: number
  }): Promise<RefundResult>
  /** /pay/open/queryrefund; `createdAt` as given to refund. */
  queryRefund(input: { refundNo: string; createdAt: number }): Promise<RefundResult>
  /** /pay/open/close. */
  close(outTradeNo: string, createdAt: number): Promise<void>
  /**
   * Verifies a notification body (signature by the terminal's token, constant-time) and parses it;
   * returns null when the signature or the merchant/terminal does not match.
   */
  verifyNotice(body: Record<string, unknown>): PaymentNotice | null
  /** The JSON body 扫呗 expects in reply to a notification. */
  noticeReply(ok: boolean): Record<string, unknown>
}

// ---------------------------------------------------------------- repositories

import type {
  AuditEntry,
  CardRecord,
  GoodsRecord,
  MemberRecord,
  OrderRecord,
  OrderRecordStatus,
  PrizeRecord,
  RefundRecord,
  RoomRecord,
  SettingsRecord,
  ShelfRecord,
  StaffRecord,
  StockRecord,
  StoreRecord,
} from './model'

/** Which counter a reservation sits on. */
export type CounterKind = 'shelf' | 'stock' | 'limit'

/**
 * The counters an order reserves (rule 5 limit, rule 6 quota then stock). Every method is one guarded
 * single-document update: it returns false when the guard refused, and is a no-op when repeated.
 */
export interface CounterRepo {
  /** The member's quantity taken so far (pending and paid) for this goods in this room. */
  taken(limitId: string): Promise<number>
  /** Takes `qty` of the member's limit for this goods in this room unless it would pass `perOrderLimit`. */
  reserveLimit(limitId: string, orderId: string, qty: number, perOrderLimit: number): Promise<boolean>
  /** Takes `qty` of the room quota unless fewer remain. */
  reserveQuota(shelfId: string, orderId: string, qty: number): Promise<boolean>
  /** Takes `qty` of the store stock unless fewer remain. */
  reserveStock(stockId: string, orderId: string, qty: number): Promise<boolean>
  /** Gives back the order's hold on a counter; true only for the call that gave it back. */
  release(kind: CounterKind, id: string, orderId: string): Promise<boolean>
  /** Turns the order's hold into a sale (paid); true only for the call that did it. */
  commit(kind: CounterKind, id: string, orderId: string): Promise<boolean>
  /** Gives back a refunded sale of `qty`; the caller guarantees once (OrderRepo.markReleased). */
  returnSale(kind: CounterKind, id: string, qty: number): Promise<void>
}

export interface MemberRepo {
  member(openid: string): Promise<MemberRecord | null>
  card(cardNo: string): Promise<CardRecord | null>
  /** Binds the card to the OPENID atomically: false when the card is already bound to someone. */
  bind(cardNo: string, openid: string, at: number): Promise<'bound' | 'card_taken' | 'member_bound'>
  upsertCards(
    cards: Array<Omit<CardRecord, 'boundOpenid' | 'boundAt'>>,
  ): Promise<{ created: number; updated: number }>
}

export interface RateLimiter {
  /** Counts one hit on `key` in the window containing `now`; false once `max` hits were counted. */
  hit(key: string, windowMs: number, max: number, now: number): Promise<boolean>
}

export interface StoreRepo {
  get(storeId: string): Promise<StoreRecord | null>
  list(): Promise<StoreRecord[]>
  upsert(stores: StoreRecord[]): Promise<{ created: number; updated: number }>
}

export interface StockRepo {
  get(stockId: string): Promise<StockRecord | null>
  /** Applies an absolute ERP quantity when newer than what is stored; returns what happened. */
  applyFeed(
    row: { storeId: string; productCode: string; unit: string; quantity: number; asOf: number },
    now: number,
  ): Promise<'created' | 'updated' | 'stale'>
}

export interface GoodsRepo {
  get(goodsId: string): Promise<GoodsRecord | null>
  getMany(goodsIds: string[]): Promise<GoodsRecord[]>
  byWxGoodsId(wxGoodsId: number): Promise<GoodsRecord | null>
  list(filter: {
    storeId?: string
    auditStatus?: number
    keyword?: string
    offset?: number
    limit?: number
  }): Promise<{ total: number; goods: GoodsRecord[] }>
  /** Goods waiting for WeChat's audit (status 1). */
  underAudit(): Promise<GoodsRecord[]>
  add(goods: GoodsRecord): Promise<void>
  update(goodsId: string, patch: Partial<GoodsRecord>): Promise<void>
  remove(goodsId: string): Promise<void>
}

export interface RoomRepo {
  get(roomId: number): Promise<RoomRecord | null>
  list(filter: { storeId?: string; includeDeleted?: boolean }): Promise<RoomRecord[]>
  /** Writes the whole room (created or replaced). */
  put(room: RoomRecord): Promise<void>
  update(roomId: number, patch: Partial<RoomRecord>): Promise<void>
  /** Counts a room creation against the merchant's daily allowance; false when `max` is reached. */
  takeDailySlot(day: string, max: number): Promise<boolean>
  giveBackDailySlot(day: string): Promise<void>
  /** Room creations counted on `day` so far (read only: the form is judged before a slot is taken). */
  dailySlotsTaken(day: string): Promise<number>
}

export interface ShelfRepo {
  get(roomId: number, goodsId: string): Promise<ShelfRecord | null>
  listByRoom(roomId: number): Promise<ShelfRecord[]>
  /** Every room shelf item of one goods (a library delete takes it off every shelf). */
  listByGoods(goodsId: string): Promise<ShelfRecord[]>
  add(item: ShelfRecord): Promise<boolean>
  update(shelfId: string, patch: Partial<ShelfRecord>): Promise<void>
  remove(shelfId: string): Promise<void>
}

export interface OrderRepo {
  get(orderId: string): Promise<OrderRecord | null>
  /** Creates the order; false when the id is taken (a retry of the same request). */
  create(order: OrderRecord): Promise<boolean>
  /** Moves the order from one status to another; true only for the caller that moved it. */
  transition(
    orderId: string,
    from: OrderRecordStatus,
    to: OrderRecordStatus,
    patch: Partial<OrderRecord>,
  ): Promise<boolean>
  update(orderId: string, patch: Partial<OrderRecord>): Promise<void>
  /** Marks that a refunded order gave back one counter; true only for the first caller. */
  markReleased(orderId: string, kind: CounterKind, at: number): Promise<boolean>
  /** Records a refund once per payment attempt; false when one is already recorded. */
  addRefund(orderId: string, refund: RefundRecord): Promise<boolean>
  listByOpenid(
    openid: string,
    options: { status?: string; before?: number; limit: number },
  ): Promise<OrderRecord[]>
  /** Orders in `status` whose `field` is before `at`, oldest first. */
  due(
    status: OrderRecordStatus,
    field: 'expireAt' | 'createdAt' | 'updatedAt',
    at: number,
    limit: number,
  ): Promise<OrderRecord[]>
  /** Paid, cancelled, closed or failed orders whose holds were not settled yet. */
  unsettled(before: number, limit: number): Promise<OrderRecord[]>
}

export interface SettingsRepo {
  get(): Promise<SettingsRecord>
  put(settings: SettingsRecord): Promise<void>
}

export interface LeaseRepo {
  /** Takes the named lease until `now + ttlMs` unless someone else holds it. */
  acquire(name: string, owner: string, ttlMs: number, now: number): Promise<boolean>
  release(name: string, owner: string): Promise<void>
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>
}

export interface PrizeRepo {
  listByOpenid(openid: string): Promise<PrizeRecord[]>
}

export interface StaffRepo {
  get(id: string): Promise<StaffRecord | null>
  add(staff: StaffRecord): Promise<boolean>
  count(): Promise<number>
}

export interface Repos {
  counters: CounterRepo
  members: MemberRepo
  rateLimiter: RateLimiter
  stores: StoreRepo
  stock: StockRepo
  goods: GoodsRepo
  rooms: RoomRepo
  shelf: ShelfRepo
  orders: OrderRepo
  settings: SettingsRepo
  leases: LeaseRepo
  audit: AuditLog
  prizes: PrizeRepo
  staff: StaffRepo
}
