/** @jest-environment jsdom */
/** 我的订单: status tabs, countdown to the deadline, repay, cancel, refunds. */
import { fail, installWx, ok, type FakeWx } from './support/fake-wx'
import { order, payment } from './support/fixtures'
import { mount, q, qa, settle, tapButton, text } from './support/mount'

type Orders = { onLoad(o: Record<string, string>): void; onUnload(): void; onReachBottom(): Promise<void> }

let wx: FakeWx
const pages: Orders[] = []
beforeEach(() => {
  wx = installWx()
  LIST = list()
})
afterEach(() => {
  for (const p of pages.splice(0)) p.onUnload()
  jest.useRealTimers()
})

// built per test: the countdowns are measured from the moment the page reads them
let LIST: ReturnType<typeof order>[] = []
const list = () => [
  order({ orderId: 'o-pending', status: 'pending', expireAt: Date.now() + 10 * 60_000 + 5_000 }),
  order({ orderId: 'o-paid', status: 'paid', paidAt: Date.now() }),
  order({
    orderId: 'o-refunded',
    status: 'refunded',
    amountFen: 2,
    refund: {
      amountFen: 2,
      state: 'refunded',
      requestedAt: Date.now() - 3600_000,
      refundedAt: Date.now() - 1800_000,
    },
  }),
  order({
    orderId: 'o-refunding',
    status: 'refunded',
    refund: { amountFen: 1, state: 'refunding', requestedAt: Date.now() },
  }),
  order({ orderId: 'o-closed', status: 'closed' }),
]

async function open(options: Record<string, string> = {}) {
  const page = mount('pages/order/list/index')
  const inst = page.instance as unknown as Orders
  pages.push(inst)
  inst.onLoad(options)
  await settle()
  return page
}

test('every order with its status; the pending one counts down and offers 去支付 and 取消订单', async () => {
  wx.answer('order.list', ok({ orders: LIST }))
  const page = await open()
  expect(qa(page, '.order')).toHaveLength(5)
  expect(qa(page, '.order .order__name').map(text)[0]).toBe('LEGO 乐高创意百变组 雷霆之翼')
  expect(text(q(page, '.order--pending .order__countdown'))).toMatch(/^剩余 (10:0\d|09:[45]\d) 支付$/)
  expect(q(page, '.order--pending .order__repay')).toBeTruthy()
  expect(q(page, '.order--pending .order__cancel')).toBeTruthy()
  expect(page.querySelector('.order--paid .order__actions')).toBeFalsy()
})

test('refunds: amount and state (已退款 with its time, 退款中)', async () => {
  wx.answer('order.list', ok({ orders: LIST }))
  const page = await open()
  const refunds = qa(page, '.order__refund').map(text)
  expect(refunds[0]).toMatch(/^退款 ¥0\.02 · 已退款 · \d\d-\d\d \d\d:\d\d$/)
  expect(refunds[1]).toBe('退款 ¥0.01 · 退款中')
})

test('the countdown ticks each second', async () => {
  jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'nextTick', 'queueMicrotask'] })
  wx.answer('order.list', ok({ orders: [order({ expireAt: Date.now() + 65_000 })] }))
  const page = await open()
  expect(text(q(page, '.order__countdown'))).toBe('剩余 01:05 支付')
  jest.advanceTimersByTime(3000)
  await settle()
  expect(text(q(page, '.order__countdown'))).toBe('剩余 01:02 支付')
})

test('a countdown that runs out reads the list again (the server has closed the order)', async () => {
  jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'nextTick', 'queueMicrotask'] })
  let closed = false
  wx.answer('order.list', () =>
    ok({ orders: [order({ status: closed ? 'closed' : 'pending', expireAt: Date.now() + 2_000 })] }),
  )
  const page = await open()
  closed = true
  jest.advanceTimersByTime(3000)
  await settle()
  expect(wx.callsTo('order.list')).toHaveLength(2)
  expect(text(q(page, '.order >>> .status-tag'))).toBe('已关闭')
})

