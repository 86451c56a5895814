import type { CounterKind, CounterRepo, HoldOf } from '../../ports'
import type { CloudDb, Condition } from './cloud-db'
import { C } from './support'

const COLLECTION: Record<CounterKind, string> = { shelf: C.shelf, stock: C.stock, limit: C.limits }

/** What a take of `q` moves, and the field whose guard keeps the counter from going below zero. */
const TAKE: Record<CounterKind, (q: number) => Record<string, number>> = {
  shelf: (q) => ({ remaining: -q, reserved: q }),
  stock: (q) => ({ quantity: -q, reserved: q }),
  limit: (q) => ({ taken: q }),
}
/** What giving back or committing a hold of `q` moves on each counter. */
const RELEASE: Record<CounterKind, (q: number) => Record<string, number>> = {
  shelf: (q) => ({ remaining: q, reserved: -q }),
  stock: (q) => ({ quantity: q, reserved: -q }),
  limit: (q) => ({ taken: -q }),
}
const RETURN_SALE: Record<CounterKind, (q: number) => Record<string, number>> = {
  shelf: (q) => ({ sold: -q, remaining: q }),
  stock: (q) => ({ quantity: q }),
  limit: (q) => ({ taken: -q }),
}
const COMMIT: Record<CounterKind, (q: number) => Record<string, number>> = {
  shelf: (q) => ({ reserved: -q, sold: q }),
  stock: (q) => ({ reserved: -q }),
  limit: () => ({}),
}

/** How a settled hold is remembered on the counter until the order says it is settled (`forget`). */
interface End {
  k: 'release' | 'commit'
  q: number
  /** The reservation it belongs to (the order's createdAt): a retried order id reserves anew. */
  t?: number
}

export interface CounterOptions {
  /**
   * Counter documents per counter of a kind (default 1). With n > 1 the quota (or stock) is split over the
   * counter document and n − 1 shard documents in `<collection>_shards` (`splitCounter` moves it there), so
   * one goods' grab is no longer bounded by how fast one document can be updated (docs/scale.md).
   */
  shards?: Partial<Record<CounterKind, number>>
}

/** Attempts of one settlement before it gives up (only racing confirms and settlements make it loop). */
const SETTLE_TRIES = 8

/**
 * Rule 5 and 6 counters, with a record whose size does not grow with the number of unpaid orders.
 *
 * - A take writes the order id into the counter's `holds` in the same guarded update that moves the numbers
 *   (so a take happens once). Once the order is pending, its status says it holds, and `confirm` drops the
 *   marker: the counter keeps only the takes still in flight.
 * - A settlement (release or commit) moves the numbers and writes `ends.<order>` in one guarded update
 *   (guard: no marker, no end of this reservation), or turns a marker still there into an end; `forget`
 *   drops the end once the order records it is settled. The counter keeps only settlements in flight.
 */
