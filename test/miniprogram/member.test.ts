/** @jest-environment jsdom */
/** 绑定会员卡, 我的奖品, 常见问题 and 我的, mounted for real. */
import { fail, installWx, ok, type FakeWx } from './support/fake-wx'
import { prize } from './support/fixtures'
import { mount, q, qa, settle, tapButton, text } from './support/mount'

type Loadable = { onLoad(o?: Record<string, string>): Promise<void> | void; onShow?(): void }

let wx: FakeWx
beforeEach(() => {
  wx = installWx()
})

const CARD = { cardNo: 'JY000001', level: '普通会员', phoneMasked: '139****0001', boundAt: 1 }

async function open(path: string, options: Record<string, string> = {}) {
  const page = mount(path)
  await (page.instance as unknown as Loadable).onLoad(options)
  await settle()
  return page
}

const input = (page: ReturnType<typeof mount>, handler: string, value: string) =>
  (page.instance as unknown as Record<string, (e: { detail: { value: string } }) => void>)[handler]!({
    detail: { value },
  })

describe('bind card', () => {
  beforeEach(() => wx.answer('member.profile', ok({ openid: 'o1', cardBound: false })))

  test('explains why binding is needed, binds, then shows the card', async () => {
    wx.answer('member.bindCard', ok({ openid: 'o1', cardBound: true, card: CARD }))
    const page = await open('pages/member/bind-card/index', { back: '1' })
    expect(text(q(page, '.bind__why'))).toContain('只有绑定了实体会员卡的微会员才能在直播间以直播专享价下单')
    input(page, 'onCardNo', ' jy000001 ')
    input(page, 'onPhone', '13900000001')
    tapButton(page, '.bind__submit')
    await settle()
    expect(wx.callsTo('member.bindCard')).toEqual([
      { action: 'bindCard', cardNo: 'JY000001', phone: '13900000001' },
    ])
    expect(text(q(page, '.bind__bound-no'))).toBe('JY000001')
    expect(text(q(page, '.bind__bound'))).toContain('139****0001')
    tapButton(page, '.bind__back')
    await settle()
    expect(wx.navigations.at(-1)).toEqual({ kind: 'navigateBack', delta: 1 })
  })

  test('empty fields: asks for both, the server is not called', async () => {
    const page = await open('pages/member/bind-card/index')
    tapButton(page, '.bind__submit')
    await settle()
    expect(text(q(page, '.bind__error-text'))).toBe('请填写会员卡号和手机号')
    expect(wx.callsTo('member.bindCard')).toHaveLength(0)
  })

  test.each([
    ['CARD_BIND_FAILED', '卡号或手机号不正确，请核对后重试', '门店服务台更新'],
    ['CARD_ALREADY_BOUND', '该会员卡已被其他微信绑定，请到门店处理', '携带会员卡和身份证到门店服务台'],
    ['ALREADY_BOUND', '您已绑定会员卡', '直接回到直播间抢购'],
  ])('%s: the server message and what to do', async (code, message, hint) => {
    wx.answer('member.bindCard', fail(code, message))
    const page = await open('pages/member/bind-card/index')
    input(page, 'onCardNo', 'JY000002')
    input(page, 'onPhone', '13900000009')
    tapButton(page, '.bind__submit')
    await settle()
    expect(text(q(page, '.bind__error-text'))).toBe(message)
    expect(text(q(page, '.bind__hint'))).toContain(hint)
  })

  test('a lock: the server says until when and that the store can help; nothing is added to it', async () => {
    const message = '绑定尝试次数过多，请于 20:00 后再试；如需帮助，请携带会员卡到开卡门店处理'
    wx.answer('member.bindCard', fail('BIND_ATTEMPTS_EXCEEDED', message))
    const page = await open('pages/member/bind-card/index')
    input(page, 'onCardNo', 'JY000002')
    input(page, 'onPhone', '13900000009')
    tapButton(page, '.bind__submit')
    await settle()
    expect(text(q(page, '.bind__error-text'))).toBe(message)
    expect(page.querySelector('.bind__hint')).toBeFalsy()
  })

  test('already bound: shows the card instead of the form', async () => {
    wx.answer('member.profile', ok({ openid: 'o1', cardBound: true, card: CARD }))
    const page = await open('pages/member/bind-card/index')
    expect(page.querySelector('.bind__form')).toBeFalsy()
    expect(text(q(page, '.bind__bound-no'))).toBe('JY000001')
  })
})