test('tabs ask the server for that status', async () => {
  wx.answer('order.list', (e) => ok({ orders: e.status ? LIST.filter((o) => o.status === e.status) : LIST }))
  const page = await open()
  // TDesign's tabs report the chosen panel's value
  ;(page.instance as unknown as { onTab(e: { detail: { value: string } }): void }).onTab({
    detail: { value: 'paid' },
  })
  await settle()
  expect(wx.callsTo('order.list').at(-1)).toEqual({ action: 'list', status: 'paid' })
  expect(qa(page, '.order')).toHaveLength(1)
  expect(qa(page, '.orders__tabs >>> .t-tabs__item').map(text)).toEqual([
    '全部',
    '待支付',
    '已支付',
    '已退款',
    '已关闭',
    '已取消',
  ])
})

test('tapping a tab switches the list', async () => {
  wx.answer('order.list', (e) => ok({ orders: e.status ? LIST.filter((o) => o.status === e.status) : LIST }))
  const page = await open()
  qa(page, '.orders__tabs >>> .t-tabs__item')[1]!.dispatchEvent('tap')
  await settle()
  expect(wx.callsTo('order.list').at(-1)).toEqual({ action: 'list', status: 'pending' })
  expect(qa(page, '.order')).toHaveLength(1)
})

test('取消订单 asks first, then shows the order as the server returns it', async () => {
  wx.answer('order.list', ok({ orders: [LIST[0]!] }))
  wx.answer('order.cancel', ok({ ...LIST[0]!, status: 'cancelled', cancelledAt: Date.now() }))
  const page = await open()
  wx.modalConfirm = false
  tapButton(page, '.order__cancel')
  await settle()
  expect(wx.callsTo('order.cancel')).toHaveLength(0)
  wx.modalConfirm = true
  tapButton(page, '.order__cancel')
  await settle()
  expect(wx.callsTo('order.cancel')).toEqual([{ action: 'cancel', orderId: 'o-pending' }])
  expect(text(q(page, '.order >>> .status-tag'))).toBe('已取消')
  expect(page.querySelector('.order__actions')).toBeFalsy()
})

test('a cancel the server refuses: its message', async () => {
  wx.answer('order.list', ok({ orders: [LIST[0]!] }))
  wx.answer('order.cancel', fail('ORDER_NOT_PENDING', '订单当前状态不能执行此操作'))
  const page = await open()
  tapButton(page, '.order__cancel')
  await settle()
  expect(wx.toasts).toContain('订单当前状态不能执行此操作')
})

test('去支付: a fresh payment from repay, then the result page', async () => {
  wx.answer('order.list', ok({ orders: [LIST[0]!] }))
  wx.answer('order.repay', ok({ orderId: 'o-pending', payment }))
  const page = await open()
  tapButton(page, '.order__repay')
  await settle(10)
  expect(wx.callsTo('order.repay')).toEqual([{ action: 'repay', orderId: 'o-pending' }])
  expect(wx.paymentCalls).toHaveLength(1)
  expect(wx.navigations.at(-1)?.url).toBe('/pages/order/pay-result/index?orderId=o-pending&outcome=done')
})

test('paging: the next page is asked with the cursor', async () => {
  wx.answer('order.list', (e) =>
    ok(
      e.cursor
        ? { orders: [order({ orderId: 'o-old', status: 'paid' })] }
        : { orders: [LIST[1]!], nextCursor: 42 },
    ),
  )
  const page = await open()
  await (page.instance as unknown as Orders).onReachBottom()
  await settle()
  expect(wx.callsTo('order.list').at(-1)).toEqual({ action: 'list', cursor: 42 })
  expect(qa(page, '.order')).toHaveLength(2)
})

test('empty and error states', async () => {
  wx.answer('order.list', ok({ orders: [] }))
  const empty = await open()
  expect(text(q(empty, '.state--empty'))).toContain('还没有这类订单')
  wx.answer('order.list', fail('INTERNAL_ERROR', '系统繁忙，请稍后再试'))
  const broken = await open()
  expect(text(q(broken, '.state--error .state__text'))).toBe('系统繁忙，请稍后再试')
})
