/**
 * The repositories against the database API: the local emulator here, real CloudBase under
 * `npm run test:cloudbase`. Concurrency is real: hundreds of parallel calls on one counter.
 */
import type { Repos } from '../../cloudfunctions/_shared/ports'
import type { CloudDb } from '../../cloudfunctions/_shared/adapters/db/cloud-db'
import type { OrderRecord, ShelfRecord, StockRecord } from '../../cloudfunctions/_shared/model'
import { createRepos } from '../../cloudfunctions/_shared/adapters/db'
import { makeTestDb, type TestDb } from '../support/test-db'

const COLLECTIONS = [
  'shelf',
  'stock',
  'limits',
  'orders',
  'members',
  'cards',
  'counters',
  'leases',
  'rooms',
  'goods',
  'stores',
  'settings',
  'audit_log',
  'prizes',
  'staff',
]
let t: TestDb
let db: CloudDb
let repos: Repos

beforeAll(async () => {
  t = await makeTestDb({ collections: COLLECTIONS })
  db = t.db
  repos = createRepos(db)
})
afterAll(() => t.cleanup())

const shelf = (id: string, quota: number): ShelfRecord => ({
  _id: id,
  roomId: 1,
  goodsId: 'g',
  wxGoodsId: 1,
  storeId: 'S001',
  quota,
  sold: 0,
  reserved: 0,
  remaining: quota,
  inRoom: true,
  grabOpen: false,
  onSale: true,
  holds: {},
  addedAt: 0,
  updatedAt: 0,
})
const stock = (id: string, quantity: number): StockRecord => ({
  _id: id,
  storeId: 'S001',
  productCode: 'p',
  unit: '件',
  quantity,
  reserved: 0,
  holds: {},
  erpQuantity: quantity,
  erpAt: 1,
  updatedAt: 0,
})
const read = async <T>(collection: string, id: string) =>
  (await db.collection(collection).doc(id).get()).data as unknown as T

describe('counters', () => {
  test('300 parallel quota reservations on quota 100: exactly 100 taken, never more', async () => {
    await db.collection('shelf').add({ data: { ...shelf('q1', 100) } })
    const taken = await Promise.all(
      Array.from({ length: 300 }, (_, i) => repos.counters.reserveQuota('q1', `o${i}`, 1)),
    )
    expect(taken.filter(Boolean)).toHaveLength(100)
    const s = await read<ShelfRecord>('shelf', 'q1')
    expect(s).toMatchObject({ remaining: 0, reserved: 100, sold: 0 })
    expect(Object.keys(s.holds)).toHaveLength(100)
  })

  test('mixed quantities never pass the stock: 200 parallel takes of 1–3 on 50', async () => {
    await db.collection('stock').add({ data: { ...stock('s1', 50) } })
    const qty = (i: number) => (i % 3) + 1
    const taken = await Promise.all(
      Array.from({ length: 200 }, (_, i) => repos.counters.reserveStock('s1', `o${i}`, qty(i))),
    )
    const sum = taken.reduce((acc, ok, i) => acc + (ok ? qty(i) : 0), 0)
    const s = await read<StockRecord>('stock', 's1')
    expect(sum).toBeLessThanOrEqual(50)
    expect(s.quantity).toBe(50 - sum)
    expect(s.reserved).toBe(sum)
    expect(s.quantity).toBeGreaterThanOrEqual(0)
  })

  test('a reservation is taken once per order, even when retried in parallel', async () => {
    await db.collection('shelf').add({ data: { ...shelf('q2', 10) } })
    const taken = await Promise.all(
      Array.from({ length: 50 }, () => repos.counters.reserveQuota('q2', 'same-order', 2)),
    )
    expect(taken.filter(Boolean)).toHaveLength(1)
    expect(await read<ShelfRecord>('shelf', 'q2')).toMatchObject({ remaining: 8, reserved: 2 })
  })

  test('a release happens once: 200 parallel releases of one hold give back exactly its quantity', async () => {
    await db.collection('shelf').add({ data: { ...shelf('q3', 10) } })
    await repos.counters.reserveQuota('q3', 'o1', 3)
    await repos.counters.reserveQuota('q3', 'o2', 2)
    const released = await Promise.all(
      Array.from({ length: 200 }, () => repos.counters.release('shelf', 'q3', 'o1')),
    )
    expect(released.filter(Boolean)).toHaveLength(1)
    expect(await read<ShelfRecord>('shelf', 'q3')).toMatchObject({
      remaining: 8,
      reserved: 2,
      holds: { o2: 2 },
    })
  })

  test('release and commit racing on one hold: exactly one of them wins', async () => {
    await db.collection('shelf').add({ data: { ...shelf('q4', 5) } })
    await repos.counters.reserveQuota('q4', 'o1', 1)
    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => repos.counters.release('shelf', 'q4', 'o1')),
      ...Array.from({ length: 50 }, () => repos.counters.commit('shelf', 'q4', 'o1')),
    ])
    expect(results.filter(Boolean)).toHaveLength(1)
    const s = await read<ShelfRecord>('shelf', 'q4')
    expect(s.remaining + s.sold).toBe(5)
    expect(s.reserved).toBe(0)
  })

  test('the member limit: 100 parallel orders of one member with limit 2 take at most 2', async () => {
    const taken = await Promise.all(
      Array.from({ length: 100 }, (_, i) => repos.counters.reserveLimit('m1_1_g', `o${i}`, 1, 2)),
    )
    expect(taken.filter(Boolean)).toHaveLength(2)
    expect(await repos.counters.taken('m1_1_g')).toBe(2)
  })
})

