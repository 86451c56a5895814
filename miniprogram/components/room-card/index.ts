/**
 * 直播间卡片: cover, state, title, store, anchor and schedule of one room. Upcoming rooms carry the live
 * plugin's subscribe button (开播提醒) with stop-propagation, so subscribing does not also enter the room.
 * Emits `enter` with `{ roomId, storeId }`.
 */
import type { RoomState, RoomSummary } from '../../../typings/api'
import { formatSchedule } from '../../utils/time'

const ENTER: Record<RoomState, string> = {
  upcoming: '进入直播间',
  live: '立即观看',
  paused: '进入直播间',
  ended: '查看直播间',
  replay: '看回放',
}

Component({
  properties: {
    room: { type: Object, value: {} },
  },
  data: { schedule: '', enterLabel: '', customParams: '' },
  observers: {
    room(room: Partial<RoomSummary>) {
      if (!room.roomId) return
      this.setData({
        schedule: formatSchedule(room.startAt ?? 0, room.endAt ?? 0),
        enterLabel: ENTER[room.state ?? 'upcoming'],
        customParams: JSON.stringify({ roomId: room.roomId, storeId: room.storeId }),
      })
    },
  },
  methods: {
    onEnter() {
      const room = this.data.room as RoomSummary
      this.triggerEvent('enter', { roomId: room.roomId, storeId: room.storeId })
    },
    onSubscribe(e: WechatMiniprogram.CustomEvent<{ is_subscribe?: boolean }>) {
      this.triggerEvent('subscribe', { roomId: (this.data.room as RoomSummary).roomId, ...e.detail })
    },
  },
})
