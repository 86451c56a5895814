/**
 * 我的订单: the member's live orders by status, a countdown to each pending order's payment deadline, pay
 * again (repay) or cancel while pending, and the refund when there is one. Every state is the server's.
 */
import type { OrderStatus, OrderView } from '../../../../typings/api'
import { cancelOrder, fetchOrders, pay, repayOrder } from '../../../services/order'
import { countdown, formatDateTime } from '../../../utils/time'

type Row = OrderView & { createdText: string; left: string; refundText: string }

const TABS: Array<{ value: OrderStatus | 'all'; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'pending', label: '待支付' },
  { value: 'paid', label: '已支付' },
  { value: 'refunded', label: '已退款' },
  { value: 'closed', label: '已关闭' },
  { value: 'cancelled', label: '已取消' },
]

function row(o: OrderView, now: number): Row {
  return {
    ...o,
    createdText: formatDateTime(o.createdAt),
    left: o.status === 'pending' ? countdown(o.expireAt, now) : '',
    refundText: o.refund?.refundedAt ? formatDateTime(o.refund.refundedAt) : '',
  }
}

const tickers = new WeakMap<object, number>()

Component({
  data: {
    tabs: TABS,
    status: 'all' as OrderStatus | 'all',
    loading: true,
    error: '',
    orders: [] as Row[],
    nextCursor: 0,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const status = TABS.some((t) => t.value === options.status) ? (options.status as OrderStatus) : 'all'
      this.setData({ status })
      void this.load()
      tickers.set(this, setInterval(() => this.tick(), 1000) as unknown as number)
    },
    onUnload() {
      const t = tickers.get(this)
      if (t !== undefined) clearInterval(t)
    },
    async onPullDownRefresh() {
      await this.load()
      wx.stopPullDownRefresh()
    },
    async onReachBottom() {
      if (!this.data.nextCursor || this.data.loading) return
      await this.load(this.data.nextCursor)
    },
    async load(cursor?: number) {
      this.setData({ loading: true })
      const status = this.data.status
      const res = await fetchOrders(status === 'all' ? undefined : status, cursor)
      if (status !== this.data.status) return
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message })
        return
      }
      const now = Date.now()
      const fresh = res.data.orders.map((o) => row(o, now))
      this.setData({
        loading: false,
        error: '',
        orders: cursor ? [...this.data.orders, ...fresh] : fresh,
        nextCursor: res.data.nextCursor ?? 0,
      })
    },
    /** Counts the pending orders down; when one runs out, the server has closed it: read the list again. */
    tick() {
      const now = Date.now()
      let expired = false
      const orders = this.data.orders.map((o) => {
        if (o.status !== 'pending') return o
        const left = countdown(o.expireAt, now)
        if (!left && o.left) expired = true
        return left === o.left ? o : { ...o, left }
      })
      this.setData({ orders })
      if (expired) void this.load()
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: OrderStatus | 'all' }>) {
      if (e.detail.value === this.data.status) return
      this.setData({ status: e.detail.value, orders: [], nextCursor: 0 })
      void this.load()
    },
    onRetry() {
      void this.load()
    },
    replace(order: OrderView) {
      const now = Date.now()
      this.setData({
        orders: this.data.orders.map((o) => (o.orderId === order.orderId ? row(order, now) : o)),
      })
    },
    async onCancel(e: WechatMiniprogram.TouchEvent<object, object, { orderId: string }>) {
      const orderId = e.currentTarget.dataset.orderId
      const answer = await wx.showModal({
        title: '取消订单',
        content: '确定取消这笔订单吗？取消后商品将释放给其他会员。',
        confirmText: '取消订单',
        cancelText: '再想想',
      })
      if (!answer.confirm) return
      const res = await cancelOrder(orderId)
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' })
        void this.load()
        return
      }
      this.replace(res.data)
      wx.showToast({ title: '订单已取消', icon: 'none' })
    },
    async onRepay(e: WechatMiniprogram.TouchEvent<object, object, { orderId: string }>) {
      const orderId = e.currentTarget.dataset.orderId
      const res = await repayOrder(orderId)
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' })
        void this.load()
        return
      }
      const outcome = await pay(res.data.payment)
      wx.navigateTo({ url: `/pages/order/pay-result/index?orderId=${orderId}&outcome=${outcome}` })
    },
  },
})
