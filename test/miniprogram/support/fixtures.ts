/** Server answers shaped as typings/api.d.ts says, with the demo's names and figures. */
import type { ItemView, OrderView, PrizeView, RoomState, RoomSummary } from '../../../typings/api'

const T0 = Date.UTC(2026, 11, 5, 11, 0) // 19:00 in Guangzhou

const LIVE_STATUS: Record<RoomState, RoomSummary['liveStatus']> = {
  upcoming: 102,
  live: 101,
  paused: 105,
  ended: 103,
  replay: 103,
}

export function room(state: RoomState, over: Partial<RoomSummary> = {}): RoomSummary {
  const roomId = over.roomId ?? 1000 + Object.keys(LIVE_STATUS).indexOf(state)
  return {
    roomId,
    storeId: 'S001',
    storeName: '天河总店',
    name: `天河总店周末直播${roomId}`,
    coverUrl: '',
    shareUrl: '',
    anchorName: '小晋',
    startAt: T0,
    endAt: T0 + 3 * 3600_000,
    liveStatus: LIVE_STATUS[state],
    state,
    ...over,
  }
}

export function item(over: Partial<ItemView> = {}): ItemView {
  return {
    goodsId: 'g-030111001',
    productCode: '030111001',
    name: 'LEGO 乐高创意百变组 雷霆之翼',
    unit: '件',
    coverUrl: '',
    livePriceFen: 1,
    quota: 100,
    sold: 12,
    reserved: 3,
    remaining: 85,
    perOrderLimit: 2,
    grabTiming: 'on_live',
    grabOpen: true,
    storeId: 'S001',
    roomId: 1001,
    roomName: '天河总店周末直播',
    liveStatus: 101,
    canBuy: true,
    maxQty: 2,
    ...over,
  }
}

export function order(over: Partial<OrderView> = {}): OrderView {
  return {
    orderId: 'o-1',
    status: 'pending',
    roomId: 1001,
    goodsId: 'g-030111001',
    storeId: 'S001',
    productCode: '030111001',
    name: 'LEGO 乐高创意百变组 雷霆之翼',
    unit: '件',
    qty: 1,
    priceFen: 1,
    amountFen: 1,
    createdAt: Date.now() - 60_000,
    expireAt: Date.now() + 14 * 60_000,
    ...over,
  }
}

export const payment = {
  outTradeNo: 'T2026120500001',
  timeStamp: '1764932400',
  nonceStr: 'abc',
  package: 'prepay_id=wx1',
  signType: 'MD5',
  paySign: 'SIGN',
}

export function prize(over: Partial<PrizeView> = {}): PrizeView {
  return {
    code: 'A7K2M9',
    roomId: 1001,
    roomName: '天河总店周末直播',
    lotteryName: '评论抽奖',
    prizeName: '乐高钥匙扣',
    state: 'unredeemed',
    wonAt: T0 + 3600_000,
    ...over,
  }
}
