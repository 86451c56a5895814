/**
 * 状态标签: the one place a room state or an order status becomes a word and a colour.
 * `kind` is 'room' (预告 / 直播中 / 暂停 / 已结束 / 回放), 'order' or 'prize'.
 */
import type { OrderStatus, PrizeState, RoomState } from '../../../typings/api'

type Look = { label: string; theme: string; variant: string }

const ROOM: Record<RoomState, Look> = {
  upcoming: { label: '预告', theme: 'primary', variant: 'light' },
  live: { label: '直播中', theme: 'danger', variant: 'dark' },
  paused: { label: '暂停', theme: 'warning', variant: 'light' },
  ended: { label: '已结束', theme: 'default', variant: 'light' },
  replay: { label: '回放', theme: 'success', variant: 'light' },
}

const ORDER: Record<OrderStatus, Look> = {
  pending: { label: '待支付', theme: 'warning', variant: 'light' },
  paid: { label: '已支付', theme: 'success', variant: 'light' },
  cancelled: { label: '已取消', theme: 'default', variant: 'light' },
  closed: { label: '已关闭', theme: 'default', variant: 'light' },
  refunded: { label: '已退款', theme: 'primary', variant: 'light' },
}

const PRIZE: Record<PrizeState, Look> = {
  unredeemed: { label: '待兑奖', theme: 'danger', variant: 'light' },
  redeemed: { label: '已兑奖', theme: 'success', variant: 'light' },
  shipped: { label: '已发货', theme: 'primary', variant: 'light' },
}

const LOOKS: Record<string, Record<string, Look>> = { room: ROOM, order: ORDER, prize: PRIZE }

Component({
  properties: {
    kind: { type: String, value: 'room' },
    state: { type: String, value: '' },
  },
  data: { label: '', theme: 'default', variant: 'light' },
  observers: {
    'kind, state'(kind: string, state: string) {
      const look = LOOKS[kind]?.[state] ?? { label: state, theme: 'default', variant: 'light' }
      this.setData(look)
    },
  },
})
