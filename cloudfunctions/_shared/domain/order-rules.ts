import type { CannotBuyReason, ErrorCode } from '../../../typings/api'
import { notLiveRefusal } from './live'
import { canReserve, remainingOf } from './stock'

/** WeChat's goods audit states: 未审核 0 / 审核中 1 / 审核通过 2 / 审核驳回 3. */
export const AUDIT_STATUS = { UNSUBMITTED: 0, IN_REVIEW: 1, APPROVED: 2, REJECTED: 3 } as const

/** 审核通过: only approved goods may be sold (rule 4). */
export const AUDIT_APPROVED = AUDIT_STATUS.APPROVED

export interface OrderCheckInput {
  member: { cardBound: boolean; cardActive: boolean }
  room: { exists: boolean; liveStatus: number; storeId: string } | null
  item: {
    onShelf: boolean
    auditStatus: number
    grabTiming: 'on_live' | 'manual'
    grabOpen: boolean
    storeId: string
    perOrderLimit: number
    quota: number
    sold: number
    reserved: number
  } | null
  qty: number
  /** This member's quantity in this room for this goods over all live orders (pending + paid). */
  alreadyTaken: number
  /** The store's available quantity of that product code + unit (null = no stock record). */
  stock: number | null
}

type Check = (i: OrderCheckInput) => ErrorCode | null

/**
 * The SPEC's rules in the SPEC's order; the first failing one is the answer.
 * `cannotBuyReason` walks the same list, so the goods page and order.create never disagree.
 */
const CHECKS: readonly Check[] = [
  // rule 2: a member with a bound, active card
  (i) => (i.member.cardBound && i.member.cardActive ? null : 'NOT_MEMBER'),
  // rule 3: the room exists …
  (i) => (i.room !== null && i.room.exists ? null : 'ROOM_NOT_FOUND'),
  // … and is live now (101): not started, paused and ended told apart; scheduled times do not decide
  (i) => (i.room === null ? 'NOT_LIVE' : notLiveRefusal(i.room.liveStatus)),
  // rule 4: on that room's shelf, audit-approved, and from the room's store (manual: 出库门店 = 开播门店)
  (i) =>
    i.item !== null &&
    i.item.onShelf &&
    i.item.auditStatus === AUDIT_APPROVED &&
    i.room !== null &&
    i.item.storeId === i.room.storeId
      ? null
      : 'NOT_ON_SHELF',
  // rule 4: open for grabbing: on_live, or manual switched on in the live monitor
  (i) => (i.item !== null && isGrabOpen(i.item.grabTiming, i.item.grabOpen) ? null : 'GRAB_CLOSED'),
  // rule 5: a whole quantity of at least one
  (i) => (isValidQty(i.qty) ? null : 'INVALID_INPUT'),
  // rule 5: per order, and over all of this member's orders (no splitting to evade the limit)
  (i) => (i.item !== null && withinLimit(i.item.perOrderLimit, i.alreadyTaken, i.qty) ? null : 'OVER_LIMIT'),
  // rule 6: room quota first: sold + reserved + qty ≤ quota
  (i) => (i.item !== null && canReserve(remainingOf(i.item), i.qty) ? null : 'SOLD_OUT'),
  // rule 6: then the store's stock of that product code + unit
  (i) => (i.stock !== null && i.stock >= i.qty ? null : 'OUT_OF_STOCK'),
]

/** Rule 5: an order quantity is a whole number of at least one. */
export function isValidQty(qty: number): boolean {
  return Number.isSafeInteger(qty) && qty >= 1
}

/** Rule 4: `on_live` goods are open whenever the room is live; `manual` ones only once switched on. */
export function isGrabOpen(grabTiming: 'on_live' | 'manual', grabOpen: boolean): boolean {
  return grabTiming === 'on_live' || grabOpen
}

/** Rule 5: qty fits the per-order limit both alone and added to what this member already took. */
export function withinLimit(perOrderLimit: number, alreadyTaken: number, qty: number): boolean {
  return qty <= perOrderLimit && alreadyTaken + qty <= perOrderLimit
}

/** Rules 2–6 in SPEC order: the first reason order.create must refuse, or null when the order may be taken. */
export function checkOrder(input: OrderCheckInput): ErrorCode | null {
  for (const check of CHECKS) {
    const code = check(input)
    if (code !== null) return code
  }
  return null
}

/** The goods page's reason for an order.create error code. */
export function cannotBuyReasonOf(code: ErrorCode): CannotBuyReason | null {
  switch (code) {
    case 'PAUSED':
    case 'ENDED':
    case 'NOT_MEMBER':
    case 'NOT_ON_SHELF':
    case 'GRAB_CLOSED':
    case 'OVER_LIMIT':
    case 'SOLD_OUT':
    case 'OUT_OF_STOCK':
      return code
    // a room we do not know cannot sell this goods: the page says "not on this room's shelf"
    case 'ROOM_NOT_FOUND':
      return 'NOT_ON_SHELF'
    case 'NOT_LIVE':
      return 'NOT_LIVE_YET'
    default:
      // INVALID_INPUT and the rest are not a state of the goods the page can show
      return null
  }
}

/**
 * Why the caller cannot buy this goods now (goods page, live.item), or null when they can.
 * Same checks and same precedence as checkOrder, so the page never promises what order.create refuses.
 * Member first: for a viewer without a card, 请绑卡 is the one thing they can act on before the
 * broadcast starts (binding takes a card number and a phone), and they are never told 直播未开始
 * only to be refused for the card at the moment the grab opens.
 * `qty` defaults to 1 (can the caller buy at least one?); a non-whole qty is a form error, not a
 * state of the goods, so it is judged as 1.
 */
export function cannotBuyReason(
  input: Omit<OrderCheckInput, 'qty'> & { qty?: number },
): CannotBuyReason | null {
  const qty = input.qty !== undefined && isValidQty(input.qty) ? input.qty : 1
  const code = checkOrder({ ...input, qty })
  if (code === null) return null
  // with a valid qty every code checkOrder can give maps to a reason; INVALID_INPUT cannot occur
  return cannotBuyReasonOf(code) ?? 'NOT_ON_SHELF'
}

/** The Chinese line the goods page shows for each reason. */
export const CANNOT_BUY_MESSAGES: Record<CannotBuyReason, string> = {
  NOT_LIVE_YET: '直播未开始，开播后才能抢购',
  ENDED: '直播已结束，不能再以直播价购买',
  PAUSED: '直播暂停中，恢复直播后可继续抢购',
  SOLD_OUT: '本场直播该商品已抢完',
  OUT_OF_STOCK: '门店库存不足，暂时无法购买',
  GRAB_CLOSED: '暂未开放抢购，请等待主播上链接',
  NOT_MEMBER: '绑定实体会员卡后才能在直播间下单',
  OVER_LIMIT: '您已达到该商品的限购数量',
  NOT_ON_SHELF: '该商品不在本直播间货架上',
}

/**
 * How many more the caller may put in one order: the per-order limit less what they already took,
 * capped by the room's remaining quota and, when given, the store stock (null stock = none); never negative.
 */
export function maxQtyFor(
  perOrderLimit: number,
  alreadyTaken: number,
  remaining: number,
  stock?: number | null,
): number {
  let max = Math.min(perOrderLimit - alreadyTaken, remaining)
  if (stock !== undefined) max = Math.min(max, stock ?? 0)
  return Math.max(0, Math.floor(max))
}
