/**
 * npm run bench (part): one goods' grab against the write limit of one document (issue 12 §4, docs/scale.md).
 *
 * Every order of one goods updates the same shelf and stock documents (a take, then a confirm once the order
 * vouches for it), so on CloudBase one goods is bounded by how fast one document takes updates. The emulator
 * models that limit with `documentWriteMs` (each update of one document takes S ms, updates of the same
 * document wait for each other); 200 buyers at once then reserve through the counter repository — the same
 * writes, in the same order, as createOrder — with the quota and the stock split over 1, 2, 4 and 8 documents.
 */
import { createLocalDatabase } from '../../cloudfunctions/_shared/adapters/local/database'
import { createCounterRepo, splitCounter, sumShards } from '../../cloudfunctions/_shared/adapters/db/counters'

const S = Number(process.env.HOT_DOC_WRITE_MS ?? 4)
const BUYERS = 200
const ORDERS = Number(process.env.HOT_DOC_ORDERS ?? 1200)

async function grab(shards: number, writeMs: number): Promise<{ perSecond: number; exact: boolean }> {
  const db = createLocalDatabase({ documentWriteMs: writeMs })
  const quota = 1_000_000
  await db
    .collection('shelf')
    .add({ data: { _id: 'g', quota, remaining: quota, reserved: 0, sold: 0, holds: {} } })
  await db.collection('stock').add({ data: { _id: 's', quantity: quota, reserved: 0, holds: {} } })
  if (shards > 1) {
    await splitCounter(db, 'shelf', 'g', shards)
    await splitCounter(db, 'stock', 's', shards)
  }
  const counters = createCounterRepo(db, { shards: { shelf: shards, stock: shards } })
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: BUYERS }, async () => {
      while (next < ORDERS) {
        const o = `order${next++}`
        // createOrder's writes on the counters: limit (the member's own document), quota, stock, then confirms
        await counters.reserveLimit(`m_${o}`, o, 1, 1)
        if (!(await counters.reserveQuota('g', o, 1))) throw new Error('quota refused')
        if (!(await counters.reserveStock('s', o, 1))) throw new Error('stock refused')
        await Promise.all([
          counters.confirm('limit', `m_${o}`, o),
          counters.confirm('shelf', 'g', o),
          counters.confirm('stock', 's', o),
        ])
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const shelf = await sumShards(db, 'shelf', 'g', shards)
  const stock = await sumShards(db, 'stock', 's', shards)
  db.close()
  const exact =
    shelf.reserved === ORDERS &&
    shelf.remaining === quota - ORDERS &&
    stock.reserved === ORDERS &&
    stock.quantity === quota - ORDERS
  return { perSecond: ORDERS / seconds, exact }
}

async function main(): Promise<void> {
  console.log(`\n— one goods, ${BUYERS} buyers at once, ${ORDERS} orders: the hot document —`)
  const bare = await grab(1, 0)
  console.log(
    `emulator, no write limit      ${bare.perSecond.toFixed(0).padStart(6)} orders/s   exact ${bare.exact}`,
  )
  console.log(
    `each update of a document ${S} ms (ceiling 1000 / (2 × ${S}) = ${(1000 / (2 * S)).toFixed(0)} orders/s per counter document):`,
  )
  for (const shards of [1, 2, 4, 8]) {
    const r = await grab(shards, S)
    console.log(
      `  quota and stock over ${shards} document${shards > 1 ? 's' : ' '}  ${r.perSecond.toFixed(0).padStart(6)} orders/s   exact ${r.exact}`,
    )
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