describe('orders', () => {
  const order = (id: string): OrderRecord => ({
    _id: id,
    openid: 'o',
    requestId: 'r',
    status: 'pending',
    roomId: 1,
    goodsId: 'g',
    storeId: 'S001',
    productCode: 'p',
    packUnit: '件',
    unit: '件',
    name: 'n',
    qty: 1,
    priceFen: 1,
    amountFen: 1,
    shelfId: 'q',
    stockId: 's',
    limitId: 'l',
    attempts: [],
    refunds: {},
    createdAt: 1,
    expireAt: 2,
    updatedAt: 1,
  })

  test('the order id is unique: 100 parallel creates of one id make one order', async () => {
    const made = await Promise.all(
      Array.from({ length: 100 }, () => repos.orders.create(order('a'.repeat(24)))),
    )
    expect(made.filter(Boolean)).toHaveLength(1)
  })

  test('a status transition happens for exactly one of 200 parallel callers', async () => {
    await repos.orders.create(order('b'.repeat(24)))
    const moved = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        repos.orders.transition('b'.repeat(24), 'pending', i % 2 ? 'closed' : 'paid', { updatedAt: i }),
      ),
    )
    expect(moved.filter(Boolean)).toHaveLength(1)
  })

  test('one refund per payment attempt, however many notices race', async () => {
    await repos.orders.create(order('c'.repeat(24)))
    const refund = {
      refundNo: 'R1',
      outTradeNo: 'L1A1',
      amountFen: 1,
      reason: 'late_payment' as const,
      state: 'REFUNDING' as const,
      at: 1,
    }
    const recorded = await Promise.all(
      Array.from({ length: 100 }, () => repos.orders.addRefund('c'.repeat(24), refund)),
    )
    expect(recorded.filter(Boolean)).toHaveLength(1)
  })
})

describe('members, leases and rate limits', () => {
  test('one card ↔ one OPENID: 100 parallel binds of one card bind it once', async () => {
    await db
      .collection('cards')
      .add({ data: { _id: 'JY1', phone: '13900000001', level: '普通卡', status: 'active', updatedAt: 0 } })
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => repos.members.bind('JY1', `o${i}`, 1)),
    )
    expect(outcomes.filter((o) => o === 'bound')).toHaveLength(1)
    expect((await db.collection('members').where({ cardNo: 'JY1' }).count()).total).toBe(1)
  })

  test('a lease has one holder among 200 parallel takers until it expires', async () => {
    const got = await Promise.all(
      Array.from({ length: 200 }, (_, i) => repos.leases.acquire('x', `w${i}`, 1000, 10_000)),
    )
    expect(got.filter(Boolean)).toHaveLength(1)
    expect(await repos.leases.acquire('x', 'late', 1000, 10_500)).toBe(false)
    expect(await repos.leases.acquire('x', 'after', 1000, 11_001)).toBe(true)
  })

  test('a rate limit of 10 lets exactly 10 of 100 parallel hits through in one window', async () => {
    const hits = await Promise.all(
      Array.from({ length: 100 }, () => repos.rateLimiter.hit('k', 60_000, 10, 5_000)),
    )
    expect(hits.filter(Boolean)).toHaveLength(10)
    expect(await repos.rateLimiter.hit('k', 60_000, 10, 65_000)).toBe(true)
  })

  test('stock feeds apply only when newer, keeping unpaid reservations out of what may be sold', async () => {
    const row = { storeId: 'S009', productCode: 'p9', unit: '件', quantity: 40, asOf: 100 }
    expect(await repos.stock.applyFeed(row, 1)).toBe('created')
    const id = (await db.collection('stock').where({ storeId: 'S009' }).get()).data[0]!._id as string
    await repos.counters.reserveStock(id, 'o1', 5)
    expect(await repos.stock.applyFeed({ ...row, quantity: 30, asOf: 99 }, 2)).toBe('stale')
    expect(await repos.stock.applyFeed({ ...row, quantity: 30, asOf: 200 }, 3)).toBe('updated')
    expect(await read<StockRecord>('stock', id)).toMatchObject({
      quantity: 25,
      reserved: 5,
      erpQuantity: 30,
      erpAt: 200,
    })
  })
})
