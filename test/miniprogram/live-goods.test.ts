/** @jest-environment jsdom */
/** 商品 (pages/live-goods/index): how it finds its room, each refusal with its action, the live refresh. */
import type { CannotBuyReason } from '../../typings/api'
import { fail, installWx, ok, type FakeWx } from './support/fake-wx'
import { item, room } from './support/fixtures'
import { mount, q, settle, tapButton, text } from './support/mount'

type GoodsPage = {
  onLoad(o: Record<string, string>): Promise<void>
  onUnload(): void
  onHide(): void
}

let wx: FakeWx
beforeEach(() => {
  wx = installWx()
})
const opened: GoodsPage[] = []
afterEach(() => {
  // a page left open keeps its refresh timer: close them as the member would
  for (const p of opened.splice(0)) p.onUnload()
  jest.useRealTimers()
})

async function open(options: Record<string, string>) {
  const page = mount('pages/live-goods/index')
  opened.push(page.instance as unknown as GoodsPage)
  await (page.instance as unknown as GoodsPage).onLoad(options)
  await settle()
  return page
}

const GOODS = 'g-030111001'

describe('which room', () => {
  beforeEach(() => {
    wx.answer('live.item', (e) => ok(item({ roomId: e.roomId as number })))
  })

  test("the plugin's room_id first", async () => {
    wx.storage.set('live:lastRoom', { roomId: 3, storeId: 'S001', enteredAt: 0 })
    await open({ goodsId: GOODS, room_id: '7', custom_params: encodeURIComponent('{"roomId":8}') })
    expect(wx.callsTo('live.item')).toEqual([{ action: 'item', roomId: 7, goodsId: GOODS }])
  })

  test('else our custom_params (URI-encoded twice, as some clients pass it)', async () => {
    const params = encodeURIComponent(encodeURIComponent(JSON.stringify({ roomId: 8, storeId: 'S001' })))
    await open({ goodsId: GOODS, custom_params: params })
    expect(wx.callsTo('live.item')[0]).toMatchObject({ roomId: 8 })
  })

  test('else the room the member last entered', async () => {
    wx.storage.set('live:lastRoom', { roomId: 3, storeId: 'S001', enteredAt: 0 })
    await open({ goodsId: GOODS })
    expect(wx.callsTo('live.item')[0]).toMatchObject({ roomId: 3 })
  })

  test('else the server: the room whose shelf holds the goods, a live one first', async () => {
    wx.answer(
      'live.rooms',
      ok({
        rooms: [room('upcoming', { roomId: 21 }), room('live', { roomId: 22 }), room('live', { roomId: 23 })],
      }),
    )
    wx.answer('live.room', (e) =>
      ok({ ...room('live', { roomId: e.roomId as number }), shelf: e.roomId === 23 ? [item()] : [] }),
    )
    await open({ goodsId: GOODS })
    expect(wx.callsTo('live.room').map((e) => e.roomId)).toEqual([22, 23])
    expect(wx.callsTo('live.item')[0]).toMatchObject({ roomId: 23 })
  })

  test('the last room entered does not hold the goods: the server finds the one that does', async () => {
    wx.storage.set('live:lastRoom', { roomId: 3, storeId: 'S001', enteredAt: 0 })
    wx.answer('live.item', (e) =>
      ok(
        e.roomId === 3
          ? item({
              roomId: 3,
              canBuy: false,
              maxQty: 0,
              reasonCode: 'NOT_ON_SHELF',
              reason: '该商品不在本直播间货架上',
            })
          : item({ roomId: e.roomId as number }),
      ),
    )
    wx.answer('live.rooms', ok({ rooms: [room('live', { roomId: 3 }), room('live', { roomId: 24 })] }))
    wx.answer('live.room', (e) =>
      ok({ ...room('live', { roomId: e.roomId as number }), shelf: e.roomId === 24 ? [item()] : [] }),
    )
    const page = await open({ goodsId: GOODS })
    expect(wx.callsTo('live.item').map((e) => e.roomId)).toEqual([3, 24])
    expect(page.querySelector('.goods__bar >>> .buy-bar__buy')).toBeTruthy()
  })

  test('the plugin said which room: a refusal there is the answer, no guessing elsewhere', async () => {
    wx.answer(
      'live.item',
      ok(item({ canBuy: false, maxQty: 0, reasonCode: 'NOT_ON_SHELF', reason: '该商品不在本直播间货架上' })),
    )
    await open({ goodsId: GOODS, room_id: '7' })
    expect(wx.callsTo('live.rooms')).toHaveLength(0)
  })

  test('no room anywhere: says so instead of guessing', async () => {
    wx.answer('live.rooms', ok({ rooms: [] }))
    const page = await open({ goodsId: GOODS })
    expect(text(q(page, '.state--error'))).toContain('没有找到这件商品所在的直播间')
    expect(wx.callsTo('live.item')).toHaveLength(0)
  })
})

test('buyable: live price, remaining, limit; 立即抢购 opens checkout', async () => {
  wx.answer('live.item', ok(item({ remaining: 85, perOrderLimit: 2 })))
  const page = await open({ goodsId: GOODS, room_id: '1001' })
  expect(text(q(page, '.goods__price'))).toBe('¥0.01')
  expect(text(q(page, '.goods__remaining'))).toBe('剩余 85件')
  expect(text(q(page, '.goods__limit'))).toBe('每单限购 2件')
  tapButton(page, '.goods__bar >>> .buy-bar__buy')
  await settle()
  expect(wx.navigations.at(-1)).toEqual({
    kind: 'navigateTo',
    url: `/pages/order/checkout/index?roomId=1001&goodsId=${GOODS}`,
  })
})

