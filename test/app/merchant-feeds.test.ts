/** ERP data feeds: stores, member cards, store stock — all rows checked first, stock applied only when newer. */
import { importCards, importStock, importStores } from '../../cloudfunctions/_shared/app/merchant/feeds'
import { stockKey } from '../../cloudfunctions/_shared/domain/stock'
import type { CardRecord } from '../../cloudfunctions/_shared/model'
import { auditRows, expectRefusedLocally, rows, startHarness, type Harness } from './merchant-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
}, 30_000)
afterAll(() => h.cloud.close())

const card = (n: number, over: Record<string, unknown> = {}) => ({
  cardNo: `FC${String(n).padStart(6, '0')}`,
  phone: `138${String(n).padStart(8, '0')}`,
  level: '银卡',
  status: 'active' as const,
  ...over,
})

test('one bad row rejects the whole import, naming the rows, and writes nothing', async () => {
  const input = [card(1), card(2), card(3, { phone: '12345' }), card(4), card(5, { status: 'gone' })]
  const e = await expectRefusedLocally(h, 'INVALID_INPUT', () => importCards(h.deps, 'erp', input as never))
  expect(e.message).toContain('第 3、5 行')
  expect(e.details).toMatchObject({ rows: [3, 5] })
  expect(await rows(h, 'cards')).toHaveLength(0)
  expect(await auditRows(h, 'feed.cards')).toHaveLength(0)
})

test('a card number twice in one import is a bad row', async () => {
  const e = await expectRefusedLocally(h, 'INVALID_INPUT', () =>
    importCards(h.deps, 'erp', [card(1), card(2), card(1)]),
  )
  expect(e.details).toMatchObject({ rows: [3] })
})

test('cards are created, then updated, keeping the bindings; progress reaches the total', async () => {
  const progress: Array<[number, number]> = []
  const first = await importCards(
    h.deps,
    'erp',
    Array.from({ length: 450 }, (_, i) => card(i + 1)),
    { onProgress: (d, t) => progress.push([d, t]) },
  )
  expect(first).toEqual({ created: 450, updated: 0, stale: 0, total: 450 })
  expect(progress.at(-1)).toEqual([450, 450])
  expect(progress.map(([d]) => d)).toEqual([...progress.map(([d]) => d)].sort((a, b) => a - b))
  expect(progress.length).toBeGreaterThan(1)

  expect(await h.deps.repos.members.bind('FC000001', 'o_feed', h.cloud.clock.now())).toBe('bound')
  const second = await importCards(h.deps, 'erp', [card(1, { level: '金卡' }), card(451)])
  expect(second).toEqual({ created: 1, updated: 1, stale: 0, total: 2 })
  expect(await h.deps.repos.members.card('FC000001')).toMatchObject({ level: '金卡', boundOpenid: 'o_feed' })
  expect((await auditRows(h, 'feed.cards')).map((r) => r.detail)).toEqual([first, second])
})

test('stock: applied when newer, stale when older, and unknown stores are bad rows', async () => {
  const t = h.cloud.clock.now()
  const row = { storeId: 'S001', productCode: '030111001', unit: '件', quantity: 50, asOf: t }
  expect(await importStock(h.deps, 'erp', [row])).toEqual({ created: 1, updated: 0, stale: 0, total: 1 })
  expect(await importStock(h.deps, 'erp', [{ ...row, quantity: 999, asOf: t - 60_000 }])).toEqual({
    created: 0,
    updated: 0,
    stale: 1,
    total: 1,
  })
  expect(await h.deps.repos.stock.get(stockKey('S001', '030111001', '件'))).toMatchObject({ quantity: 50 })
  expect(
    await importStock(h.deps, 'erp', [{ ...row, quantity: 30, asOf: new Date(t + 60_000).toISOString() }]),
  ).toEqual({ created: 0, updated: 1, stale: 0, total: 1 })
  expect(await h.deps.repos.stock.get(stockKey('S001', '030111001', '件'))).toMatchObject({
    quantity: 30,
    erpAt: t + 60_000,
  })

  const e = await expectRefusedLocally(h, 'INVALID_INPUT', () =>
    importStock(h.deps, 'erp', [
      { ...row, asOf: t + 120_000 },
      { ...row, storeId: 'S404' },
    ]),
  )
  expect(e.details).toMatchObject({ rows: [2] })
  await expectRefusedLocally(h, 'INVALID_INPUT', () => importStock(h.deps, 'erp', [{ ...row, quantity: -1 }]))
})

test('stores are created and renamed by id', async () => {
  const before = (await rows(h, 'stores')).length
  expect(
    await importStores(h.deps, 'erp', [
      { storeId: 'S001', name: '天河旗舰店' },
      { storeId: 'S004', name: '海珠店' },
    ]),
  ).toMatchObject({ created: 1, updated: 1, total: 2 })
  expect(await rows(h, 'stores')).toHaveLength(before + 1)
  expect(await h.deps.repos.stores.get('S001')).toMatchObject({ name: '天河旗舰店', active: true })
  await expectRefusedLocally(h, 'INVALID_INPUT', () =>
    importStores(h.deps, 'erp', [{ storeId: 'S005', name: '' }]),
  )
  const cards = await rows<CardRecord>(h, 'cards')
  expect(cards.length).toBeGreaterThan(0) // earlier imports untouched by a rejected one
})
