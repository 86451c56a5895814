/**
 * 绑定会员卡: card number + the phone on file for it. Explains why binding is needed to buy, and for each
 * refusal shows the server's message with what the member can do about it.
 */
import type { CardView, ErrorCode } from '../../../../typings/api'
import { bindCard, fetchProfile } from '../../../services/member'

/**
 * What the member can do after each refusal; the message itself is the server's (for a lock it already says
 * until when, and that the store can help).
 */
const HINTS: Partial<Record<ErrorCode, string>> = {
  CARD_BIND_FAILED: '卡号在实体会员卡正面；手机号是办卡时登记的号码。如已更换手机号，请到门店服务台更新。',
  CARD_ALREADY_BOUND: '如果不是您本人绑定的，请携带会员卡和身份证到门店服务台处理。',
  ALREADY_BOUND: '您的微信已绑定会员卡，可以直接回到直播间抢购。',
}

Component({
  data: {
    loading: true,
    back: false,
    card: null as CardView | null,
    cardNo: '',
    phone: '',
    busy: false,
    error: '',
    hint: '',
  },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      this.setData({ back: options.back === '1' })
      const res = await fetchProfile()
      this.setData({ loading: false, card: res.ok && res.data.card ? res.data.card : null })
    },
    onCardNo(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ cardNo: e.detail.value.trim().toUpperCase(), error: '', hint: '' })
    },
    onPhone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ phone: e.detail.value.trim(), error: '', hint: '' })
    },
    async onSubmit() {
      const { cardNo, phone, busy } = this.data
      if (busy) return
      if (!cardNo || !phone) {
        this.setData({ error: '请填写会员卡号和手机号', hint: '' })
        return
      }
      this.setData({ busy: true, error: '', hint: '' })
      const res = await bindCard(cardNo, phone)
      if (!res.ok) {
        const { code, message } = res.error
        this.setData({ busy: false, error: message, hint: HINTS[code] ?? '' })
        return
      }
      this.setData({ busy: false, card: res.data.card ?? null })
      wx.showToast({ title: '绑定成功', icon: 'success' })
    },
    onBack() {
      wx.navigateBack({ delta: 1 })
    },
  },
})