const REFUSALS: Array<[CannotBuyReason, string, string, { kind: string; url?: string } | 'toast']> = [
  [
    'NOT_MEMBER',
    '绑定实体会员卡后才能在直播间下单',
    '去绑卡',
    { kind: 'navigateTo', url: '/pages/member/bind-card/index?back=1' },
  ],
  ['NOT_LIVE_YET', '直播未开始，开播后才能抢购', '等待开播', 'toast'],
  ['PAUSED', '直播暂停中，恢复直播后可继续抢购', '返回直播间', { kind: 'navigateBack' }],
  ['GRAB_CLOSED', '暂未开放抢购，请等待主播上链接', '返回直播间', { kind: 'navigateBack' }],
  ['SOLD_OUT', '本场直播该商品已抢完', '返回直播间', { kind: 'navigateBack' }],
  ['OUT_OF_STOCK', '门店库存不足，暂时无法购买', '返回直播间', { kind: 'navigateBack' }],
  ['NOT_ON_SHELF', '该商品不在本直播间货架上', '返回直播间', { kind: 'navigateBack' }],
  [
    'ENDED',
    '直播已结束，不能再以直播价购买',
    '看看其他直播',
    { kind: 'navigateTo', url: '/pages/rooms/index' },
  ],
  [
    'OVER_LIMIT',
    '您已达到该商品的限购数量',
    '查看我的订单',
    { kind: 'navigateTo', url: '/pages/order/list/index' },
  ],
]

test.each(REFUSALS)('%s: shows 「%s」 and %s, which helps', async (reasonCode, reason, label, expected) => {
  wx.pageDepth = 2 // opened from the plugin's shelf: the room is under this page
  wx.answer('live.item', ok(item({ canBuy: false, maxQty: 0, reasonCode, reason })))
  const page = await open({ goodsId: GOODS, room_id: '1001' })
  expect(text(q(page, '.goods__bar >>> .buy-bar__reason'))).toBe(reason)
  expect(page.querySelector('.goods__bar >>> .buy-bar__buy')).toBeFalsy()
  expect(text(q(page, '.goods__bar >>> .buy-bar__action >>> .t-button'))).toBe(label)
  tapButton(page, '.goods__bar >>> .buy-bar__action')
  await settle()
  if (expected === 'toast') expect(wx.toasts.at(-1)).toContain('开播后即可抢购')
  else expect(wx.navigations.at(-1)).toMatchObject(expected)
})

test('返回直播间 when the page was opened on its own (a shared link): re-enters the room through the plugin', async () => {
  wx.pageDepth = 1
  wx.answer('live.item', ok(item({ canBuy: false, reasonCode: 'PAUSED', reason: '直播暂停中' })))
  const page = await open({ goodsId: GOODS, room_id: '1001' })
  tapButton(page, '.goods__bar >>> .buy-bar__action')
  await settle()
  expect(wx.navigations.at(-1)?.url).toMatch(
    /^plugin-private:\/\/wx2b03c6e691cd7370\/pages\/live-player-plugin\?room_id=1001&/,
  )
})

test('remaining refreshes every 5 s while open, and stops when the page closes', async () => {
  jest.useFakeTimers({
    doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'Date'],
  })
  let remaining = 85
  wx.answer('live.item', () => ok(item({ remaining })))
  const page = await open({ goodsId: GOODS, room_id: '1001' })
  expect(text(q(page, '.goods__remaining'))).toBe('剩余 85件')
  remaining = 40
  jest.advanceTimersByTime(5000)
  await settle()
  expect(text(q(page, '.goods__remaining'))).toBe('剩余 40件')
  ;(page.instance as unknown as GoodsPage).onUnload()
  const before = wx.callsTo('live.item').length
  jest.advanceTimersByTime(20_000)
  await settle()
  expect(wx.callsTo('live.item')).toHaveLength(before)
})

test('the refresh turning into a refusal (the room paused) swaps the buy button for the reason', async () => {
  jest.useFakeTimers({
    doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'Date'],
  })
  let paused = false
  wx.answer('live.item', () =>
    ok(
      paused
        ? item({ canBuy: false, reasonCode: 'PAUSED', reason: '直播暂停中，恢复直播后可继续抢购' })
        : item(),
    ),
  )
  const page = await open({ goodsId: GOODS, room_id: '1001' })
  expect(page.querySelector('.goods__bar >>> .buy-bar__buy')).toBeTruthy()
  paused = true
  jest.advanceTimersByTime(5000)
  await settle()
  expect(text(q(page, '.goods__bar >>> .buy-bar__reason'))).toBe('直播暂停中，恢复直播后可继续抢购')
  ;(page.instance as unknown as GoodsPage).onUnload()
})

test('error: the server message, and a retry', async () => {
  let n = 0
  wx.answer('live.item', () =>
    n++ === 0 ? fail('LIVE_STATE_UNAVAILABLE', '暂时无法确认直播状态，请稍后再试') : ok(item()),
  )
  const page = await open({ goodsId: GOODS, room_id: '1001' })
  expect(text(q(page, '.state--error .state__text'))).toBe('暂时无法确认直播状态，请稍后再试')
  tapButton(page, '.state__retry')
  await settle()
  expect(text(q(page, '.goods__name'))).toBe('LEGO 乐高创意百变组 雷霆之翼')
  ;(page.instance as unknown as GoodsPage).onUnload()
})

test('a link without goodsId: says the link is incomplete', async () => {
  const page = await open({})
  expect(text(q(page, '.state--error'))).toContain('商品链接不完整')
})
