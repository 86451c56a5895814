/**
 * The constant-size holds (issue 12 §2): a counter keeps only the takes and settlements in flight, and every
 * take, give-back and commit still happens once across retries, races, interrupted settlements and shards.
 */
import type { Repos } from '../../cloudfunctions/_shared/ports'
import type { CloudDb } from '../../cloudfunctions/_shared/adapters/db/cloud-db'
import type { ShelfRecord } from '../../cloudfunctions/_shared/model'
import { createRepos } from '../../cloudfunctions/_shared/adapters/db'
import { createCounterRepo, splitCounter, sumShards } from '../../cloudfunctions/_shared/adapters/db/counters'
import { makeTestDb, type TestDb } from '../support/test-db'

let t: TestDb
let db: CloudDb
let repos: Repos

beforeAll(async () => {
  t = await makeTestDb({ collections: ['shelf', 'shelf_shards', 'stock', 'limits', 'orders'] })
  db = t.db
  repos = createRepos(db)
})
afterAll(() => t.cleanup())

const shelf = (id: string, quota: number) => ({
  _id: id,
  roomId: 1,
  goodsId: 'g',
  quota,
  sold: 0,
  reserved: 0,
  remaining: quota,
  holds: {},
})
const read = async (id: string) =>
  (await db.collection('shelf').doc(id).get()).data as unknown as ShelfRecord & { ends?: object }
const held = (qty: number, since = 1) => ({ qty, taken: true, since })

test('a confirmed hold leaves no marker, and 100 racing releases give it back once', async () => {
  await db.collection('shelf').add({ data: shelf('h1', 10) })
  expect(await repos.counters.reserveQuota('h1', 'o1', 3)).toBe(true)
  await repos.counters.confirm('shelf', 'h1', 'o1')
  expect(await read('h1')).toMatchObject({ remaining: 7, reserved: 3, holds: {} })
  const results = await Promise.all(
    Array.from({ length: 100 }, () => repos.counters.release('shelf', 'h1', 'o1', held(3))),
  )
  expect(results.filter(Boolean)).toHaveLength(1)
  expect(await read('h1')).toMatchObject({ remaining: 10, reserved: 0 })
  await repos.counters.forget('shelf', 'h1', 'o1')
  expect((await read('h1')).ends).toEqual({})
})

test('confirm racing the settlement: given back once whichever lands first', async () => {
  await db.collection('shelf').add({ data: shelf('h2', 100) })
  const ids = Array.from({ length: 40 }, (_, i) => `o${i}`)
  for (const id of ids) await repos.counters.reserveQuota('h2', id, 1)
  await Promise.all(
    ids.flatMap((id) => [
      repos.counters.confirm('shelf', 'h2', id),
      repos.counters.commit('shelf', 'h2', id, held(1)),
      repos.counters.commit('shelf', 'h2', id, held(1)),
    ]),
  )
  expect(await read('h2')).toMatchObject({ remaining: 60, reserved: 0, sold: 40, holds: {} })
})

test('a settlement interrupted before settledAt, resumed by the sweeper, moves the counter once', async () => {
  await db.collection('shelf').add({ data: shelf('h3', 5) })
  await repos.counters.reserveQuota('h3', 'o1', 2)
  await repos.counters.confirm('shelf', 'h3', 'o1')
  // the first settler moved the counter and died before the order recorded settledAt
  expect(await repos.counters.release('shelf', 'h3', 'o1', held(2))).toBe(true)
  // the sweeper settles again: the mark says it is done
  expect(await repos.counters.release('shelf', 'h3', 'o1', held(2))).toBe(false)
  expect(await read('h3')).toMatchObject({ remaining: 5, reserved: 0 })
})

test('an unconfirmed take of a failed reservation is given back from its marker; nothing else is', async () => {
  await db.collection('shelf').add({ data: shelf('h4', 5) })
  await repos.counters.reserveQuota('h4', 'o1', 1)
  const failed = { qty: 1, taken: false, since: 1 }
  expect(await repos.counters.release('shelf', 'h4', 'o1', failed)).toBe(true)
  // a counter the failed order never reached is not touched
  expect(await repos.counters.release('shelf', 'h4', 'o2', failed)).toBe(false)
  expect(await read('h4')).toMatchObject({ remaining: 5, reserved: 0, holds: {} })
})

test('an order id retried after a failure reserves anew: a stale mark of the first try does not hide the second', async () => {
  await db.collection('shelf').add({ data: shelf('h5', 5) })
  await repos.counters.reserveQuota('h5', 'o1', 1)
  await repos.counters.release('shelf', 'h5', 'o1', { qty: 1, taken: false, since: 1 })
  // (the first try's settler died before forget: its mark stays) — the retry takes, is pending, then cancelled
  await repos.counters.reserveQuota('h5', 'o1', 1)
  await repos.counters.confirm('shelf', 'h5', 'o1')
  expect(await repos.counters.release('shelf', 'h5', 'o1', held(1, 2))).toBe(true)
  expect(await read('h5')).toMatchObject({ remaining: 5, reserved: 0 })
})

test('shards: 300 parallel takes on a quota of 100 split over 4 documents take exactly 100', async () => {
  await db.collection('shelf').add({ data: shelf('h6', 100) })
  await splitCounter(db, 'shelf', 'h6', 4)
  const sharded = createCounterRepo(db, { shards: { shelf: 4 } })
  const taken = await Promise.all(
    Array.from({ length: 300 }, (_, i) => sharded.reserveQuota('h6', `o${i}`, 1)),
  )
  expect(taken.filter(Boolean)).toHaveLength(100)
  expect(await sumShards(db, 'shelf', 'h6', 4)).toMatchObject({ remaining: 0, reserved: 100, sold: 0 })
  // half are paid, half cancelled, some confirmed first; every settlement twice
  const winners = taken.flatMap((ok, i) => (ok ? [`o${i}`] : []))
  await Promise.all(winners.filter((_, k) => k % 3 === 0).map((id) => sharded.confirm('shelf', 'h6', id)))
  await Promise.all(
    winners.flatMap((id, k) =>
      k % 2 === 0
        ? [sharded.commit('shelf', 'h6', id, held(1)), sharded.commit('shelf', 'h6', id, held(1))]
        : [sharded.release('shelf', 'h6', id, held(1)), sharded.release('shelf', 'h6', id, held(1))],
    ),
  )
  await Promise.all(winners.map((id) => sharded.forget('shelf', 'h6', id)))
  expect(await sumShards(db, 'shelf', 'h6', 4)).toMatchObject({ remaining: 50, reserved: 0, sold: 50 })
  const docs = [
    (await read('h6')) as unknown as Record<string, unknown>,
    ...((await db.collection('shelf_shards').where({ counterId: 'h6' }).get()).data as Array<
      Record<string, unknown>
    >),
  ]
  expect(docs).toHaveLength(4)
  for (const d of docs) expect([d.holds, d.ends ?? {}]).toEqual([{}, {}])
})
