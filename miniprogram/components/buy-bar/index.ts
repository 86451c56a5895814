/**
 * 购买栏 of the goods page, driven only by what the server said (`canBuy`, `reasonCode`, `reason`): when it
 * cannot be bought it shows the server's reason and the one action that helps the member now.
 * Emits `buy`, or `action` with `{ action: 'bind' | 'wait' | 'back' | 'rooms' | 'orders' }`.
 */
import type { CannotBuyReason } from '../../../typings/api'

export type BuyBarAction = 'bind' | 'wait' | 'back' | 'rooms' | 'orders'

const HELP: Record<CannotBuyReason, { action: BuyBarAction; label: string }> = {
  NOT_MEMBER: { action: 'bind', label: '去绑卡' },
  NOT_LIVE_YET: { action: 'wait', label: '等待开播' },
  PAUSED: { action: 'back', label: '返回直播间' },
  GRAB_CLOSED: { action: 'back', label: '返回直播间' },
  SOLD_OUT: { action: 'back', label: '返回直播间' },
  OUT_OF_STOCK: { action: 'back', label: '返回直播间' },
  NOT_ON_SHELF: { action: 'back', label: '返回直播间' },
  ENDED: { action: 'rooms', label: '看看其他直播' },
  OVER_LIMIT: { action: 'orders', label: '查看我的订单' },
}

Component({
  properties: {
    canBuy: { type: Boolean, value: false },
    reasonCode: { type: String, value: '' },
    reason: { type: String, value: '' },
    priceFen: { type: Number, value: 0 },
    busy: { type: Boolean, value: false },
  },
  data: { action: '', actionLabel: '' },
  observers: {
    reasonCode(code: string) {
      const help = HELP[code as CannotBuyReason]
      this.setData({ action: help?.action ?? '', actionLabel: help?.label ?? '' })
    },
  },
  methods: {
    onBuy() {
      if (this.data.canBuy && !this.data.busy) this.triggerEvent('buy', {})
    },
    onAction() {
      this.triggerEvent('action', { action: this.data.action })
    },
  },
})
