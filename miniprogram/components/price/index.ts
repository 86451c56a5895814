/**
 * 价格: shows an amount given in integer fen as ¥yuan.cents (as the retail starter's price component with
 * priceUnit 'fen'). The only place in the client where fen become yuan.
 */
import { yuanParts } from '../../utils/money'

Component({
  properties: {
    fen: { type: Number, value: 0 },
    /** small | medium | large */
    size: { type: String, value: 'medium' },
    strike: { type: Boolean, value: false },
  },
  data: { yuan: '0', cents: '00' },
  observers: {
    fen(fen: number) {
      this.setData(yuanParts(fen))
    },
  },
})
