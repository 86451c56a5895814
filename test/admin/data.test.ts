/** 数据对接, 设置, 开通直播 and the library/room forms through the API: chunks with per-row refusals, the ERP key, unlock, masked secrets. */
import type {
  EnablementEvaluation,
  FeedReport,
  GoodsRow,
  RoomList,
  RoomRow,
  SettingsView,
} from '../../typings/admin'
import type { Result } from '../../typings/api'
import { bindCard } from '../../cloudfunctions/_shared/app/member'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { isBizError } from '../../cloudfunctions/_shared/domain/errors'
import type { World } from '../support/world'
import { type Client, send, parse, signedIn, startAdminWorld } from './support'

let world: World
let owner: Client
let op: Client
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
const image = { name: 'cover.png', contentType: 'image/png', dataBase64: PNG }

beforeAll(async () => {
  world = await startAdminWorld()
  owner = await signedIn('owner')
  op = await signedIn('op1')
}, 120_000)
afterAll(() => world.cloud.close())

async function erp(path: string, key: string, body: unknown) {
  return parse<FeedReport>(
    await send('POST', `/api/erp/${path}`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      text: JSON.stringify(body),
    }),
  )
}

test('a feed chunk applies its good rows and refuses each bad one by its row number in the file', async () => {
  const rows = [
    { storeId: 'S004', name: '海珠店' },
    { storeId: 'S001', name: '天河总店' },
    { storeId: 'bad id!', name: '坏门店' },
    { storeId: 'S004', name: '海珠店二' },
    { storeId: 'S005' },
  ]
  const report = await op.data<FeedReport>('POST', 'feeds/stores', { body: { rows, offset: 200 } })
  expect(report).toEqual({
    applied: 1,
    unchanged: 1,
    refused: [
      { row: 203, reason: '门店编码不正确' },
      { row: 204, reason: '与第201行重复' },
      { row: 205, reason: '门店名称不正确' },
    ],
  })
  const stores = await op.data<{ items: Array<{ storeId: string }> }>('GET', 'stores')
  expect(stores.items.map((s) => s.storeId)).toContain('S004')
  const stock = await op.data<FeedReport>('POST', 'feeds/stock', {
    body: { rows: [{ storeId: 'S404', productCode: '1', unit: '件', quantity: 1, asOf: 1 }] },
  })
  expect(stock.refused).toEqual([{ row: 1, reason: '门店不存在' }])
})

test('the ERP key: shown once, stored as a hash, rotating stops the old one; ERP pushes with it', async () => {
  expect(await owner.data('GET', 'erp-key')).toEqual({ exists: false })
  const first = await owner.data<{ key: string; hint: string }>('POST', 'erp-key', { body: {} })
  expect(first.key).toMatch(/^erp_[A-Za-z0-9_-]{43}$/)
  const info = await owner.data<{ exists: boolean; hint: string }>('GET', 'erp-key')
  expect(info).toMatchObject({ exists: true, hint: first.hint })
  expect(JSON.stringify((await world.cloud.db.collection('admin_meta').get()).data)).not.toContain(first.key)
  const cards = [
    { cardNo: 'ZZ000001', phone: '13700000001', level: '金卡', status: 'active' },
    { cardNo: 'ZZ000002', phone: '123', level: '金卡', status: 'active' },
  ]
  const pushed = await erp('cards', first.key, { rows: cards })
  expect(pushed.status).toBe(200)
  expect(pushed.body).toMatchObject({
    ok: true,
    data: { applied: 1, refused: [{ row: 2, reason: '手机号不正确' }] },
  })
  const second = await owner.data<{ key: string }>('POST', 'erp-key', { body: {} })
  expect((await erp('cards', first.key, { rows: cards })).status).toBe(401)
  expect(
    (await erp('stores', second.key, { rows: [{ storeId: 'S006', name: '白云店' }] })).body,
  ).toMatchObject({ ok: true, data: { applied: 1 } })
  expect((await op.call('GET', 'erp-key')).status).toBe(403)
})

