import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Query } from 'mingo/query'
import type { Doc } from '../../cloudfunctions/_shared/adapters/db/cloud-db'
import { createLocalDatabase, type LocalDatabase } from '../../cloudfunctions/_shared/adapters/local/database'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MingoQuery = require('mingo/query').Query as typeof Query

let db: LocalDatabase
const NOW = Date.UTC(2030, 0, 2, 3, 4, 5)

beforeEach(() => {
  db = createLocalDatabase({ now: () => NOW })
})
afterEach(() => db.close())

async function seed(name: string, docs: Doc[]): Promise<void> {
  for (const data of docs) await db.collection(name).add({ data })
}

function ids(docs: Doc[]): unknown[] {
  return docs.map((d) => d._id)
}

describe('results and errors', () => {
  test('add generates a 32-hex _id when absent and get returns the document', async () => {
    const { _id } = await db.collection('c').add({ data: { n: 1 } })
    expect(_id).toMatch(/^[0-9a-f]{32}$/)
    expect((await db.collection('c').doc(_id).get()).data).toEqual({ _id, n: 1 })
  })

  test('add rejects a taken _id and leaves the existing document alone', async () => {
    await db.collection('c').add({ data: { _id: 'k', v: 1 } })
    await expect(db.collection('c').add({ data: { _id: 'k', v: 2 } })).rejects.toThrow(
      /collection\.add:fail.*duplicate/,
    )
    expect((await db.collection('c').doc('k').get()).data).toEqual({ _id: 'k', v: 1 })
  })

  test('doc().get() of a missing document rejects like CloudBase', async () => {
    await expect(db.collection('c').doc('nope').get()).rejects.toThrow(
      'document.get:fail document with _id nope does not exist',
    )
  })

  test('where().get() with no match resolves { data: [] } and count() { total }', async () => {
    await seed('c', [{ n: 1 }, { n: 2 }, { n: 3 }])
    expect((await db.collection('c').where({ n: 9 }).get()).data).toEqual([])
    expect(
      (
        await db
          .collection('c')
          .where({ n: db.command.gte(2) })
          .count()
      ).total,
    ).toBe(2)
    expect((await db.collection('c').count()).total).toBe(3)
  })

  test('update reports 1 when a doc changed, 0 when nothing matched or nothing changed', async () => {
    await seed('c', [{ _id: 'a', n: 1 }])
    const c = db.collection('c')
    expect((await c.doc('a').update({ data: { n: 2 } })).stats.updated).toBe(1)
    expect((await c.doc('a').update({ data: { n: 2 } })).stats.updated).toBe(0)
    expect((await c.doc('zz').update({ data: { n: 2 } })).stats.updated).toBe(0)
    expect((await c.where({ n: 7 }).update({ data: { n: 3 } })).stats.updated).toBe(0)
  })

  test('set creates a missing doc, then replaces the whole body keeping _id', async () => {
    const c = db.collection('c')
    expect(await c.doc('s').set({ data: { a: 1, b: { x: 1 } } })).toMatchObject({
      _id: 's',
      stats: { updated: 0, created: 1 },
    })
    expect(await c.doc('s').set({ data: { c: 3 } })).toMatchObject({
      _id: 's',
      stats: { updated: 1, created: 0 },
    })
    expect((await c.doc('s').get()).data).toEqual({ _id: 's', c: 3 })
  })

  test('remove reports how many documents went away', async () => {
    await seed('c', [
      { _id: 'a', k: 1 },
      { _id: 'b', k: 1 },
      { _id: 'c', k: 2 },
    ])
    expect((await db.collection('c').where({ k: 1 }).remove()).stats.removed).toBe(2)
    expect((await db.collection('c').doc('c').remove()).stats.removed).toBe(1)
    expect((await db.collection('c').doc('c').remove()).stats.removed).toBe(0)
    expect((await db.collection('c').count()).total).toBe(0)
  })

  test('a where update applies to every match; a collection-wide update to every document', async () => {
    await seed('c', [
      { k: 1, n: 0 },
      { k: 1, n: 0 },
      { k: 2, n: 0 },
    ])
    const _ = db.command
    expect(
      (
        await db
          .collection('c')
          .where({ k: 1 })
          .update({ data: { n: _.inc(1) } })
      ).stats.updated,
    ).toBe(2)
    expect((await db.collection('c').update({ data: { n: _.inc(10) } })).stats.updated).toBe(3)
    const ns = (await db.collection('c').orderBy('k', 'asc').orderBy('n', 'asc').get()).data.map(
      (d) => d['n'],
    )
    expect(ns).toEqual([11, 11, 10])
  })

  test('bad usage fails with clear errors', async () => {
    const c = db.collection('c')
    await seed('c', [{ _id: 'a', n: 1 }])
    expect(() => c.where('n' as unknown as Doc)).toThrow(/where\(\) expects an object/)
    expect(() => c.limit(-1)).toThrow(/non-negative integer/)
    expect(() => c.orderBy('n', 'up' as 'asc')).toThrow(/direction/)
    await expect(c.doc('a').update({ data: {} })).rejects.toThrow(/non-empty object/)
    await expect(c.doc('a').update({ data: { _id: 'b' } })).rejects.toThrow(/_id/)
    await expect(c.doc('a').set({ data: { n: db.command.inc(1) } })).rejects.toThrow(/command operator/)
    db.close()
    await expect(c.doc('a').get()).rejects.toThrow(/closed/)
  })
})

