/** 我的: the member's card (or the way to bind one) and the ways to orders, prizes and answers. */
import type { CardView } from '../../../typings/api'
import { fetchProfile } from '../../services/member'

Component({
  data: { loading: true, error: '', card: null as CardView | null },
  methods: {
    onShow() {
      void this.load()
    },
    async load() {
      const res = await fetchProfile()
      if (!res.ok) this.setData({ loading: false, error: res.error.message, card: null })
      else this.setData({ loading: false, error: '', card: res.data.card ?? null })
    },
    onBind() {
      wx.navigateTo({ url: '/pages/member/bind-card/index' })
    },
  },
})
