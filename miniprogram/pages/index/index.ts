import { fetchProfile } from '../../services/member'

Component({
  data: { loaded: false, cardBound: false },
  lifetimes: {
    async attached() {
      const res = await fetchProfile()
      this.setData({ loaded: true, cardBound: res.ok && res.data.cardBound })
    },
  },
})