describe('query chain', () => {
  test('orderBy (several, in order), skip, limit and field', async () => {
    await seed('c', [
      { _id: '1', g: 'b', n: 1, x: 'secret' },
      { _id: '2', g: 'a', n: 2, x: 'secret' },
      { _id: '3', g: 'b', n: 3, x: 'secret' },
      { _id: '4', g: 'a', n: 4, x: 'secret' },
    ])
    const sorted = await db.collection('c').orderBy('g', 'asc').orderBy('n', 'desc').get()
    expect(ids(sorted.data)).toEqual(['4', '2', '3', '1'])
    const page = await db.collection('c').orderBy('n', 'asc').skip(1).limit(2).field({ n: true }).get()
    expect(page.data).toEqual([
      { _id: '2', n: 2 },
      { _id: '3', n: 3 },
    ])
    const hidden = await db.collection('c').doc('1').field({ x: false }).get()
    expect(hidden.data).toEqual({ _id: '1', g: 'b', n: 1 })
  })

  test('results never alias the stored documents', async () => {
    await seed('c', [{ _id: 'a', list: [1], o: { p: 1 } }])
    const got = (await db.collection('c').doc('a').get()).data as { list: number[]; o: { p: number } }
    got.list.push(2)
    got.o.p = 9
    expect((await db.collection('c').doc('a').get()).data).toEqual({ _id: 'a', list: [1], o: { p: 1 } })
  })

  test('a where pinning _id looks the document up instead of scanning', async () => {
    await seed(
      'c',
      Array.from({ length: 50 }, (_unused, i) => ({ _id: `d${i}`, n: i, s: `x${i}` })),
    )
    // a regular expression is left to mingo (plain comparisons take the fast path): its calls count the docs looked at
    const spy = jest.spyOn(MingoQuery.prototype, 'test')
    try {
      const _ = db.command
      const res = await db
        .collection('c')
        .where({ _id: 'd7', s: db.RegExp({ regexp: '^x' }) })
        .update({ data: { n: _.inc(1) } })
      expect(res.stats.updated).toBe(1)
      expect(spy).toHaveBeenCalledTimes(1)
      spy.mockClear()
      await db
        .collection('c')
        .where({ s: db.RegExp({ regexp: '^x' }) })
        .count()
      expect(spy).toHaveBeenCalledTimes(50)
      spy.mockClear()
      expect(
        (
          await db
            .collection('c')
            .where({ _id: 'd7', n: _.gte(8) })
            .count()
        ).total,
      ).toBe(1)
      expect(spy).not.toHaveBeenCalled()
    } finally {
      spy.mockRestore()
    }
  })
})

describe('limits', () => {
  test('get() without limit returns at most 100 documents', async () => {
    await seed(
      'c',
      Array.from({ length: 150 }, (_unused, i) => ({ i })),
    )
    expect((await db.collection('c').get()).data).toHaveLength(100)
    expect((await db.collection('c').limit(120).get()).data).toHaveLength(120)
  })

  test('limit above 1000 is capped at 1000, as the SDK does', async () => {
    await seed(
      'c',
      Array.from({ length: 1010 }, (_unused, i) => ({ i })),
    )
    expect((await db.collection('c').limit(1001).get()).data).toHaveLength(1000)
  })

  test('aggregate returns at most 20 rows without a $limit stage', async () => {
    await seed(
      'c',
      Array.from({ length: 30 }, (_unused, i) => ({ i })),
    )
    expect((await db.collection('c').aggregate().match({}).end()).list).toHaveLength(20)
    expect((await db.collection('c').aggregate().match({}).limit(25).end()).list).toHaveLength(25)
  })
})

