/**
 * 支付结果: what the server says about the order — never the payment callback, since WeChat's success
 * does not prove a payment and some paid orders never fire it. After a completed payment the page asks a
 * few times while the notification arrives. A cancelled or failed payment offers 继续支付 while the
 * order is pending, with the reminder that the goods may soon be gone.
 */
import type { OrderView } from '../../../../typings/api'
import { fetchOrder, pay, repayOrder, type PayOutcome } from '../../../services/order'
import { countdown } from '../../../utils/time'

/** Asks again this many times, this far apart, while a completed payment is not yet known as paid. */
export const POLL_TRIES = 5
export const POLL_MS = 1500

type View = 'loading' | 'error' | 'paid' | 'pending' | 'confirming' | 'closed' | 'refunded'

const timers = new WeakMap<object, number>()

Component({
  data: {
    view: 'loading' as View,
    error: '',
    orderId: '',
    outcome: '' as PayOutcome | '',
    order: null as OrderView | null,
    title: '',
    subtitle: '',
    nudge: '',
    canRepay: false,
    busy: false,
    tries: 0,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orderId = options.orderId ?? ''
      if (!orderId) {
        this.setData({ view: 'error', error: '没有订单号，请到我的订单查看' })
        return
      }
      this.setData({ orderId, outcome: (options.outcome as PayOutcome | undefined) ?? '', tries: 0 })
      void this.check()
    },
    onUnload() {
      const t = timers.get(this)
      if (t !== undefined) clearTimeout(t)
    },
    async check() {
      const res = await fetchOrder(this.data.orderId)
      if (!res.ok) {
        this.setData({ view: 'error', error: res.error.message })
        return
      }
      const order = res.data
      const tries = this.data.tries + 1
      this.setData({ tries })
      if (order.status === 'pending' && this.data.outcome === 'done' && tries < POLL_TRIES) {
        this.show(order, 'confirming')
        timers.set(this, setTimeout(() => void this.check(), POLL_MS) as unknown as number)
        return
      }
      this.show(order)
    },
    show(order: OrderView, forced?: View) {
      const outcome = this.data.outcome
      const left = countdown(order.expireAt, Date.now())
      const look: Record<string, Pick<typeof this.data, 'title' | 'subtitle' | 'nudge'> & { view: View }> = {
        paid: { view: 'paid', title: '支付成功', subtitle: '请凭订单到门店自提', nudge: '' },
        confirming: {
          view: 'confirming',
          title: '正在确认支付结果',
          subtitle: '支付结果以商户确认为准，请稍候',
          nudge: '',
        },
        closed: {
          view: 'closed',
          title: '订单已关闭',
          subtitle: '超时未支付或已取消，商品已释放',
          nudge: '',
        },
        refunded: { view: 'refunded', title: '订单已退款', subtitle: '退款将原路退回', nudge: '' },
        pending: {
          view: 'pending',
          title: outcome === 'cancel' ? '您已取消支付' : outcome === 'fail' ? '支付未完成' : '订单待支付',
          subtitle: left ? `请在 ${left} 内完成支付，超时订单将自动关闭` : '',
          nudge: '商品可能很快就会被抢空，请尽快完成支付',
        },
      }
      const key =
        forced ??
        (order.status === 'pending'
          ? this.data.outcome === 'done'
            ? 'confirming'
            : 'pending'
          : order.status === 'cancelled'
            ? 'closed'
            : order.status)
      const chosen = look[key] ?? look.closed!
      this.setData({ order, canRepay: order.status === 'pending' && Boolean(left), ...chosen })
    },
    onRefresh() {
      this.setData({ tries: 0, view: this.data.order ? this.data.view : 'loading' })
      void this.check()
    },
    async onRepay() {
      if (this.data.busy) return
      this.setData({ busy: true })
      const res = await repayOrder(this.data.orderId)
      if (!res.ok) {
        this.setData({ busy: false })
        wx.showToast({ title: res.error.message, icon: 'none' })
        void this.check()
        return
      }
      const outcome = await pay(res.data.payment)
      this.setData({ busy: false, outcome, tries: 0 })
      void this.check()
    },
    onOrders() {
      wx.redirectTo({ url: '/pages/order/list/index' })
    },
  },
})
