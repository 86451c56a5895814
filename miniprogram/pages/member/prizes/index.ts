/**
 * 我的奖品: the lottery prizes won, each with its 兑奖码 as a QR code and in large text for the store clerk,
 * its state and shipping details; a 兑奖码 WeChat showed in the live room can be entered to claim it.
 */
import type { PrizeView } from '../../../../typings/api'
import { claimPrize, fetchPrizes } from '../../../services/member'
import { formatDateTime } from '../../../utils/time'

type Row = PrizeView & { wonText: string; redeemedText: string; shippedText: string }

function row(p: PrizeView): Row {
  return {
    ...p,
    wonText: formatDateTime(p.wonAt),
    redeemedText: p.redeemedAt ? formatDateTime(p.redeemedAt) : '',
    shippedText: p.shippedAt ? formatDateTime(p.shippedAt) : '',
  }
}

Component({
  data: {
    loading: true,
    error: '',
    prizes: [] as Row[],
    code: '',
    claiming: false,
    claimError: '',
  },
  methods: {
    onLoad() {
      void this.load()
    },
    async load() {
      this.setData({ loading: true })
      const res = await fetchPrizes()
      if (!res.ok) this.setData({ loading: false, error: res.error.message })
      else this.setData({ loading: false, error: '', prizes: res.data.prizes.map(row) })
    },
    onRetry() {
      void this.load()
    },
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value.trim(), claimError: '' })
    },
    async onClaim() {
      const code = this.data.code
      if (this.data.claiming) return
      if (!code) {
        this.setData({ claimError: '请输入兑奖码' })
        return
      }
      this.setData({ claiming: true, claimError: '' })
      const res = await claimPrize(code)
      if (!res.ok) {
        this.setData({ claiming: false, claimError: res.error.message })
        return
      }
      const claimed = row(res.data)
      this.setData({
        claiming: false,
        code: '',
        prizes: [claimed, ...this.data.prizes.filter((p) => p.code !== claimed.code)],
      })
      wx.showToast({ title: '奖品已领取', icon: 'success' })
    },
  },
})