describe('commands', () => {
  test('query operators: gte, in, or, and, exists, nested fields', async () => {
    await seed('c', [
      { _id: 'a', n: 1, s: 'x', o: { p: 1 } },
      { _id: 'b', n: 5, s: 'y', o: { p: 2 }, opt: true },
      { _id: 'c', n: 9, s: 'z', o: { p: 3 } },
    ])
    const _ = db.command
    const find = async (where: Record<string, unknown>): Promise<unknown[]> =>
      ids((await db.collection('c').where(where).orderBy('_id', 'asc').get()).data)
    expect(await find({ n: _.gte(5) })).toEqual(['b', 'c'])
    expect(await find({ s: _.in(['x', 'z']) })).toEqual(['a', 'c'])
    expect(await find(_.or([{ n: 1 }, { s: 'z' }]) as unknown as Record<string, unknown>)).toEqual(['a', 'c'])
    expect(await find({ n: _.gt(1).and(_.lt(9)) })).toEqual(['b'])
    expect(
      await find(_.and([{ n: _.gte(1) }, { s: _.neq('x') }]) as unknown as Record<string, unknown>),
    ).toEqual(['b', 'c'])
    expect(await find({ opt: _.exists(true) })).toEqual(['b'])
    expect(await find({ opt: _.exists(false) })).toEqual(['a', 'c'])
    expect(await find({ 'o.p': 2 })).toEqual(['b'])
    expect(await find({ o: { p: 3 } })).toEqual(['c'])
    expect(await find({ n: 5 })).toEqual(['b'])
  })

  test('regular expressions, via db.RegExp or a JS RegExp', async () => {
    await seed('c', [
      { _id: 'a', name: 'LEGO 雷霆之翼' },
      { _id: 'b', name: '虎鲸' },
    ])
    const byMarker = await db
      .collection('c')
      .where({ name: db.RegExp({ regexp: 'lego', options: 'i' }) })
      .get()
    expect(ids(byMarker.data)).toEqual(['a'])
    expect(ids((await db.collection('c').where({ name: /鲸$/ }).get()).data)).toEqual(['b'])
  })

  test('update operators: inc, set, remove, push, addToSet', async () => {
    await seed('c', [{ _id: 'a', n: 1, o: { p: 1, q: 2 }, gone: 1, list: [1], tags: ['x'] }])
    const _ = db.command
    await db
      .collection('c')
      .doc('a')
      .update({
        data: {
          n: _.inc(2),
          o: _.set({ p: 5 }),
          gone: _.remove(),
          list: _.push([2, 3]),
          tags: _.addToSet('x'),
        },
      })
    expect((await db.collection('c').doc('a').get()).data).toEqual({
      _id: 'a',
      n: 3,
      o: { p: 5 },
      list: [1, 2, 3],
      tags: ['x'],
    })
    await db
      .collection('c')
      .doc('a')
      .update({ data: { tags: _.addToSet('y') } })
    expect((await db.collection('c').doc('a').get()).data['tags']).toEqual(['x', 'y'])
  })

  test('a plain nested object in update data sets the dotted paths (merge), as the serializer emits', async () => {
    await seed('c', [{ _id: 'a', o: { p: 1, q: 2 } }])
    await db
      .collection('c')
      .doc('a')
      .update({ data: { o: { p: 9, r: { s: 1 } } } })
    expect((await db.collection('c').doc('a').get()).data).toEqual({
      _id: 'a',
      o: { p: 9, q: 2, r: { s: 1 } },
    })
    await db
      .collection('c')
      .doc('a')
      .update({ data: { 'o.q': 7 } })
    expect((await db.collection('c').doc('a').get()).data['o']).toEqual({ p: 9, q: 7, r: { s: 1 } })
  })

  test('serverDate() is stored and read back as a Date of the clock, and usable in conditions', async () => {
    const { _id } = await db
      .collection('c')
      .add({ data: { at: db.serverDate(), later: db.serverDate({ offset: 1000 }) } })
    const doc = (await db.collection('c').doc(_id).get()).data
    expect(doc['at']).toEqual(new Date(NOW))
    expect(doc['later']).toEqual(new Date(NOW + 1000))
    const _ = db.command
    expect(
      (
        await db
          .collection('c')
          .where({ later: _.gt(db.serverDate()) })
          .count()
      ).total,
    ).toBe(1)
    expect(
      (
        await db
          .collection('c')
          .where({ at: _.gt(db.serverDate()) })
          .count()
      ).total,
    ).toBe(0)
  })

  test('aggregate: match, group with _.aggregate, sort and lookup', async () => {
    await seed('orders', [
      { _id: 'o1', g: 'x', amount: 2 },
      { _id: 'o2', g: 'x', amount: 3 },
      { _id: 'o3', g: 'y', amount: 4 },
    ])
    await seed('groups', [{ _id: 'x', title: 'X' }])
    const $ = db.command.aggregate
    const totals = await db
      .collection('orders')
      .aggregate()
      .group({ _id: '$g', total: $.sum('$amount') })
      .sort({ total: -1 })
      .end()
    expect(totals.list).toEqual([
      { _id: 'x', total: 5 },
      { _id: 'y', total: 4 },
    ])
    const joined = await db
      .collection('orders')
      .aggregate()
      .match({ _id: 'o1' })
      .lookup({ from: 'groups', localField: 'g', foreignField: '_id', as: 'group' })
      .end()
    expect(joined.list).toEqual([{ _id: 'o1', g: 'x', amount: 2, group: [{ _id: 'x', title: 'X' }] }])
  })
})

