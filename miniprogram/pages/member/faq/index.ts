/**
 * 常见问题: the member-facing answers of the merchant manual (FAQ 3, 4, 6–11, 15–17), worded for a shopper.
 * The Android "video but no controls" answer also offers to switch the mini-program's debug mode off.
 */

interface Faq {
  id: string
  q: string
  a: string[]
}

export const FAQ: Faq[] = [
  {
    id: 'who',
    q: '谁可以看直播？谁可以下单？',
    a: [
      '任何人都可以进入直播间观看。',
      '只有绑定了实体会员卡的微会员才能在直播间下单，请先在「我的 → 绑定会员卡」中绑定。',
    ],
  },
  {
    id: 'when',
    q: '什么时候可以用直播专享价购买？',
    a: [
      '直播专享价只在直播进行中有效：开播前和直播结束后都不能以直播价下单，直播暂停时也要等恢复后再抢。',
      '只有从直播间货架打开的商品才享受直播专享价；每件商品有单场可抢数量和每单限购数量，抢完即止。',
    ],
  },
  {
    id: 'price',
    q: '直播价为什么和平时在门店看到的价格不一样？',
    a: ['直播价是商家为这场直播专门设定的价格，与门店的零售价、会员价、促销价没有关系，所以可能不一样。'],
  },
  {
    id: 'preview',
    q: '开播前能看到要卖的商品和价格吗？',
    a: [
      '可以。商家在开播前导入直播间的商品，开播前进入直播间就能在货架上看到商品和直播专享价；有的商品会在直播中由主播「上链接」后才开放抢购。',
    ],
  },
  {
    id: 'notice',
    q: '怎么知道什么时候有直播？',
    a: [
      '在「直播间」列表可以看到所有预告和正在进行的直播；点预告上的「开播提醒」，开播时微信会提醒您。商家也会通过公众号、门店海报或店员分享通知。',
    ],
  },
  {
    id: 'early',
    q: '主播提前开播或推迟开播了怎么办？',
    a: [
      '以直播间的实际状态为准：主播开播后几秒内即可下单，不必等到预告的开始时间；预告时间已过但还没开播时，暂时不能下单，请耐心等待或留意开播提醒。',
    ],
  },
  {
    id: 'replay',
    q: '错过直播了，还能看回放吗？',
    a: [
      '可以。只要商家没有关闭回放，在「直播间」列表中带「回放」标记的直播都可以随时观看。回放期间不能以直播价下单。',
    ],
  },
  {
    id: 'prize',
    q: '直播间抽奖中奖了，怎么领奖？',
    a: [
      '中奖后微信会在直播间显示兑奖码。到「我的 → 我的奖品」输入兑奖码领取，再凭兑奖码（二维码或数字）到门店兑奖；也可以在直播间填写收货地址，由商家寄出，在「我的奖品」里能看到快递单号。',
    ],
  },
  {
    id: 'debug',
    q: '为什么我的手机进入直播间只看到视频，却没有任何操作按钮？',
    a: [
      '这个问题基本只出现在安卓手机上，原因是手机开启了微信的调试模式。',
      '解决办法：用微信扫描门店提供的「关闭调试模式」二维码关闭调试模式（可向店员索取），然后彻底退出微信再重新打开。',
      '如果是本小程序开启了调试（画面上有绿色的 vConsole 按钮），也可以点下面的按钮关闭，小程序会自动重启。',
    ],
  },
]

Component({
  data: { items: FAQ, open: { who: true } as Record<string, boolean> },
  methods: {
    onToggle(e: WechatMiniprogram.TouchEvent<object, object, { id: string }>) {
      const id = e.currentTarget.dataset.id
      this.setData({ [`open.${id}`]: !this.data.open[id] })
    },
    onDebugOff() {
      wx.setEnableDebug({ enableDebug: false })
    },
  },
})
