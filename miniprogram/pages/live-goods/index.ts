/**
 * 商品 — pages/live-goods/index?goodsId=…, the URL the server registers with WeChat for each goods.
 * Finds its room (plugin room_id → custom_params → the room last entered → the server), then shows the
 * server's view of the goods for this member: live price, remaining, limit, and why it cannot be bought
 * with the action that helps. Remaining refreshes every few seconds while the page is open.
 */
import type { ItemView } from '../../../typings/api'
import { fetchItem } from '../../services/live'
import { backToRoom, roomFromOptions } from '../../services/room-entry'
import { findRoomOfGoods } from '../../services/find-room'

/** How often the open page asks again (the server's live state is at most 5 s old). */
export const REFRESH_MS = 5000

// the refresh timer of each open page instance
const timers = new WeakMap<object, number>()

Component({
  data: {
    loading: true,
    error: '',
    goodsId: '',
    roomId: 0,
    item: null as ItemView | null,
  },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      const goodsId = options.goodsId ?? ''
      if (!goodsId) {
        this.setData({ loading: false, error: '商品链接不完整，请回到直播间重新打开' })
        return
      }
      this.setData({ goodsId })
      const known = roomFromOptions(options)
      const roomId = known?.roomId ?? (await findRoomOfGoods(goodsId))
      if (!roomId) {
        this.setData({ loading: false, error: '没有找到这件商品所在的直播间，请从直播间货架打开' })
        return
      }
      this.setData({ roomId })
      await this.refresh()
      // the last room entered is only a guess: when the goods is not on its shelf, ask the server instead
      if (known?.source === 'storage' && this.data.item?.reasonCode === 'NOT_ON_SHELF') {
        const found = await findRoomOfGoods(goodsId)
        if (found && found !== roomId) {
          this.setData({ roomId: found })
          await this.refresh()
        }
      }
      this.startRefresh()
    },
    onShow() {
      if (this.data.item) {
        void this.refresh()
        this.startRefresh()
      }
    },
    onHide() {
      this.stopRefresh()
    },
    onUnload() {
      this.stopRefresh()
    },
    /** Reads the item again; a failed refresh keeps what is shown unless nothing is shown yet. */
    async refresh() {
      const res = await fetchItem(this.data.roomId, this.data.goodsId)
      if (res.ok) this.setData({ loading: false, error: '', item: res.data })
      else if (!this.data.item) this.setData({ loading: false, error: res.error.message })
    },
    startRefresh() {
      this.stopRefresh()
      timers.set(this, setInterval(() => void this.refresh(), REFRESH_MS) as unknown as number)
    },
    stopRefresh() {
      const t = timers.get(this)
      if (t !== undefined) clearInterval(t)
      timers.delete(this)
    },
    onRetry() {
      this.setData({ loading: true, error: '' })
      void this.refresh()
    },
    onBuy() {
      const { roomId, goodsId } = this.data
      wx.navigateTo({
        url: `/pages/order/checkout/index?roomId=${roomId}&goodsId=${encodeURIComponent(goodsId)}`,
      })
    },
    onAction(e: WechatMiniprogram.CustomEvent<{ action: string }>) {
      const item = this.data.item
      if (!item) return
      switch (e.detail.action) {
        case 'bind':
          wx.navigateTo({ url: '/pages/member/bind-card/index?back=1' })
          break
        case 'orders':
          wx.navigateTo({ url: '/pages/order/list/index' })
          break
        case 'rooms':
          wx.navigateTo({ url: '/pages/rooms/index' })
          break
        case 'wait':
          // the room has the start reminder (开播提醒); the page keeps refreshing meanwhile
          wx.showToast({ title: '开播后即可抢购，可在直播间预约开播提醒', icon: 'none' })
          break
        default:
          backToRoom(item.roomId, item.storeId)
      }
    },
  },
})
