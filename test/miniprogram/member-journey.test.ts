/** @jest-environment ./test/miniprogram/support/jsdom-node-env.js */
/**
 * The member's journey over the real local transport (wx.request → POST /fn/<name> with x-wx-openid) and
 * the real local cloud with the demo data: bind card → list rooms → open goods → create order → pay
 * through the 扫呗 simulator → order paid → it appears in 我的订单. Pages are mounted for real; only the
 * phone's edges are played: wx.request does HTTP, the payment sheet pays through the simulator.
 */
import http from 'node:http'
import type { CreateOrderResponse, Result } from '../../typings/api'
import { startWorld, type World } from '../support/world'
import { installWx, type FakeWx } from './support/fake-wx'
import { mount, q, qa, settle, tapButton, text } from './support/mount'

const OPENID = 'o-journey-0001'

/** A JSON POST over loopback (jsdom has no fetch). */
function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body ?? {})
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null })
        })
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

let world: World
let wx: FakeWx
/** The payment parameters the server returned, by paySign, so the payment sheet knows the trade. */
const trades = new Map<string, string>()

beforeAll(async () => {
  world = await startWorld()
}, 120_000)
afterAll(() => world.cloud.close())

beforeEach(() => {
  wx = installWx()
  const g = globalThis as unknown as { wx: Record<string, unknown> }
  Object.assign(g.wx, {
    // the build's configuration: the local cloud, this member's OPENID
    getExtConfigSync: () => ({
      memberCenter: { transport: 'local', local: { baseUrl: world.cloud.url, openid: OPENID } },
    }),
    request(opts: {
      url: string
      method: string
      header: Record<string, string>
      data: unknown
      success(r: { statusCode: number; data: unknown }): void
      fail(e: unknown): void
    }) {
      postJson(opts.url, opts.data, opts.header).then(
        (res) => {
          const answer = res.body as Result<Partial<CreateOrderResponse>>
          if (answer?.ok && answer.data.payment)
            trades.set(answer.data.payment.paySign, answer.data.payment.outTradeNo)
          opts.success({ statusCode: res.status, data: res.body })
        },
        (e: unknown) => opts.fail(e),
      )
    },
    // the member completes payment on WeChat's sheet: 扫呗 notifies our payNotify
    requestPayment(opts: { paySign: string; success(r: unknown): void; fail(e: unknown): void }) {
      const outTradeNo = trades.get(opts.paySign)
      if (!outTradeNo) return opts.fail({ errMsg: 'requestPayment:fail unknown trade' })
      postJson(`${world.cloud.url}/sim/saobei/orders/${outTradeNo}/pay`, {}).then(
        () => opts.success({ errMsg: 'requestPayment:ok' }),
        (e: unknown) => opts.fail(e),
      )
    },
  })
})

type Page = { onLoad(o?: Record<string, string>): Promise<void> | void; onUnload?(): void }
const query = (url: string): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? '').entries())

