/**
 * 确认订单: quantity within what the server says this member may still buy (maxQty), pickup at the goods'
 * outbound store, total from fen. Submitting creates the order (one idempotency key per purchase, kept
 * across retries), opens WeChat's payment with 扫呗's parameters, then hands over to the result page,
 * which asks the server whether it is paid.
 */
import type { ItemView } from '../../../../typings/api'
import { fetchItem, fetchRoom } from '../../../services/live'
import { buy, pay } from '../../../services/order'
import { isNetworkError } from '../../../services/transport'

Component({
  data: {
    loading: true,
    error: '',
    formError: '',
    busy: false,
    roomId: 0,
    goodsId: '',
    storeName: '',
    item: null as ItemView | null,
    qty: 1,
    totalFen: 0,
  },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      const roomId = Number(options.roomId)
      const goodsId = decodeURIComponent(options.goodsId ?? '')
      if (!roomId || !goodsId) {
        this.setData({ loading: false, error: '订单信息不完整，请回到商品页重新下单' })
        return
      }
      const [item, room] = await Promise.all([fetchItem(roomId, goodsId), fetchRoom(roomId)])
      if (!item.ok) {
        this.setData({ loading: false, error: item.error.message })
        return
      }
      this.setData({
        loading: false,
        roomId,
        goodsId,
        item: item.data,
        // pickup store = the goods' outbound store, which is the room's store (the server keeps them equal)
        storeName: room.ok ? room.data.storeName : item.data.storeId,
        qty: 1,
        totalFen: item.data.livePriceFen,
      })
    },
    onQty(e: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
      const qty = Number(e.detail.value)
      this.setData({ qty, formError: '', totalFen: (this.data.item?.livePriceFen ?? 0) * qty })
    },
    async onSubmit() {
      const item = this.data.item
      if (!item || this.data.busy) return
      const qty = this.data.qty
      // the stepper is bounded by maxQty; a typed-in quantity outside it never reaches the server
      if (!Number.isInteger(qty) || qty < 1 || qty > item.maxQty) {
        this.setData({
          formError:
            item.maxQty > 0
              ? `本单最多可买 ${item.maxQty}${item.unit}，请调整数量`
              : `您已达到该商品的限购数量（每单限购 ${item.perOrderLimit}${item.unit}）`,
        })
        return
      }
      this.setData({ busy: true, formError: '' })
      const res = await buy(this.data.roomId, this.data.goodsId, qty)
      if (!res.ok) {
        this.setData({
          busy: false,
          formError: isNetworkError(res) ? `${res.error.message}（再次提交不会重复下单）` : res.error.message,
        })
        return
      }
      const outcome = await pay(res.data.payment)
      this.setData({ busy: false })
      wx.redirectTo({ url: `/pages/order/pay-result/index?orderId=${res.data.orderId}&outcome=${outcome}` })
    },
  },
})
