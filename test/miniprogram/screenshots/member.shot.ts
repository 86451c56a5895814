/** @jest-environment ./test/miniprogram/support/jsdom-node-env.js */
/// <reference lib="dom" />
/**
 * Not a test: the first half of `npm run screenshots:miniprogram`. Mounts the member pages with
 * miniprogram-simulate over the real local transport and the local cloud with the demo data, and writes
 * each rendered tree with its WXSS (ours and TDesign's, rpx at a 375-px-wide screen) as an HTML file for
 * scripts/miniprogram/screenshots.ts to photograph in Chromium. Run only by that script (*.shot.ts).
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { CreateOrderResponse, Result } from '../../../typings/api'
import { startWorld, type World } from '../../support/world'
import { installWx, type FakeWx } from '../support/fake-wx'
import { mount, q, settle, tapButton, type Comp } from '../support/mount'
import { testRoot } from '../support/root'

const OUT = process.env.SHOT_OUT ?? path.resolve(__dirname, '../../../dist/screenshots/member')
const OPENID = 'o-screenshot-0001'
const REPO = path.resolve(__dirname, '../../..')

// simulate turns 1rpx into 1px; on a 375-px-wide phone 750rpx is the width: 1rpx = 0.5px
// eslint-disable-next-line @typescript-eslint/no-require-imports -- simulate's own helper, patched by path
const simulateUtils = require('miniprogram-simulate/src/utils') as { transformRpx: (css: string) => string }
simulateUtils.transformRpx = (css) =>
  css.replace(/(-?\d*\.?\d+)rpx/gi, (_, n: string) => `${Number(n) / 2}px`)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wxss = require('miniprogram-simulate/src/wxss') as {
  compile(css: string, o: { prefix: string }): string
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body ?? {})
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null')))
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

/** The look of the built-in components WeChat draws itself (view, text, image, button, input). */
const BASE_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { width: 375px; min-height: 812px; background: #f5f5f5; font-family: -apple-system, "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 14px; color: #222; }
wx-view, wx-scroll-view, wx-swiper, wx-form { display: block; }
wx-text { display: inline; }
wx-image { display: inline-block; overflow: hidden; background: linear-gradient(135deg, #ffd6cc, #c8d8ff); position: relative; }
wx-image::after { content: "直播封面"; position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: rgba(0,0,0,.35); font-size: 12px; }
wx-button { position: relative; display: block; margin: 0; padding: 0 14px; box-sizing: border-box; font-size: 18px; text-align: center; border-radius: 5px; overflow: hidden; color: #000; background-color: #f8f8f8; border: 0; font-family: inherit; }
wx-button::after { content: " "; width: 200%; height: 200%; position: absolute; top: 0; left: 0; border: 1px solid rgba(0,0,0,.2); transform: scale(.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 10px; pointer-events: none; }
wx-input { display: block; min-height: 1.4em; }
wx-input[placeholder]::before { content: attr(placeholder); color: #bbb; }
wx-input[value]:not([value=""])::before { content: attr(value); color: #222; }
.nav { height: 44px; display: flex; align-items: center; justify-content: center; background: #fff; font-size: 17px; font-weight: 600; position: relative; border-bottom: 1px solid #eee; }
.nav__capsule { position: absolute; right: 7px; top: 6px; width: 87px; height: 32px; border: 1px solid #e5e5e5; border-radius: 16px; }
.status { height: 20px; background: #fff; }
`

function pageCss(): string {
  const app = fs.readFileSync(path.join(REPO, 'miniprogram', 'app.wxss'), 'utf8')
  // app.wxss reaches pages (tag main) and components with styleIsolation apply-shared
  const shared = ['main', 'room-card', 'buy-bar', 'price', 'status-tag', 'qr-code']
    .map((prefix) => wxss.compile(app, { prefix }))
    .join('\n')
  const inserted = Array.from(document.querySelectorAll('style'))
    .map((s) => s.innerHTML)
    .join('\n')
  return simulateUtils.transformRpx(shared + inserted).replace(/(^|[{},\s])page(?=[\s{,.:])/g, '$1body')
}

/** Properties WeChat draws but simulate does not reflect into the DOM: an input's value and placeholder. */
function reflectInputs(root: Element): void {
  for (const el of Array.from(root.querySelectorAll('wx-input, wx-textarea'))) {
    const vt = (
      el as unknown as { __wxElement?: { _vt?: { attrs?: Array<{ name: string; value: unknown }> } } }
    ).__wxElement?._vt
    for (const a of vt?.attrs ?? [])
      if ((a.name === 'value' || a.name === 'placeholder') && a.value)
        el.setAttribute(a.name, String(a.value))
  }
}

function save(name: string, title: string, comp: Comp): void {
  if (comp.dom) reflectInputs(comp.dom)
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_CSS}\n${pageCss()}</style></head>
<body><div class="status"></div><div class="nav">${title}<div class="nav__capsule"></div></div>${comp.dom?.outerHTML ?? ''}</body></html>`
  fs.mkdirSync(OUT, { recursive: true })
  fs.writeFileSync(path.join(OUT, `${name}.html`), html)
}

const navTitle = (rel: string): string =>
  (
    JSON.parse(fs.readFileSync(path.join(testRoot(), `${rel}.json`), 'utf8')) as {
      navigationBarTitleText?: string
    }
  ).navigationBarTitleText ?? '会员中心'

let world: World
let wx: FakeWx
const trades = new Map<string, string>()

beforeAll(async () => {
  world = await startWorld()
}, 120_000)
afterAll(() => world.cloud.close())

test('renders the member pages with the demo data', async () => {
  wx = installWx()
  Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, {
    getExtConfigSync: () => ({
      memberCenter: { transport: 'local', local: { baseUrl: world.cloud.url, openid: OPENID } },
    }),
    request(opts: {
      url: string
      header: Record<string, string>
      data: unknown
      success(r: unknown): void
      fail(e: unknown): void
    }) {
      postJson(opts.url, opts.data, opts.header).then((body) => {
        const answer = body as Result<Partial<CreateOrderResponse>>
        if (answer?.ok && answer.data.payment)
          trades.set(answer.data.payment.paySign, answer.data.payment.outTradeNo)
        opts.success({ statusCode: 200, data: body })
      }, opts.fail)
    },
    requestPayment(opts: { paySign: string; success(r: unknown): void }) {
      void postJson(`${world.cloud.url}/sim/saobei/orders/${trades.get(opts.paySign)}/pay`, {}).then(() =>
        opts.success({ errMsg: 'requestPayment:ok' }),
      )
    },
  })
  const open = async (rel: string, options: Record<string, string> = {}, turns = 30) => {
    const page = mount(rel)
    const inst = page.instance as unknown as Record<
      string,
      ((o: Record<string, string>) => unknown) | undefined
    >
    await (inst.onLoad ?? inst.onShow)?.call(inst, options)
    await settle(turns)
    return page
  }
  const close = (page: Comp) => (page.instance as unknown as { onUnload?(): void }).onUnload?.()
  const roomId = world.room.roomId
  const lego = world.goods['030111001']!

  // before the broadcast: 预告 with the plugin's 开播提醒
  save('member-rooms-upcoming', navTitle('pages/rooms/index'), await open('pages/rooms/index'))

  // the anchor starts; the goods page for a viewer without a card
  await postJson(`${world.cloud.url}/sim/wechat/rooms/${roomId}/status`, { live_status: 101 })
  await postJson(`${world.cloud.url}/sim/clock`, { advanceMs: 6000 })
  save('member-rooms', navTitle('pages/rooms/index'), await open('pages/rooms/index'))
  const guest = await open('pages/live-goods/index', { goodsId: lego._id, room_id: String(roomId) })
  save('member-goods-not-member', navTitle('pages/live-goods/index'), guest)
  close(guest)

  // 绑定会员卡: a wrong phone first
  const bind = await open('pages/member/bind-card/index', { back: '1' })
  const b = bind.instance as unknown as Record<string, (e: { detail: { value: string } }) => void>
  b.onCardNo!({ detail: { value: 'JY000001' } })
  b.onPhone!({ detail: { value: '13900000009' } })
  tapButton(bind, '.bind__submit')
  await settle(30)
  save('member-bind-card', navTitle('pages/member/bind-card/index'), bind)
  b.onPhone!({ detail: { value: '13900000001' } })
  tapButton(bind, '.bind__submit')
  await settle(30)

  const goods = await open('pages/live-goods/index', { goodsId: lego._id, room_id: String(roomId) })
  save('member-goods', navTitle('pages/live-goods/index'), goods)
  close(goods)

  const checkout = await open('pages/order/checkout/index', { roomId: String(roomId), goodsId: lego._id })
  save('member-checkout', navTitle('pages/order/checkout/index'), checkout)
  tapButton(checkout, '.checkout__submit')
  for (let i = 0; i < 60 && !wx.navigations.at(-1)?.url?.includes('pay-result'); i++) await settle()
  const resultUrl = wx.navigations.at(-1)?.url ?? ''
  const orderId = new URLSearchParams(resultUrl.split('?')[1]).get('orderId') ?? ''
  const result = await open('pages/order/pay-result/index', { orderId, outcome: 'done' })
  save('member-pay-result', navTitle('pages/order/pay-result/index'), result)
  close(result)

  // a second order left unpaid, so 我的订单 shows a countdown too
  const orca = world.goods['030113001']!
  await world.cloud.call(
    'order',
    { action: 'create', roomId, goodsId: orca._id, qty: 1, requestId: 'screenshot-unpaid-0001' },
    OPENID,
  )
  const orders = await open('pages/order/list/index')
  save('member-orders', navTitle('pages/order/list/index'), orders)
  close(orders)

  // two prizes of the room's comment lottery: one to redeem at the store, one shipped
  const base = {
    lotteryId: 'lot-1',
    roomId,
    roomName: '天河总店周末直播',
    lotteryName: '评论抽奖',
    nickname: '小明',
    phone: '13900000001',
    codeIssued: false,
    wonAt: Date.now() - 3600_000,
    openid: OPENID,
    linkedAt: Date.now(),
    linkedBy: 'phone',
  }
  await world.cloud.db.collection('prizes').add({
    data: {
      _id: 'A7K2M9',
      code: 'A7K2M9',
      prizeName: '乐高钥匙扣',
      receiverName: '',
      address: '',
      state: 'unredeemed',
      ...base,
    },
  })
  await world.cloud.db.collection('prizes').add({
    data: {
      _id: 'C9M4P1',
      code: 'C9M4P1',
      prizeName: 'CollectA 小海豚',
      receiverName: '张三',
      address: '广州市天河区体育西路1号',
      state: 'shipped',
      carrier: '顺丰',
      trackingNo: 'SF1234567890',
      shippedAt: Date.now(),
      ...base,
    },
  })
  save('member-prizes', navTitle('pages/member/prizes/index'), await open('pages/member/prizes/index'))

  const faq = mount('pages/member/faq/index')
  q(faq, '.faq__item--debug').dispatchEvent('tap')
  await settle()
  save('member-faq', navTitle('pages/member/faq/index'), faq)
  save('member-me', navTitle('pages/me/index'), await open('pages/me/index'))

  expect(fs.readdirSync(OUT).filter((f) => f.endsWith('.html')).length).toBeGreaterThanOrEqual(10)
}, 120_000)
