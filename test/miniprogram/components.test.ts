/** @jest-environment jsdom */
/** The reusable components mounted for real: price, buy bar, room card, QR code. */
import type { CannotBuyReason } from '../../typings/api'
import { installWx } from './support/fake-wx'
import { room } from './support/fixtures'
import { mount, q, qa, settle, tapButton, text, type Comp } from './support/mount'

beforeAll(() => installWx())

const events = (comp: Comp, name: string): unknown[] => {
  const got: unknown[] = []
  ;(
    comp as unknown as { addEventListener(n: string, f: (e: { detail: unknown }) => void): void }
  ).addEventListener(name, (e) => got.push(e.detail))
  return got
}

describe('price', () => {
  test.each([
    [1, '¥0.01'],
    [99, '¥0.99'],
    [100, '¥1.00'],
    [12345, '¥123.45'],
    [0, '¥0.00'],
  ])('%i fen reads %s', (fen, shown) => {
    const c = mount('components/price/index', { fen })
    expect(text(q(c, '.price'))).toBe(shown)
  })

  test('follows a new amount', () => {
    const c = mount('components/price/index', { fen: 1 })
    c.setData({ fen: 9900 })
    expect(text(q(c, '.price'))).toBe('¥99.00')
  })
})

describe('buy-bar', () => {
  test('buyable: the live price and 立即抢购, which emits buy', async () => {
    const c = mount('components/buy-bar/index', { canBuy: true, priceFen: 1 })
    const buys = events(c, 'buy')
    expect(text(q(c, '.buy-bar__total'))).toBe('直播价 ¥0.01')
    expect(q(c, '.buy-bar--open')).toBeTruthy()
    tapButton(c, '.buy-bar__buy')
    await settle()
    expect(buys).toHaveLength(1)
  })

  test('busy: a second tap while the order is being made does nothing', async () => {
    const c = mount('components/buy-bar/index', { canBuy: true, priceFen: 1, busy: true })
    const buys = events(c, 'buy')
    tapButton(c, '.buy-bar__buy')
    await settle()
    expect(buys).toHaveLength(0)
  })

  test.each<[CannotBuyReason, string, string]>([
    ['NOT_MEMBER', '去绑卡', 'bind'],
    ['NOT_LIVE_YET', '等待开播', 'wait'],
    ['PAUSED', '返回直播间', 'back'],
    ['GRAB_CLOSED', '返回直播间', 'back'],
    ['SOLD_OUT', '返回直播间', 'back'],
    ['OUT_OF_STOCK', '返回直播间', 'back'],
    ['NOT_ON_SHELF', '返回直播间', 'back'],
    ['ENDED', '看看其他直播', 'rooms'],
    ['OVER_LIMIT', '查看我的订单', 'orders'],
  ])('%s: the server reason and %s (%s)', async (reasonCode, label, action) => {
    const reason = `服务端说明 ${reasonCode}`
    const c = mount('components/buy-bar/index', { canBuy: false, reasonCode, reason, priceFen: 1 })
    const actions = events(c, 'action')
    expect(text(q(c, '.buy-bar__reason'))).toBe(reason)
    expect(q(c, `.buy-bar--${reasonCode}`)).toBeTruthy()
    expect(c.querySelector('.buy-bar__buy')).toBeFalsy()
    expect(text(q(c, `.buy-bar__action--${action} >>> .t-button`))).toBe(label)
    tapButton(c, '.buy-bar__action')
    await settle()
    expect(actions).toEqual([{ action }])
  })
})

describe('room-card', () => {
  test.each([
    ['upcoming', '预告', true],
    ['live', '直播中', false],
    ['paused', '暂停', false],
    ['ended', '已结束', false],
    ['replay', '回放', false],
  ] as const)('%s room: tag %s, subscribe button only before the start', (state, tag, subscribable) => {
    const c = mount('components/room-card/index', { room: room(state) })
    expect(text(q(c, '.room-card__state'))).toBe(tag)
    expect(text(q(c, '.room-card__title'))).toContain('天河总店周末直播')
    expect(text(q(c, '.room-card__store'))).toBe('天河总店')
    expect(text(q(c, '.room-card__anchor'))).toBe('主播 小晋')
    expect(text(q(c, '.room-card__schedule'))).toMatch(/^\d\d-\d\d \d\d:\d\d – \d\d:\d\d$/)
    expect(Boolean(c.querySelector('.room-card__subscribe'))).toBe(subscribable)
  })

  test('tapping the card enters the room with its id and store', async () => {
    const r = room('live')
    const c = mount('components/room-card/index', { room: r })
    const entered = events(c, 'enter')
    q(c, '.room-card').dispatchEvent('tap')
    await settle()
    expect(entered).toEqual([{ roomId: r.roomId, storeId: 'S001' }])
  })

  test('the subscribe button stops propagation: subscribing does not also enter the room', async () => {
    const r = room('upcoming')
    const c = mount('components/room-card/index', { room: r })
    const entered = events(c, 'enter')
    const subscribed = events(c, 'subscribe')
    const stub = q(c, '.room-card__subscribe >>> .plugin-subscribe')
    expect(stub.dom?.getAttribute('class')).toContain('plugin-subscribe--stop')
    stub.dispatchEvent('tap')
    await settle()
    expect(subscribed).toEqual([{ roomId: r.roomId, room_id: r.roomId, openid: 'stub', is_subscribe: true }])
    expect(entered).toEqual([])
  })
})

describe('qr-code', () => {
  test('draws the matrix as runs: every row adds up to the code width, quiet zone around', () => {
    const c = mount('components/qr-code/index', { text: 'A7K2M9', size: 180 })
    const data = c.data as { modules: number; cell: number; side: number; quiet: number }
    expect(data.modules).toBe(21) // version 1
    expect(data.cell).toBe(8)
    expect(data.side).toBe(168)
    expect(data.quiet).toBe(32)
    const rows = qa(c, '.qr__row')
    expect(rows).toHaveLength(21)
    // the top-left finder pattern: 7 dark, 1 light, …
    const firstRow = qa(c, '.qr__row .qr__run')
    expect(firstRow[0]?.dom?.getAttribute('class')).toContain('qr__run--dark')
    expect(firstRow[0]?.dom?.getAttribute('style')).toContain('width: 56px')
  })

  test('no text, nothing drawn', () => {
    const c = mount('components/qr-code/index', { text: '' })
    expect(qa(c, '.qr__row')).toHaveLength(0)
  })
})
