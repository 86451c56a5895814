/**
 * 直播间 list: every room with its state as the server sees it now (at most 5 s old), filter by store, pull
 * to refresh. Tapping a card enters the room through the live plugin with our room and store in
 * custom_params.
 */
import type { RoomSummary } from '../../../typings/api'
import { fetchRooms } from '../../services/live'
import { enterRoom } from '../../services/room-entry'

interface Store {
  storeId: string
  storeName: string
}

/** The stores that have rooms, in first-seen order (the filter's chips). */
function storesOf(rooms: RoomSummary[]): Store[] {
  const seen = new Map<string, string>()
  for (const r of rooms) if (!seen.has(r.storeId)) seen.set(r.storeId, r.storeName)
  return [...seen].map(([storeId, storeName]) => ({ storeId, storeName }))
}

Component({
  data: {
    loading: true,
    error: '',
    rooms: [] as RoomSummary[],
    stores: [] as Store[],
    storeId: '',
  },
  methods: {
    onLoad() {
      void this.load()
    },
    async onPullDownRefresh() {
      await this.load()
      wx.stopPullDownRefresh()
    },
    async load() {
      this.setData({ loading: true })
      const storeId = this.data.storeId
      const res = await fetchRooms(storeId ? { storeId } : {})
      if (storeId !== this.data.storeId) return // the filter changed while this answer was on its way
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message })
        return
      }
      const rooms = res.data.rooms
      this.setData({
        loading: false,
        error: '',
        rooms,
        // the chips come from the unfiltered list, so every store stays selectable
        ...(storeId === '' && { stores: storesOf(rooms) }),
      })
    },
    onFilter(e: WechatMiniprogram.TouchEvent<object, object, { storeId: string }>) {
      const storeId = e.currentTarget.dataset.storeId ?? ''
      if (storeId === this.data.storeId) return
      this.setData({ storeId, rooms: [] })
      void this.load()
    },
    onRetry() {
      void this.load()
    },
    onEnter(e: WechatMiniprogram.CustomEvent<{ roomId: number; storeId: string }>) {
      enterRoom(e.detail.roomId, e.detail.storeId)
    },
    onMe() {
      wx.navigateTo({ url: '/pages/me/index' })
    },
  },
})