describe('concurrency and bookkeeping', () => {
  test('calls resolve asynchronously: nothing happens before the caller yields', async () => {
    const pending = db.collection('c').add({ data: { _id: 'a' } })
    expect(db.counters().writeOps).toBe(0)
    await pending
    expect(db.counters().writeOps).toBe(1)
  })

  test('guarded updates in parallel never oversell', async () => {
    await seed('c', [{ _id: 'k', remaining: 10 }])
    const _ = db.command
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        db
          .collection('c')
          .where({ _id: 'k', remaining: _.gte(1) })
          .update({ data: { remaining: _.inc(-1) } }),
      ),
    )
    expect(results.filter((r) => r.stats.updated === 1)).toHaveLength(10)
    expect((await db.collection('c').doc('k').get()).data['remaining']).toBe(0)
  })

  test('counters: every read and write call, and the documents actually written', async () => {
    const c = db.collection('c')
    await c.add({ data: { _id: 'a', n: 1 } })
    await c.doc('a').update({ data: { n: 1 } })
    await c.where({ n: 1 }).update({ data: { n: 2 } })
    await c.doc('a').get()
    await c.count()
    await c.aggregate().match({}).end()
    expect(db.counters()).toEqual({
      readOps: 3,
      writeOps: 3,
      docsWritten: 2,
      bytesWritten: expect.any(Number),
    })
    db.resetCounters()
    expect(db.counters()).toEqual({ readOps: 0, writeOps: 0, docsWritten: 0, bytesWritten: 0 })
  })

  test('dropAll empties every collection', async () => {
    await seed('a', [{ n: 1 }])
    await seed('b', [{ n: 1 }, { n: 2 }])
    db.dropAll()
    expect((await db.collection('a').count()).total).toBe(0)
    expect((await db.collection('b').count()).total).toBe(0)
  })
})

