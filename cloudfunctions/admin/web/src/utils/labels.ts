/** Every status the merchant sees, in the manual's words, with the tag colour it gets. */
import type { AuditStatus, OrderStatus, PrizeState, RoomState } from '../api/contract'

type Theme = 'default' | 'primary' | 'success' | 'warning' | 'danger'

export const AUDIT: Record<AuditStatus, { label: string; theme: Theme }> = {
  0: { label: '未审核', theme: 'default' },
  1: { label: '审核中', theme: 'warning' },
  2: { label: '审核通过', theme: 'success' },
  3: { label: '审核驳回', theme: 'danger' },
}

export const ROOM_STATE: Record<RoomState, { label: string; theme: Theme }> = {
  upcoming: { label: '预告', theme: 'primary' },
  live: { label: '直播中', theme: 'success' },
  paused: { label: '暂停', theme: 'warning' },
  ended: { label: '已结束', theme: 'default' },
  replay: { label: '回放', theme: 'default' },
}

export const LIVE_STATUS: Record<number, string> = {
  101: '直播中',
  102: '未开始',
  103: '已结束',
  104: '禁播',
  105: '暂停',
  106: '异常',
  107: '已过期',
}

export const ORDER_STATUS: Record<OrderStatus, { label: string; theme: Theme }> = {
  pending: { label: '待付款', theme: 'warning' },
  paid: { label: '已付款', theme: 'success' },
  cancelled: { label: '已取消', theme: 'default' },
  closed: { label: '已关闭', theme: 'default' },
  refunded: { label: '已退款', theme: 'danger' },
}

export const PRIZE_STATE: Record<PrizeState, { label: string; theme: Theme }> = {
  unredeemed: { label: '未兑奖', theme: 'warning' },
  redeemed: { label: '已兑奖', theme: 'success' },
  shipped: { label: '已发货', theme: 'primary' },
}

export const GRAB_TIMING = {
  on_live: '开播即可抢购',
  manual: '直播期间在【直播间监控】中手动开启后才可以抢购',
} as const

export const ROOM_TYPE = { phone: '手机直播', push: '推流设备直播' } as const
