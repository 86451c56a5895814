/**
 * Stand-in for the live plugin's subscribe component (单次开播提醒), which only exists inside WeChat.
 * Same properties as the plugin's; a tap reports `subscribe` as the plugin does.
 */
Component({
  properties: {
    roomId: { type: Number, value: 0 },
    width: { type: Number, value: 120 },
    height: { type: Number, value: 41 },
    fontSize: { type: Number, value: 17 },
    color: { type: String, value: 'FFFFFF' },
    backgroundColor: { type: String, value: '#6467F0' },
    customParams: { type: String, value: '' },
    stopPropagation: { type: Boolean, value: false },
  },
  methods: {
    onTap() {
      this.triggerEvent('subscribe', { room_id: this.data.roomId, openid: 'stub', is_subscribe: true })
    },
  },
})