export function createCounterRepo(db: CloudDb, options: CounterOptions = {}): CounterRepo {
  const _ = db.command

  const incs = (moves: Record<string, number>): Condition =>
    Object.fromEntries(Object.entries(moves).map(([k, v]) => [k, _.inc(v)]))

  const shardCount = (kind: CounterKind): number => Math.max(1, Math.floor(options.shards?.[kind] ?? 1))
  const shardCollection = (kind: CounterKind): string => `${COLLECTION[kind]}_shards`

  /** The counter documents of a counter, in the order this order tries them (its own shard first). */
  function docsFor(kind: CounterKind, id: string, orderId: string): Array<{ coll: string; id: string }> {
    const n = shardCount(kind)
    if (n === 1) return [{ coll: COLLECTION[kind], id }]
    const start = spread(orderId) % n
    return Array.from({ length: n }, (_unused, i) => {
      const shard = (start + i) % n
      return shard === 0
        ? { coll: COLLECTION[kind], id }
        : { coll: shardCollection(kind), id: shardId(id, shard) }
    })
  }

  async function take(
    kind: CounterKind,
    id: string,
    orderId: string,
    guard: Condition,
    qty: number,
  ): Promise<boolean> {
    for (const doc of docsFor(kind, id, orderId)) {
      const res = await db
        .collection(doc.coll)
        .where({ _id: doc.id, [`holds.${orderId}`]: _.exists(false), ...guard })
        .update({ data: { ...incs(TAKE[kind](qty)), [`holds.${orderId}`]: qty } })
      if (res.stats.updated === 1) return true
    }
    return false
  }

  async function settleOne(
    kind: CounterKind,
    id: string,
    orderId: string,
    how: End['k'],
    hold: HoldOf | undefined,
  ): Promise<boolean> {
    const moves = how === 'commit' ? COMMIT[kind] : RELEASE[kind]
    const end = (q: number): End => ({ k: how, q, ...(hold && { t: hold.since }) })
    const docs = docsFor(kind, id, orderId)
    const home = docs[0] as { coll: string; id: string }
    // a pending order's hold was confirmed (no marker): the common case is one guarded update
    const apply = async () =>
      (
        await db
          .collection(home.coll)
          .where({
            _id: home.id,
            [`holds.${orderId}`]: _.exists(false),
            [`ends.${orderId}.t`]: _.neq(hold?.since ?? -1),
          })
          .update({ data: { ...incs(moves(hold?.qty ?? 0)), [`ends.${orderId}`]: end(hold?.qty ?? 0) } })
      ).stats.updated === 1
    if (hold?.taken && (await apply())) return true

    for (let tries = 0; tries < SETTLE_TRIES; tries++) {
      let marker: { doc: { coll: string; id: string }; qty: number } | null = null
      let seenEnd = false
      for (const doc of docs) {
        const found = await db
          .collection(doc.coll)
          .where({ _id: doc.id })
          .field({ [`holds.${orderId}`]: true, [`ends.${orderId}`]: true })
          .get()
        const row = found.data[0] as
          { holds?: Record<string, number>; ends?: Record<string, End> } | undefined
        const qty = row?.holds?.[orderId]
        if (qty !== undefined) marker = { doc, qty }
        const e = row?.ends?.[orderId]
        if (e && e.t === hold?.since) seenEnd = true
        if (marker || seenEnd) break
      }
      if (seenEnd) return false // settled already, by this call's earlier try or by another settler
      if (marker) {
        // the take was never confirmed (the order failed, or its confirm did not run yet): turn it into the end
        const { doc, qty } = marker
        const res = await db
          .collection(doc.coll)
          .where({ _id: doc.id, [`holds.${orderId}`]: qty })
          .update({
            data: { ...incs(moves(qty)), [`holds.${orderId}`]: _.remove(), [`ends.${orderId}`]: end(qty) },
          })
        if (res.stats.updated === 1) return true
        continue
      }
      // no marker: only a hold the order's status vouches for is there to settle
      if (!hold?.taken) return false
      if (await apply()) return true
    }
    throw new Error(`the ${kind} hold of order ${orderId} kept changing while it was settled`)
  }

  return {
    async taken(limitId) {
      const res = await db.collection(C.limits).where({ _id: limitId }).get()
      return (res.data[0]?.taken as number | undefined) ?? 0
    },
    async reserveLimit(limitId, orderId, qty, perOrderLimit) {
      const guard = { taken: _.lte(perOrderLimit - qty) }
      if (await take('limit', limitId, orderId, guard, qty)) return true
      // first order of this member for this goods in this room: create the counter, then try again
      try {
        await db.collection(C.limits).add({ data: { _id: limitId, taken: 0, holds: {} } })
      } catch {
        // taken by a concurrent first order, or the guard really refused: the retry tells
      }
      return take('limit', limitId, orderId, guard, qty)
    },
    reserveQuota: (shelfId, orderId, qty) => take('shelf', shelfId, orderId, { remaining: _.gte(qty) }, qty),
    reserveStock: (stockId, orderId, qty) => take('stock', stockId, orderId, { quantity: _.gte(qty) }, qty),
    async confirm(kind, id, orderId) {
      for (const doc of docsFor(kind, id, orderId)) {
        const res = await db
          .collection(doc.coll)
          .where({ _id: doc.id, [`holds.${orderId}`]: _.exists(true) })
          .update({ data: { [`holds.${orderId}`]: _.remove() } })
        if (res.stats.updated === 1) return
      }
    },
    release: (kind, id, orderId, hold) => settleOne(kind, id, orderId, 'release', hold),
    commit: (kind, id, orderId, hold) => settleOne(kind, id, orderId, 'commit', hold),
    async forget(kind, id, orderId) {
      for (const doc of docsFor(kind, id, orderId)) {
        await db
          .collection(doc.coll)
          .where({ _id: doc.id, [`ends.${orderId}`]: _.exists(true) })
          .update({ data: { [`ends.${orderId}`]: _.remove() } })
        if (shardCount(kind) === 1) return
      }
    },
    async returnSale(kind, id, qty) {
      await db
        .collection(COLLECTION[kind])
        .doc(id)
        .update({ data: incs(RETURN_SALE[kind](qty)) })
    },
  }
}

