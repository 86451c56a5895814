/**
 * Each role's forbidden actions: hidden in the page (the page only hides) and refused by the API (the
 * server enforces). op1 is an operator; as1 an assistant assigned to the demo room only.
 */
import { AdminClient, open, signIn, startE2E, stopE2E, type E2E } from './support/harness'

let e: E2E
beforeAll(async () => {
  e = await startE2E()
}, 120_000)
afterAll(() => stopE2E(e))

const menu = async (): Promise<string[]> =>
  (await e.page.locator('.t-menu .t-menu__item').allTextContents()).map((t) => t.trim())

test('运营 op1: no settings, staff, audit log or ERP key in the page, and the API refuses them', async () => {
  await signIn(e, 'op1')
  expect(await menu()).toEqual([
    '开通直播',
    '商品库管理',
    '直播间管理',
    '直播间导入商品',
    '直播间实时监控',
    '订单',
    '抽奖兑奖',
    '数据对接',
  ])
  // an owner-only section typed into the address bar sends the operator home
  await e.page.goto(`${e.adminUrl}#/settings`)
  await e.page.waitForURL(/#\/enablement$/)
  // enabling live is the owner's: the operator may check the figures but not record it
  await e.page.getByText('检查准入条件').waitFor()
  expect(await e.page.locator('[data-test=enable]').count()).toBe(0)
  await open(e, 'feeds')
  expect(await e.page.locator('[data-test=erp-key]').count()).toBe(0)
  await open(e, 'goods')
  await e.page.locator('[data-test=goods-add]').waitFor()

  const op = await AdminClient.signIn(e, 'op1')
  for (const [method, route, input] of [
    ['GET', 'settings'],
    ['PUT', 'settings', { paymentTimeoutMin: 30 }],
    ['GET', 'staff'],
    ['POST', 'staff', { username: 'op2', password: 'password-123', role: 'owner', roomIds: [] }],
    ['GET', 'audit-log'],
    ['POST', 'erp-key'],
    [
      'POST',
      'enablement',
      {
        figures: {
          category: true,
          noSeriousViolation: true,
          paidWithin90Days: true,
          followers: 200,
          dailyActive7d: 0,
          adSpendYuan: 0,
        },
      },
    ],
  ] as Array<[string, string, Record<string, unknown>?]>) {
    const res = await op.call(method, route, input)
    expect({ route: `${method} ${route}`, status: res.status, code: res.body?.error?.code }).toEqual({
      route: `${method} ${route}`,
      status: 403,
      code: 'FORBIDDEN',
    })
  }
  // what an operator may do, it can
  expect((await op.call('GET', 'orders')).status).toBe(200)
})

test('主播助手 as1: the live monitor of its own room only; goods and rooms read-only; no orders', async () => {
  await e.page.locator('[data-test=user]').getByText('退出登录').click()
  await e.page.getByRole('button', { name: '登录' }).waitFor()
  await signIn(e, 'as1')
  // an assistant lands in the live monitor
  await e.page.waitForURL(/#\/monitor/)
  expect(await menu()).toEqual(['商品库管理', '直播间管理', '直播间实时监控', '抽奖兑奖'])
  await e.page.locator('[data-test=monitor-items]').getByText('雷霆之翼').waitFor()
  // in its own room it adds links (and switches grabbing, below through the API)
  await e.page.locator('[data-test=add-link]').waitFor()

  await open(e, 'goods')
  await e.page.locator('tbody tr', { hasText: '雷霆之翼' }).waitFor()
  expect(await e.page.locator('[data-test=goods-add]').count()).toBe(0)
  expect(await e.page.locator('tbody tr', { hasText: '雷霆之翼' }).getByText('只读').count()).toBe(1)
  await open(e, 'rooms')
  await e.page.locator('tbody tr', { hasText: '天河总店周末直播' }).waitFor()
  expect(await e.page.locator('[data-test=room-add]').count()).toBe(0)
  expect(await e.page.locator('tbody tr').getByText('删除').count()).toBe(0)
  await open(e, 'lottery')
  expect(await e.page.locator('[data-test=lottery-import]').count()).toBe(0)
  expect(await e.page.locator('[data-test=redeem]').count()).toBe(0)
  await e.page.goto(`${e.adminUrl}#/orders`)
  await e.page.waitForURL(/#\/monitor/)

  const as = await AdminClient.signIn(e, 'as1')
  const own = e.room.roomId
  const goodsId = e.goods['030111001']?._id ?? ''
  expect((await as.call('GET', `rooms/${own}/monitor`)).status).toBe(200)
  // 上新链接 and 允许抢购 of the fourth goods (grab timing manual) in its own room
  const fire = e.goods['030112005']?._id ?? ''
  expect((await as.call('POST', `rooms/${own}/goods`, { goodsIds: [fire] })).status).toBe(200)
  expect((await as.call('POST', `rooms/${own}/goods/${fire}/grab`, { open: true })).body).toMatchObject({
    ok: true,
    data: { goodsId: fire, grabOpen: true },
  })
  for (const [method, route, input] of [
    ['GET', 'orders'],
    ['POST', `orders/000000000000000000000000/refund`],
    ['POST', 'goods', { storeId: 'S001' }],
    ['DELETE', `goods/${goodsId}`],
    ['DELETE', `rooms/${own}`],
    ['POST', `prizes/WX0001/redeem`, { storeId: 'S001' }],
    ['GET', 'settings'],
    // a room it is not assigned to
    ['GET', `rooms/${own + 1000}/monitor`],
    ['POST', `rooms/${own + 1000}/goods/${fire}/grab`, { open: true }],
    ['DELETE', `rooms/${own}/goods/${fire}`],
  ] as Array<[string, string, Record<string, unknown>?]>) {
    const res = await as.call(method, route, input)
    expect({ route: `${method} ${route}`, status: res.status }).toEqual({
      route: `${method} ${route}`,
      status: 403,
    })
  }
})

test('a session that ends (expired, revoked) sends the page back to the login page on the next call', async () => {
  await e.context.clearCookies()
  await e.page.locator('.t-menu').getByText('商品库管理').click()
  await e.page.waitForURL(/#\/login\?redirect=/)
  await e.page.getByRole('button', { name: '登录' }).waitFor()
})