test('bind card → rooms → goods → order → pay → paid → 我的订单', async () => {
  const roomId = world.room.roomId
  const lego = world.goods['030111001']!

  // 1. not yet a member: the goods page says so and offers 去绑卡
  await postJson(`${world.cloud.url}/sim/wechat/rooms/${roomId}/status`, { live_status: 101 })
  // the room went live on WeChat; 6 s later our 5-second freshness bound refreshes it
  await postJson(`${world.cloud.url}/sim/clock`, { advanceMs: 6000 })
  const before = mount('pages/live-goods/index')
  await (before.instance as unknown as Page).onLoad({ goodsId: lego._id, room_id: String(roomId) })
  await settle(10)
  expect(text(q(before, '.goods__bar >>> .buy-bar__action >>> .t-button'))).toBe('去绑卡')
  ;(before.instance as unknown as Page).onUnload!()

  // 2. bind the demo card JY000001 with its phone
  const bind = mount('pages/member/bind-card/index')
  await (bind.instance as unknown as Page).onLoad({ back: '1' })
  await settle(10)
  const inst = bind.instance as unknown as Record<string, (e: { detail: { value: string } }) => void>
  inst.onCardNo!({ detail: { value: 'JY000001' } })
  inst.onPhone!({ detail: { value: '13900000001' } })
  tapButton(bind, '.bind__submit')
  await settle(20)
  expect(text(q(bind, '.bind__bound-no'))).toBe('JY000001')

  // 3. the room list shows the demo room live; tapping it enters the plugin page
  const rooms = mount('pages/rooms/index')
  await (rooms.instance as unknown as Page).onLoad()
  await settle(20)
  expect(qa(rooms, '.rooms__card >>> .room-card__title').map(text)).toEqual(['天河总店周末直播'])
  expect(text(q(rooms, '.rooms__card >>> .room-card__state'))).toBe('直播中')
  q(rooms, '.rooms__card >>> .room-card').dispatchEvent('tap')
  await settle()
  const playerUrl = wx.navigations.at(-1)?.url ?? ''
  expect(playerUrl.startsWith('plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?')).toBe(true)

  // 4. the shelf opens the goods page as WeChat does: our goodsId, the plugin's room_id and custom_params
  const goods = mount('pages/live-goods/index')
  const { room_id, custom_params } = query(playerUrl)
  await (goods.instance as unknown as Page).onLoad({
    goodsId: lego._id,
    room_id: room_id!,
    custom_params: custom_params!,
  })
  await settle(20)
  expect(text(q(goods, '.goods__name'))).toBe('LEGO 乐高创意百变组 雷霆之翼')
  expect(text(q(goods, '.goods__price'))).toBe('¥0.01')
  tapButton(goods, '.goods__bar >>> .buy-bar__buy')
  await settle()
  ;(goods.instance as unknown as Page).onUnload!()
  const checkoutUrl = wx.navigations.at(-1)?.url ?? ''
  expect(checkoutUrl.startsWith('/pages/order/checkout/index?')).toBe(true)

  // 5. checkout: pickup at 天河总店, order.create, pay through the 扫呗 simulator
  const checkout = mount('pages/order/checkout/index')
  await (checkout.instance as unknown as Page).onLoad(query(checkoutUrl))
  await settle(20)
  expect(text(q(checkout, '.checkout__store'))).toBe('天河总店')
  expect(text(q(checkout, '.checkout__amount'))).toBe('¥0.01')
  tapButton(checkout, '.checkout__submit')
  for (let i = 0; i < 40 && !wx.navigations.at(-1)?.url?.includes('pay-result'); i++) await settle()
  const resultUrl = wx.navigations.at(-1)?.url ?? ''
  expect(resultUrl).toMatch(/^\/pages\/order\/pay-result\/index\?orderId=.+&outcome=done$/)

  // 6. the result page asks the server: paid
  const result = mount('pages/order/pay-result/index')
  ;(result.instance as unknown as Page).onLoad(query(resultUrl))
  for (let i = 0; i < 40 && (result.data as { view: string }).view === 'loading'; i++) await settle()
  expect(text(q(result, '.result__title'))).toBe('支付成功')
  ;(result.instance as unknown as Page).onUnload!()

  // 7. 我的订单 lists it as paid
  const orders = mount('pages/order/list/index')
  ;(orders.instance as unknown as Page).onLoad({})
  for (let i = 0; i < 40 && (orders.data as { loading: boolean }).loading; i++) await settle()
  expect(qa(orders, '.order')).toHaveLength(1)
  expect(text(q(orders, '.order--paid .order__name'))).toBe('LEGO 乐高创意百变组 雷霆之翼')
  expect(text(q(orders, '.order--paid >>> .status-tag'))).toBe('已支付')
  ;(orders.instance as unknown as Page).onUnload!()

  // and the server agrees
  const listed = await world.cloud.call<Result<{ orders: Array<{ status: string }> }>>(
    'order',
    { action: 'list' },
    OPENID,
  )
  expect(listed.ok && listed.data.orders.map((o) => o.status)).toEqual(['paid'])
  // every call went through the local transport, none through wx.cloud
  expect(wx.calls).toHaveLength(0)
}, 60_000)
