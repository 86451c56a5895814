import { createLocalDatabase } from './cloudfunctions/_shared/adapters/local/database'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

async function bench(file: string | undefined): Promise<void> {
  const db = createLocalDatabase(file === undefined ? {} : { file })
  const _ = db.command
  const c = db.collection('counters')
  await c.add({ data: { _id: 'c', remaining: 1_000_000, reserved: 0 } })
  for (let i = 0; i < 2000; i++) await c.add({ data: { i, status: 'x' } })
  const start = process.hrtime.bigint()
  for (let i = 0; i < 10_000; i++) {
    const r = await c.where({ _id: 'c', remaining: _.gte(1) }).update({ data: { remaining: _.inc(-1), reserved: _.inc(1) } })
    if (r.stats.updated !== 1) throw new Error('failed')
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const doc = (await c.doc('c').get()).data
  console.log(file ?? ':memory:', `${ms.toFixed(0)} ms for 10000 sequential guarded updates (${(ms / 10).toFixed(1)} µs/op)`, doc)
  db.close()
}

void (async () => {
  await bench(undefined)
  await bench(join(mkdtempSync(join(tmpdir(), 'ldb-')), 'db.sqlite'))
})()