describe('prizes', () => {
  const PRIZES = [
    prize({ code: 'A7K2M9', state: 'unredeemed' }),
    prize({
      code: 'B8L3N0',
      state: 'redeemed',
      redeemedAt: Date.now(),
      storeId: 'S001',
      storeName: '天河总店',
    }),
    prize({
      code: 'C9M4P1',
      state: 'shipped',
      receiverName: '张三',
      address: '广州市天河区体育西路1号',
      carrier: '顺丰',
      trackingNo: 'SF1234567890',
      shippedAt: Date.now(),
    }),
  ]

  test('each prize with its state; the unredeemed one as a QR code and large text; shipping details', async () => {
    wx.answer('member.prizes', ok({ prizes: PRIZES }))
    const page = await open('pages/member/prizes/index')
    expect(qa(page, '.prize')).toHaveLength(3)
    expect(qa(page, '.prize >>> .status-tag').map(text)).toEqual(['待兑奖', '已兑奖', '已发货'])
    expect(text(q(page, '.prize--unredeemed .prize__code'))).toBe('A7K2M9')
    expect(qa(page, '.prize--unredeemed .prize__qr >>> .qr__row')).toHaveLength(21)
    expect(text(q(page, '.prize--redeemed .prize__done'))).toContain('天河总店 兑奖')
    const ship = text(q(page, '.prize--shipped .prize__ship'))
    expect(ship).toContain('收货人 张三')
    expect(ship).toContain('广州市天河区体育西路1号')
    expect(ship).toContain('顺丰 SF1234567890')
  })

  test('claiming a 兑奖码 adds the prize to the top', async () => {
    wx.answer('member.prizes', ok({ prizes: [PRIZES[1]!] }))
    wx.answer('member.claimPrize', (e) => ok(prize({ code: String(e.code), prizeName: '乐高钥匙扣' })))
    const page = await open('pages/member/prizes/index')
    input(page, 'onCode', ' Z1Y2X3 ')
    tapButton(page, '.prizes__claim-btn')
    await settle()
    expect(wx.callsTo('member.claimPrize')).toEqual([{ action: 'claimPrize', code: 'Z1Y2X3' }])
    expect(qa(page, '.prize .prize__name').map(text)[0]).toBe('乐高钥匙扣')
    expect(text(q(page, '.prize--unredeemed .prize__code'))).toBe('Z1Y2X3')
    expect(page.data.code).toBe('')
  })

  test('a code the server refuses: its message, the list unchanged', async () => {
    wx.answer('member.prizes', ok({ prizes: [] }))
    wx.answer('member.claimPrize', fail('NOT_FOUND', '记录不存在'))
    const page = await open('pages/member/prizes/index')
    input(page, 'onCode', 'NOPE')
    tapButton(page, '.prizes__claim-btn')
    await settle()
    expect(text(q(page, '.prizes__claim-error'))).toBe('记录不存在')
    expect(text(q(page, '.state--empty'))).toContain('还没有奖品')
  })

  test('no code typed: asks for one', async () => {
    wx.answer('member.prizes', ok({ prizes: [] }))
    const page = await open('pages/member/prizes/index')
    tapButton(page, '.prizes__claim-btn')
    await settle()
    expect(text(q(page, '.prizes__claim-error'))).toBe('请输入兑奖码')
    expect(wx.callsTo('member.claimPrize')).toHaveLength(0)
  })

  test('error state', async () => {
    wx.answer('member.prizes', fail('INTERNAL_ERROR', '系统繁忙，请稍后再试'))
    const page = await open('pages/member/prizes/index')
    expect(text(q(page, '.state--error .state__text'))).toBe('系统繁忙，请稍后再试')
  })
})

describe('faq', () => {
  test("the manual's member answers, including the Android debug-mode fix (FAQ 16–17)", async () => {
    const page = mount('pages/member/faq/index')
    const questions = qa(page, '.faq__q').map(text)
    expect(questions).toContain('问谁可以看直播？谁可以下单？')
    expect(questions).toContain('问什么时候可以用直播专享价购买？')
    expect(questions).toContain('问错过直播了，还能看回放吗？')
    expect(questions.some((t) => t.includes('提前开播'))).toBe(true)
    q(page, '.faq__item--debug').dispatchEvent('tap')
    await settle()
    expect(text(q(page, '.faq__item--debug .faq__a'))).toContain('安卓手机')
    expect(text(q(page, '.faq__item--debug .faq__a'))).toContain('关闭调试模式')
    expect(q(page, '.faq__debug-off')).toBeTruthy()
  })
})

describe('me', () => {
  test('bound: the card', async () => {
    wx.answer('member.profile', ok({ openid: 'o1', cardBound: true, card: CARD }))
    const page = mount('pages/me/index')
    ;(page.instance as unknown as Loadable).onShow!()
    await settle()
    expect(text(q(page, '.me__card-title'))).toBe('会员卡 JY000001')
  })

  test('not bound: 去绑卡', async () => {
    wx.answer('member.profile', ok({ openid: 'o1', cardBound: false }))
    const page = mount('pages/me/index')
    ;(page.instance as unknown as Loadable).onShow!()
    await settle()
    expect(text(q(page, '.me__card-title'))).toBe('未绑定会员卡')
    tapButton(page, '.me__bind')
    await settle()
    expect(wx.navigations.at(-1)?.url).toBe('/pages/member/bind-card/index')
  })
})