describe('persistence', () => {
  test('data survives close and reopen of the same file, with dates and natural order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-db-'))
    const file = join(dir, 'cloud.sqlite')
    try {
      const first = createLocalDatabase({ file, now: () => NOW })
      await first.collection('c').add({ data: { _id: 'z', at: first.serverDate() } })
      await first.collection('c').add({ data: { _id: 'a', n: 1 } })
      await first.collection('c').add({ data: { _id: 'm', n: 1 } })
      await first
        .collection('c')
        .doc('a')
        .update({ data: { n: 2 } })
      await first.collection('c').doc('m').remove()
      first.close()
      const second = createLocalDatabase({ file })
      const docs = (await second.collection('c').get()).data
      expect(docs).toEqual([
        { _id: 'z', at: new Date(NOW) },
        { _id: 'a', n: 2 },
      ])
      expect(docs[0]?.['at']).toBeInstanceOf(Date)
      second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('transactions', () => {
  beforeEach(async () => {
    await seed('acc', [
      { _id: 'a', v: 100 },
      { _id: 'b', v: 0 },
    ])
  })
  const balance = async (id: string): Promise<unknown> => (await db.collection('acc').doc(id).get()).data['v']

  test('commit writes everything and resolves with the callback result', async () => {
    const _ = db.command
    const result = await db.runTransaction(async (tx) => {
      const a = (await tx.collection('acc').doc('a').get()).data
      await tx
        .collection('acc')
        .doc('a')
        .update({ data: { v: _.inc(-30) } })
      await tx
        .collection('acc')
        .doc('b')
        .update({ data: { v: _.inc(30) } })
      await tx.collection('log').add({ data: { _id: 'l1', moved: 30 } })
      return a['v']
    })
    expect(result).toBe(100)
    expect([await balance('a'), await balance('b')]).toEqual([70, 30])
    expect((await db.collection('log').doc('l1').get()).data).toEqual({ _id: 'l1', moved: 30 })
  })

  test('writes are invisible outside until commit; inside, reads see own writes', async () => {
    let outside: unknown
    let inside: unknown
    await db.runTransaction(async (tx) => {
      await tx
        .collection('acc')
        .doc('a')
        .update({ data: { v: 1 } })
      inside = (await tx.collection('acc').doc('a').get()).data['v']
      outside = await balance('a')
    })
    expect([inside, outside, await balance('a')]).toEqual([1, 100, 1])
  })

  test('rollback(x) rejects with x and writes nothing', async () => {
    const run = db.runTransaction(async (tx) => {
      await tx
        .collection('acc')
        .doc('a')
        .update({ data: { v: 0 } })
      await tx.rollback('NOPE')
    })
    await expect(run).rejects.toBe('NOPE')
    expect(await balance('a')).toBe(100)
  })

  test('throwing in the callback rejects with that error and writes nothing', async () => {
    const boom = new Error('boom')
    const run = db.runTransaction(async (tx) => {
      await tx
        .collection('acc')
        .doc('a')
        .set({ data: { v: 0 } })
      throw boom
    })
    await expect(run).rejects.toBe(boom)
    expect(await balance('a')).toBe(100)
  })

  test('a conflicting outside write re-runs the callback, which then commits on fresh data', async () => {
    const _ = db.command
    let runs = 0
    await db.runTransaction(async (tx) => {
      runs++
      const a = (await tx.collection('acc').doc('a').get()).data['v'] as number
      if (runs === 1)
        await db
          .collection('acc')
          .doc('a')
          .update({ data: { v: _.inc(5) } })
      await tx
        .collection('acc')
        .doc('a')
        .update({ data: { v: a - 10 } })
    })
    expect(runs).toBe(2)
    expect(await balance('a')).toBe(95)
  })

  test('reads stay at the snapshot taken when the document was first touched', async () => {
    const seen = await db.runTransaction(async (tx) => {
      const before = (await tx.collection('acc').doc('b').get()).data['v']
      await db
        .collection('acc')
        .doc('b')
        .update({ data: { v: 42 } })
      const after = (await tx.collection('acc').doc('b').get()).data['v']
      return [before, after]
    })
    expect(seen).toEqual([0, 0])
  })

  test('gives up with DATABASE_TRANSACTION_CONFLICT after the retries, writing nothing', async () => {
    const _ = db.command
    let runs = 0
    const run = db.runTransaction(async (tx) => {
      runs++
      await tx
        .collection('acc')
        .doc('b')
        .update({ data: { v: _.inc(1) } })
      await db
        .collection('acc')
        .doc('b')
        .update({ data: { v: _.inc(100) } })
    }, 2)
    await expect(run).rejects.toThrow(/DATABASE_TRANSACTION_CONFLICT/)
    expect(runs).toBe(3)
    expect(await balance('b')).toBe(300)
  })

  test('where() is not available inside a transaction; missing docs and taken ids reject', async () => {
    await db.runTransaction(async (tx) => {
      const coll = tx.collection('acc') as unknown as { where(c: object): unknown }
      expect(() => coll.where({})).toThrow(/not available inside a transaction/)
      await expect(tx.collection('acc').doc('nope').get()).rejects.toThrow(/does not exist/)
      await expect(tx.collection('acc').add({ data: { _id: 'a' } })).rejects.toThrow(/duplicate/)
    })
  })
})