test('unlock clears the failed-binding lock of a card', async () => {
  const deps = container()
  for (let i = 0; i < 10; i++) {
    const e = await bindCard(deps, `o_guess${i}`, { cardNo: 'JY000777', phone: '13900000000' }).catch(
      (x: unknown) => x,
    )
    expect(isBizError(e, 'CARD_BIND_FAILED')).toBe(true)
  }
  const locked = await bindCard(deps, 'o_guess0', { cardNo: 'JY000777', phone: '13900000777' }).catch(
    (x: unknown) => x,
  )
  expect(isBizError(locked, 'BIND_ATTEMPTS_EXCEEDED')).toBe(true)
  await op.data('POST', 'cards/JY000777/unlock', { body: {} })
  await expect(
    bindCard(deps, 'o_guess0', { cardNo: 'JY000777', phone: '13900000777' }),
  ).resolves.toMatchObject({ cardBound: true })
  expect((await op.call('POST', 'cards/NOCARD1/unlock', { body: {} })).status).toBe(404)
})

test('settings show secrets masked and take them write-only', async () => {
  const before = await owner.data<SettingsView>('GET', 'settings')
  expect(before.wechat.secretSet).toBe(true)
  expect(before.wechat.secretHint).toMatch(/^\*{4}.{4}$/)
  expect(JSON.stringify(before)).not.toContain('local-secret')
  const after = await owner.data<SettingsView>('PUT', 'settings', {
    body: { paymentTimeoutMin: 20, saobei: { token: 'a-new-token-0123456789' } },
  })
  expect(after).toMatchObject({ paymentTimeoutMin: 20, saobei: { tokenHint: '****6789' } })
  expect(JSON.stringify(after)).not.toContain('a-new-token')
  const log = await owner.data<{ items: Array<{ action: string; detail?: Record<string, unknown> }> }>(
    'GET',
    'audit-log',
    { query: { action: 'settings.' } },
  )
  expect(JSON.stringify(log)).not.toContain('a-new-token')
  expect(log.items[0]?.detail).toEqual({ changed: ['saobei.token', 'paymentTimeoutMin'] })
  await owner.data('PUT', 'settings', {
    body: { paymentTimeoutMin: 15, saobei: { token: '0123456789abcdef0123456789abcdef' } },
  })
  expect((await op.call('GET', 'settings')).status).toBe(403)
})

