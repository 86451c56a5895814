import type { SyncReport } from '../../../typings/api'

/** The repositories: the stored records as the use cases need them, each method one CloudBase-safe operation. */

import type {
  AuditEntry,
  CardRecord,
  LotteryRecord,
  SessionRecord,
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
} from '../model'

/** Which counter a reservation sits on. */
export type CounterKind = 'shelf' | 'stock' | 'limit'

/** What the order tells a settlement about its hold on one counter. */
export interface HoldOf {
  qty: number
  /** The order was pending once: its status vouches that every hold was taken (confirmed or not). */
  taken: boolean
  /** The reservation (the order's createdAt): an order id retried after a failure reserves anew. */
  since: number
}

/**
 * The counters an order reserves (rule 5 limit, rule 6 quota then stock). Every method is one guarded
 * single-document update (or a few, each guarded): it returns false when the guard refused, and is a no-op
 * when repeated. No counter document grows with the number of unpaid orders: it carries only the takes and
 * settlements in flight.
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
  /** The order is pending, so its status records the hold: the counter forgets the take's marker. */
  confirm(kind: CounterKind, id: string, orderId: string): Promise<void>
  /** Gives back the order's hold on a counter; true only for the call that gave it back. */
  release(kind: CounterKind, id: string, orderId: string, hold?: HoldOf): Promise<boolean>
  /** Turns the order's hold into a sale (paid); true only for the call that did it. */
  commit(kind: CounterKind, id: string, orderId: string, hold?: HoldOf): Promise<boolean>
  /** The order records that it is settled: the counter forgets the settlement's mark. */
  forget(kind: CounterKind, id: string, orderId: string): Promise<void>
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
  /** The hits counted on `key` in the window containing `now`. */
  count(key: string, windowMs: number, now: number): Promise<number>
  /** Forgets every window of `key` and of the keys under it, `key:…` (staff unlock a card: 解锁). */
  clear(key: string): Promise<void>
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

/** When the live states of every room not over yet were last read from WeChat (rule 3). */
export interface RoomStatesMark {
  syncedAt: number
  /** The last read of every page of getliveinfo (rooms deleted or edited long after they ended). */
  fullAt: number
}

export interface RoomRepo {
  get(roomId: number): Promise<RoomRecord | null>
  list(filter: { storeId?: string; includeDeleted?: boolean }): Promise<RoomRecord[]>
  /** Rooms whose broadcast is not over; with `endedSince`, also those scheduled to end since then (replays). */
  listOpen(endedSince?: number): Promise<RoomRecord[]>
  statesMark(): Promise<RoomStatesMark | null>
  putStatesMark(mark: RoomStatesMark): Promise<void>
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
  /** Orders with a refund not finished, oldest change first. */
  openRefunds(limit: number): Promise<OrderRecord[]>
}

/** The last sync run's report, shared by the callers that asked for a run close together. */
export interface SyncRepo {
  lastReport(): Promise<{ at: number; report: SyncReport } | null>
  putReport(entry: { at: number; report: SyncReport }): Promise<void>
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

export interface PrizeFilter {
  lotteryId?: string
  state?: PrizeRecord['state']
  /** In the code, nickname, receiver name or phone. */
  keyword?: string
}

/** The lottery ledger: one row per winner, keyed by the 兑奖码. */
export interface PrizeRepo {
  listByOpenid(openid: string): Promise<PrizeRecord[]>
  get(code: string): Promise<PrizeRecord | null>
  getMany(codes: string[]): Promise<PrizeRecord[]>
  /** Adds the row unless its code is taken; false for a duplicate code. */
  add(prize: PrizeRecord): Promise<boolean>
  list(filter: PrizeFilter, offset: number, limit: number): Promise<{ total: number; items: PrizeRecord[] }>
  /** Moves the prize out of 未兑奖 once: true only for the one caller whose guarded update did it. */
  settle(code: string, to: 'redeemed' | 'shipped', patch: Partial<PrizeRecord>): Promise<boolean>
  /** Links the code to a member unless it is linked already; true only for the caller that linked it. */
  link(code: string, openid: string, by: 'phone' | 'code', at: number): Promise<boolean>
  /** Sets the prize name on every row of a lottery. */
  setPrizeName(lotteryId: string, prizeName: string): Promise<void>
}

export interface LotteryRepo {
  get(lotteryId: string): Promise<LotteryRecord | null>
  list(): Promise<LotteryRecord[]>
  put(lottery: LotteryRecord): Promise<void>
  update(lotteryId: string, patch: Partial<LotteryRecord>): Promise<void>
  /** OPENIDs of the members whose bound card carries each phone. */
  boundByPhone(phones: string[]): Promise<Map<string, string>>
}

export interface StaffRepo {
  get(id: string): Promise<StaffRecord | null>
  add(staff: StaffRecord): Promise<boolean>
  count(): Promise<number>
  list(): Promise<StaffRecord[]>
  update(id: string, patch: Partial<StaffRecord>): Promise<boolean>
  remove(id: string): Promise<boolean>
}

/** Back-office sessions, in the database so that every stateless function instance sees them. */
export interface SessionRepo {
  create(session: SessionRecord): Promise<void>
  get(id: string): Promise<SessionRecord | null>
  touch(id: string, at: number): Promise<void>
  remove(id: string): Promise<void>
  /** Revokes every session of a staff member (password changed, disabled, removed). */
  removeByUser(username: string): Promise<void>
}

/** Single documents of the back office (ERP key, enablement record, remembered import mapping). */
export interface MetaRepo {
  get<T extends { _id: string }>(id: T['_id']): Promise<T | null>
  put<T extends { _id: string }>(doc: T): Promise<void>
}

export interface OrderFilter {
  roomId?: number
  storeId?: string
  status?: OrderRecord['status']
  from?: number
  to?: number
}

/** The back office's reads of orders. */
export interface OrderQuery {
  search(filter: OrderFilter, offset: number, limit: number): Promise<{ total: number; items: OrderRecord[] }>
  /** The room's newest orders (every member-visible status). */
  latestByRoom(roomId: number, limit: number): Promise<OrderRecord[]>
  /** Paid (or later refunded) orders of the room paid since `since`: what the sales chart needs. */
  paidSince(
    roomId: number,
    since: number,
  ): Promise<Array<Pick<OrderRecord, 'paidAt' | 'qty' | 'amountFen' | 'status'>>>
}

export interface AuditFilter {
  actor?: string
  action?: string
  from?: number
  to?: number
}

export interface AuditQuery {
  list(filter: AuditFilter, offset: number, limit: number): Promise<{ total: number; items: AuditEntry[] }>
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
  sync: SyncRepo
  audit: AuditLog
  prizes: PrizeRepo
  staff: StaffRepo
  lotteries: LotteryRepo
  sessions: SessionRepo
  meta: MetaRepo
  orderQuery: OrderQuery
  auditQuery: AuditQuery
}
