/** @jest-environment jsdom */
/** 确认订单 and 支付结果: quantity bounds, order.create with one key per purchase, payment outcomes. */
import { fail, installWx, ok, type FakeWx } from './support/fake-wx'
import { item, order, payment, room } from './support/fixtures'
import { mount, q, settle, tapButton, text } from './support/mount'

type Checkout = {
  onLoad(o: Record<string, string>): Promise<void>
  onQty(e: { detail: { value: number } }): void
}
type Result = { onLoad(o: Record<string, string>): void; onUnload(): void }

let wx: FakeWx
beforeEach(() => {
  wx = installWx()
  wx.answer('live.item', ok(item({ maxQty: 2, perOrderLimit: 2, livePriceFen: 150 })))
  wx.answer('live.room', ok({ ...room('live', { roomId: 1001 }), shelf: [] }))
})
afterEach(() => jest.useRealTimers())

async function openCheckout() {
  const page = mount('pages/order/checkout/index')
  await (page.instance as unknown as Checkout).onLoad({ roomId: '1001', goodsId: 'g-030111001' })
  await settle()
  return page
}

async function submit(page: ReturnType<typeof mount>) {
  tapButton(page, '.checkout__submit')
  await settle(10)
}

describe('checkout', () => {
  test('pickup store is the outbound store; unit price, limit and the total in yuan', async () => {
    const page = await openCheckout()
    expect(text(q(page, '.checkout__store'))).toBe('天河总店')
    expect(text(q(page, '.checkout__limit'))).toBe('每单限购 2件，您本场还可买 2件')
    expect(text(q(page, '.checkout__amount'))).toBe('¥1.50')
  })

  test('the stepper stops at maxQty and the total follows it', async () => {
    const page = await openCheckout()
    q(page, '.checkout__stepper >>> .t-stepper__plus').dispatchEvent('tap')
    await settle()
    expect(page.data.qty).toBe(2)
    expect(text(q(page, '.checkout__amount'))).toBe('¥3.00')
    q(page, '.checkout__stepper >>> .t-stepper__plus').dispatchEvent('tap')
    await settle()
    expect(page.data.qty).toBe(2)
  })

  test('a quantity over the limit (typed in) is refused before the server is asked', async () => {
    const page = await openCheckout()
    ;(page.instance as unknown as Checkout).onQty({ detail: { value: 3 } })
    await submit(page)
    expect(text(q(page, '.checkout__error'))).toBe('本单最多可买 2件，请调整数量')
    expect(wx.callsTo('order.create')).toHaveLength(0)
    expect(wx.paymentCalls).toHaveLength(0)
  })

  test('creates the order, pays with the parameters 扫呗 returned, then asks the result page', async () => {
    wx.answer(
      'order.create',
      ok({ orderId: 'o-9', status: 'pending', amountFen: 150, expireAt: Date.now() + 900_000, payment }),
    )
    const page = await openCheckout()
    await submit(page)
    const [create] = wx.callsTo('order.create')
    expect(create).toMatchObject({ action: 'create', roomId: 1001, goodsId: 'g-030111001', qty: 1 })
    expect(String(create?.requestId)).toMatch(/^[0-9a-f-]{36}$/)
    expect(wx.paymentCalls[0]).toMatchObject({
      timeStamp: payment.timeStamp,
      nonceStr: 'abc',
      package: 'prepay_id=wx1',
      signType: 'MD5',
      paySign: 'SIGN',
    })
    expect(wx.navigations.at(-1)).toEqual({
      kind: 'redirectTo',
      url: '/pages/order/pay-result/index?orderId=o-9&outcome=done',
    })
  })

  test.each([
    ['cancel', 'cancel'],
    ['fail', 'fail'],
  ] as const)(
    'payment %s: still hands over to the result page, which asks the server',
    async (how, outcome) => {
      wx.payment = how
      wx.answer(
        'order.create',
        ok({ orderId: 'o-9', status: 'pending', amountFen: 150, expireAt: 0, payment }),
      )
      const page = await openCheckout()
      await submit(page)
      expect(wx.navigations.at(-1)?.url).toBe(`/pages/order/pay-result/index?orderId=o-9&outcome=${outcome}`)
    },
  )

  test('a refusal from the server is shown and nothing is paid', async () => {
    wx.answer('order.create', fail('SOLD_OUT', '本场直播该商品已抢完'))
    const page = await openCheckout()
    await submit(page)
    expect(text(q(page, '.checkout__error'))).toBe('本场直播该商品已抢完')
    expect(wx.paymentCalls).toHaveLength(0)
  })

  test('a lost answer: the retry carries the same requestId; the next purchase a new one', async () => {
    const page = await openCheckout()
    wx.offline = true
    await submit(page)
    expect(text(q(page, '.checkout__error'))).toContain('再次提交不会重复下单')
    wx.offline = false
    wx.answer('order.create', ok({ orderId: 'o-9', status: 'pending', amountFen: 150, expireAt: 0, payment }))
    await submit(page)
    const ids = wx.callsTo('order.create').map((c) => c.requestId)
    expect(ids).toHaveLength(2)
    expect(ids[1]).toBe(ids[0])
    const again = await openCheckout()
    await submit(again)
    expect(wx.callsTo('order.create')[2]?.requestId).not.toBe(ids[0])
  })

  test('not buyable any more when checkout opens: the reason, and no submit', async () => {
    wx.answer(
      'live.item',
      ok(item({ canBuy: false, maxQty: 0, reasonCode: 'SOLD_OUT', reason: '本场直播该商品已抢完' })),
    )
    const page = await openCheckout()
    expect(text(q(page, '.checkout__reason'))).toBe('本场直播该商品已抢完')
    await submit(page)
    expect(wx.callsTo('order.create')).toHaveLength(0)
  })
})