/** The shard documents' ids: `<counter id>~<n>`. */
export function shardId(id: string, shard: number): string {
  return `${id}~${shard}`
}

/** A small stable hash spreading orders over shards. */
function spread(orderId: string): number {
  let h = 0
  for (let i = 0; i < orderId.length; i++) h = (h * 31 + orderId.charCodeAt(i)) >>> 0
  return h
}

const SPLIT_FIELD: Record<'shelf' | 'stock', 'remaining' | 'quantity'> = {
  shelf: 'remaining',
  stock: 'quantity',
}

/**
 * Splits what remains of a shelf quota (or a stock) evenly over `n` counter documents: the counter document
 * keeps its share and n − 1 shard documents get theirs, in one transaction (a back-office operation, never on
 * the grab's path). Sold and reserved figures stay where they are; a reader sums the shards (`sumShards`).
 */
export async function splitCounter(
  db: CloudDb,
  kind: 'shelf' | 'stock',
  id: string,
  n: number,
): Promise<void> {
  const field = SPLIT_FIELD[kind]
  const _ = db.command
  await db.runTransaction(async (tx) => {
    const main = (await tx.collection(COLLECTION[kind]).doc(id).get()).data as Record<string, number>
    const total = main[field] ?? 0
    const share = Math.floor(total / n)
    for (let shard = 1; shard < n; shard++) {
      await tx
        .collection(`${COLLECTION[kind]}_shards`)
        .doc(shardId(id, shard))
        .set({ data: { counterId: id, [field]: share, reserved: 0, sold: 0, holds: {}, ends: {} } })
    }
    await tx
      .collection(COLLECTION[kind])
      .doc(id)
      .update({ data: { [field]: _.inc(-share * (n - 1)) } })
  })
}

/** A counter's figures summed over its shard documents (what a member sees as remaining). */
export async function sumShards(
  db: CloudDb,
  kind: 'shelf' | 'stock',
  id: string,
  n: number,
): Promise<Record<'remaining' | 'quantity' | 'reserved' | 'sold', number>> {
  const ids = [id, ...Array.from({ length: n - 1 }, (_unused, i) => shardId(id, i + 1))]
  const out = { remaining: 0, quantity: 0, reserved: 0, sold: 0 }
  const main = await db.collection(COLLECTION[kind]).where({ _id: id }).get()
  const rest = await db
    .collection(`${COLLECTION[kind]}_shards`)
    .where({ _id: db.command.in(ids.slice(1)) })
    .get()
  for (const row of [...main.data, ...rest.data] as Array<Record<string, number>>) {
    for (const k of ['remaining', 'quantity', 'reserved', 'sold'] as const) out[k] += row[k] ?? 0
  }
  return out
}