test('开通直播: which rules pass and why, the T+2 date; the owner records it only when eligible', async () => {
  const figures = {
    category: true,
    noSeriousViolation: true,
    paidWithin90Days: false,
    followers: 50,
    dailyActive7d: 90,
    adSpendYuan: 0,
  }
  const check = await op.data<EnablementEvaluation>('POST', 'enablement/check', { body: { figures } })
  expect(check.eligible).toBe(false)
  expect(check.rules.filter((r) => !r.pass).map((r) => r.id)).toEqual([3, 4, 5, 6])
  expect(check.earliestCountDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  expect(check.reminder).toContain('直播组件')
  expect((await owner.call('POST', 'enablement', { body: { figures } })).status).toBe(409)
  expect(
    (
      await op.call('POST', 'enablement', {
        body: { figures: { ...figures, paidWithin90Days: true, followers: 101 } },
      })
    ).status,
  ).toBe(403)
  const record = await owner.data<{ enabledAt: number; by: string }>('POST', 'enablement', {
    body: { figures: { ...figures, paidWithin90Days: true, followers: 101 } },
  })
  expect(record.by).toBe('owner')
  expect(await op.data('GET', 'enablement')).toMatchObject({
    record: { by: 'owner', evaluation: { eligible: true } },
  })
})

test('goods and rooms through the forms: a cover upload goes to WeChat’s audit; a room is created and counted', async () => {
  const goods = await op.data<GoodsRow>('POST', 'goods', {
    body: {
      storeId: 'S001',
      productCode: '030199001',
      unit: '件',
      name: '乐高得宝大颗粒',
      quota: 10,
      perOrderLimit: 2,
      livePriceFen: 990,
      grabTiming: 'manual',
      cover: image,
    },
  })
  expect(goods).toMatchObject({ auditStatus: 1, packUnit: '件', livePriceFen: 990 })
  const withdrawn = await op.data<GoodsRow>('POST', `goods/${goods.goodsId}/withdraw`, { body: {} })
  expect(withdrawn.auditStatus).toBe(0)
  const edited = await op.data<GoodsRow>('PUT', `goods/${goods.goodsId}`, { body: { livePriceFen: 890 } })
  expect(edited.livePriceFen).toBe(890)
  const bad = await op.call('POST', 'goods', {
    body: {
      storeId: 'S001',
      productCode: 'x',
      unit: '件',
      name: '乐高',
      quota: 10,
      perOrderLimit: 2,
      livePriceFen: 990,
      grabTiming: 'manual',
      cover: { ...image, dataBase64: '!!!' },
    },
  })
  expect(bad.status).toBe(400)
  if (!bad.body.ok) expect(bad.body.error.message).toContain('cover.dataBase64')
  const list = await op.data<{ items: GoodsRow[]; total: number }>('GET', 'goods', {
    query: { auditStatus: '0', keyword: '得宝' },
  })
  expect(list.items.map((g) => g.goodsId)).toEqual([goods.goodsId])

  const before = await op.data<RoomList>('GET', 'rooms')
  const startAt = world.cloud.clock.now() + 20 * 60_000
  const room = await op.data<RoomRow>('POST', 'rooms', {
    body: {
      storeId: 'S002',
      type: 'push',
      title: '越秀店新品直播',
      startAt,
      endAt: startAt + 3_600_000,
      anchorName: '小晋',
      anchorWechat: 'xiaojin_anchor',
      coverImage: image,
      shareImage: image,
      feedsImage: image,
    },
  })
  expect(room).toMatchObject({ storeName: '越秀店', type: 'push', state: 'upcoming' })
  const after = await op.data<RoomList>('GET', 'rooms')
  expect(after).toMatchObject({ total: before.total + 1, todayCount: before.todayCount + 1, dailyLimit: 50 })
  expect(await op.data('GET', `rooms/${room.roomId}/push-url`)).toMatchObject({
    pushAddr: expect.stringMatching(/^rtmp:/),
  })
  const tooShort = await op.call<Result<unknown>>('POST', 'rooms', {
    body: {
      storeId: 'S002',
      type: 'phone',
      title: '短',
      startAt,
      endAt: startAt + 3_600_000,
      anchorName: '小晋',
      anchorWechat: 'xiaojin_anchor',
      coverImage: image,
      shareImage: image,
      feedsImage: image,
    },
  })
  expect(tooShort.status).toBe(422)
  if (!tooShort.body.ok) expect(tooShort.body.error.code).toBe('ROOM_TITLE_LENGTH')
  // the assistant is not given the new room, and cannot see it
  const as1 = await signedIn('as1')
  expect((await as1.call('GET', `rooms/${room.roomId}`)).status).toBe(403)
})

test('a write whose use case keeps no log is logged by the mount; a check is not', async () => {
  const count = async (action: string) =>
    (await owner.data<{ total: number }>('GET', 'audit-log', { query: { action } })).total
  const checks = await count('POST enablement/check')
  await op.data('POST', 'enablement/check', {
    body: {
      figures: {
        category: true,
        noSeriousViolation: true,
        paidWithin90Days: true,
        followers: 1,
        dailyActive7d: 1,
        adSpendYuan: 1,
      },
    },
  })
  expect(await count('POST enablement/check')).toBe(checks)
  await op.data('POST', 'feeds/stores', { body: { rows: [{ storeId: '!' }] } })
  const log = await owner.data<{ items: Array<{ actor: string; action: string; target: string }> }>(
    'GET',
    'audit-log',
    {
      query: { action: 'POST feeds/stores' },
    },
  )
  expect(log.items[0]).toMatchObject({ actor: 'op1', action: 'POST feeds/stores', target: 'feeds/stores' })
})
