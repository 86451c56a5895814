/**
 * What our repositories rely on from the database, written against `CloudDb` only: it runs on the local
 * emulator by default and on real CloudBase when TCB_ENV is set (see test/support/test-db.ts).
 */
import type { CloudDb, UpdateResult } from '../../cloudfunctions/_shared/adapters/db/cloud-db'
import { makeTestDb, type TestDb } from '../support/test-db'

let testDb: TestDb
let db: CloudDb

beforeEach(async () => {
  testDb = await makeTestDb({ collections: ['counters', 'orders', 'uniq', 'accounts', 'basics'] })
  db = testDb.db
})
afterEach(() => testDb.cleanup())

function updatedCount(results: UpdateResult[]): number {
  return results.filter((r) => r.stats.updated === 1).length
}

describe('single operations', () => {
  test('add, get, where, count, update, set and remove have the CloudBase shapes', async () => {
    const basics = db.collection('basics')
    const { _id } = await basics.add({ data: { kind: 'k', n: 1 } })
    expect(typeof _id).toBe('string')
    expect((await basics.doc(_id).get()).data).toMatchObject({ _id, kind: 'k', n: 1 })
    expect((await basics.where({ kind: 'k' }).get()).data).toHaveLength(1)
    expect((await basics.where({ kind: 'none' }).get()).data).toEqual([])
    expect((await basics.where({ kind: 'k' }).count()).total).toBe(1)
    expect((await basics.doc(_id).update({ data: { n: db.command.inc(1) } })).stats.updated).toBe(1)
    expect((await basics.where({ kind: 'none' }).update({ data: { n: 0 } })).stats.updated).toBe(0)
    expect((await basics.doc(_id).set({ data: { kind: 'k', m: 2 } })).stats).toEqual({
      updated: 1,
      created: 0,
    })
    expect((await basics.doc(_id).get()).data).toEqual({ _id, kind: 'k', m: 2 })
    expect((await basics.doc(_id).remove()).stats.removed).toBe(1)
    await expect(basics.doc(_id).get()).rejects.toThrow(/does not exist/)
  })
})

describe('concurrency', () => {
  test('500 parallel guarded reservations on remaining 100: exactly 100 succeed', async () => {
    const _ = db.command
    const counters = db.collection('counters')
    await counters.add({ data: { _id: 'c', remaining: 100, reserved: 0 } })
    const results = await Promise.all(
      Array.from({ length: 500 }, () =>
        counters
          .where({ _id: 'c', remaining: _.gte(1) })
          .update({ data: { remaining: _.inc(-1), reserved: _.inc(1) } }),
      ),
    )
    expect(updatedCount(results)).toBe(100)
    expect(results.every((r) => r.stats.updated === 0 || r.stats.updated === 1)).toBe(true)
    expect((await counters.doc('c').get()).data).toMatchObject({ remaining: 0, reserved: 100 })
  })

  test('a guarded status transition happens once among 200 parallel attempts', async () => {
    const orders = db.collection('orders')
    await orders.add({ data: { _id: 'o1', status: 'pending' } })
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        orders.where({ _id: 'o1', status: 'pending' }).update({ data: { status: 'closed' } }),
      ),
    )
    expect(updatedCount(results)).toBe(1)
    expect((await orders.doc('o1').get()).data['status']).toBe('closed')
  })

  test('parallel adds with the same _id: exactly one succeeds', async () => {
    const uniq = db.collection('uniq')
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_unused, i) => uniq.add({ data: { _id: 'req-1', attempt: i } })),
    )
    const won = outcomes.filter((o) => o.status === 'fulfilled')
    expect(won).toHaveLength(1)
    expect((await uniq.where({ _id: 'req-1' }).count()).total).toBe(1)
    const winner = (won[0] as PromiseFulfilledResult<{ _id: string }>).value
    expect(winner._id).toBe('req-1')
  })

  test('parallel transactions moving value between two documents keep the sum', async () => {
    const _ = db.command
    const accounts = db.collection('accounts')
    await accounts.add({ data: { _id: 'a', v: 1000 } })
    await accounts.add({ data: { _id: 'b', v: 1000 } })
    const move = (from: string, to: string, amount: number): Promise<void> =>
      db.runTransaction(async (tx) => {
        const source = (await tx.collection('accounts').doc(from).get()).data['v'] as number
        if (source < amount) return tx.rollback('INSUFFICIENT')
        await tx
          .collection('accounts')
          .doc(from)
          .update({ data: { v: _.inc(-amount) } })
        await tx
          .collection('accounts')
          .doc(to)
          .update({ data: { v: _.inc(amount) } })
      })
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_unused, i) => (i % 2 === 0 ? move('a', 'b', 7) : move('b', 'a', 3))),
    )
    const a = (await accounts.doc('a').get()).data['v'] as number
    const b = (await accounts.doc('b').get()).data['v'] as number
    expect(a + b).toBe(2000)
    const committed = outcomes.map((o, i) => (o.status === 'fulfilled' ? (i % 2 === 0 ? 7 : -3) : 0))
    const movedToB = committed.reduce<number>((sum, x) => sum + x, 0)
    expect(a).toBe(1000 - movedToB)
    expect(committed.some((x) => x !== 0)).toBe(true)
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(String((o.reason as Error).message)).toMatch(/TRANSACTION_CONFLICT/)
    }
  })
})