describe('pay result', () => {
  const flush = async (ms = 0) => {
    await jest.advanceTimersByTimeAsync(ms)
    for (let i = 0; i < 5; i++) await jest.advanceTimersByTimeAsync(0)
  }

  function openResult(outcome: string) {
    jest.useFakeTimers()
    const page = mount('pages/order/pay-result/index')
    ;(page.instance as unknown as Result).onLoad({ orderId: 'o-1', outcome })
    return page
  }

  test('completed payment: asks the server until it says paid', async () => {
    const answers = [order(), order(), order({ status: 'paid', paidAt: Date.now() })]
    wx.answer('order.get', () => ok(answers.shift() ?? order({ status: 'paid' })))
    const page = openResult('done')
    await flush()
    expect(text(q(page, '.result__title'))).toBe('正在确认支付结果')
    await flush(1500)
    await flush(1500)
    expect(text(q(page, '.result__title'))).toBe('支付成功')
    expect(wx.callsTo('order.get')).toHaveLength(3)
    expect(page.querySelector('.result__repay')).toBeFalsy()
  })

  test('completed payment the server never confirms: stops asking after a few tries and offers a refresh', async () => {
    wx.answer('order.get', ok(order()))
    const page = openResult('done')
    for (let i = 0; i < 10; i++) await flush(1500)
    expect(wx.callsTo('order.get')).toHaveLength(5)
    expect(q(page, '.result__refresh')).toBeTruthy()
    expect(page.querySelector('.result__repay')).toBeFalsy()
  })

  test('cancelled payment: 继续支付 with the 「商品可能很快就会被抢空」 nudge; paying again works', async () => {
    let paid = false
    wx.answer('order.get', () => ok(paid ? order({ status: 'paid' }) : order()))
    wx.answer('order.repay', () => ok({ orderId: 'o-1', payment: { ...payment, paySign: 'FRESH' } }))
    const page = openResult('cancel')
    await flush()
    expect(text(q(page, '.result__title'))).toBe('您已取消支付')
    expect(text(q(page, '.result__nudge'))).toBe('商品可能很快就会被抢空，请尽快完成支付')
    expect(text(q(page, '.result__sub'))).toMatch(/^请在 1[34]:\d\d 内完成支付/)
    wx.payment = 'success'
    paid = true
    tapButton(page, '.result__repay')
    await flush()
    expect(wx.paymentCalls.at(-1)).toMatchObject({ paySign: 'FRESH' })
    await flush(1500)
    expect(text(q(page, '.result__title'))).toBe('支付成功')
  })

  test('failed payment: 支付未完成 and 继续支付', async () => {
    wx.answer('order.get', ok(order()))
    const page = openResult('fail')
    await flush()
    expect(text(q(page, '.result__title'))).toBe('支付未完成')
    expect(q(page, '.result__repay')).toBeTruthy()
  })

  test('an order closed meanwhile: no 继续支付', async () => {
    wx.answer('order.get', ok(order({ status: 'closed', closedAt: Date.now() })))
    const page = openResult('cancel')
    await flush()
    expect(text(q(page, '.result__title'))).toBe('订单已关闭')
    expect(page.querySelector('.result__repay')).toBeFalsy()
  })

  test('the server cannot be asked: the message and a retry', async () => {
    wx.answer('order.get', fail('ORDER_NOT_FOUND', '订单不存在'))
    const page = openResult('done')
    await flush()
    expect(text(q(page, '.state--error .state__text'))).toBe('订单不存在')
  })
})
