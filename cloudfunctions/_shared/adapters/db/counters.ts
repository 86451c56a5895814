import type { CounterKind, CounterRepo } from '../../ports'
import type { CloudDb, Condition } from './cloud-db'
import { C } from './support'

const COLLECTION: Record<CounterKind, string> = { shelf: C.shelf, stock: C.stock, limit: C.limits }

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

/**
 * Rule 5 and 6 counters. A reservation writes the order id into the counter's `holds` in the same
 * guarded update that moves the numbers, so each hold is taken once and given back once.
 */
export function createCounterRepo(db: CloudDb): CounterRepo {
  const _ = db.command

  const incs = (moves: Record<string, number>): Condition =>
    Object.fromEntries(Object.entries(moves).map(([k, v]) => [k, _.inc(v)]))

  async function take(
    kind: CounterKind,
    id: string,
    orderId: string,
    guard: Condition,
    moves: Record<string, number>,
    qty: number,
  ): Promise<boolean> {
    const res = await db
      .collection(COLLECTION[kind])
      .where({ _id: id, [`holds.${orderId}`]: _.exists(false), ...guard })
      .update({ data: { ...incs(moves), [`holds.${orderId}`]: qty } })
    return res.stats.updated === 1
  }

  async function settle(
    kind: CounterKind,
    id: string,
    orderId: string,
    moves: (q: number) => Record<string, number>,
  ): Promise<boolean> {
    const coll = db.collection(COLLECTION[kind])
    const found = await coll
      .where({ _id: id })
      .field({ [`holds.${orderId}`]: true })
      .get()
    const qty = (found.data[0]?.holds as Record<string, number> | undefined)?.[orderId]
    if (qty === undefined) return false
    // the guard on the hold makes a second release (or commit) a no-op
    const res = await coll
      .where({ _id: id, [`holds.${orderId}`]: qty })
      .update({ data: { ...incs(moves(qty)), [`holds.${orderId}`]: _.remove() } })
    return res.stats.updated === 1
  }

  return {
    async taken(limitId) {
      const res = await db.collection(C.limits).where({ _id: limitId }).get()
      return (res.data[0]?.taken as number | undefined) ?? 0
    },
    async reserveLimit(limitId, orderId, qty, perOrderLimit) {
      const guard = { taken: _.lte(perOrderLimit - qty) }
      if (await take('limit', limitId, orderId, guard, { taken: qty }, qty)) return true
      // first order of this member for this goods in this room: create the counter, then try again
      try {
        await db.collection(C.limits).add({ data: { _id: limitId, taken: 0, holds: {} } })
      } catch {
        // taken by a concurrent first order, or the guard really refused: the retry tells
      }
      return take('limit', limitId, orderId, guard, { taken: qty }, qty)
    },
    reserveQuota: (shelfId, orderId, qty) =>
      take('shelf', shelfId, orderId, { remaining: _.gte(qty) }, { remaining: -qty, reserved: qty }, qty),
    reserveStock: (stockId, orderId, qty) =>
      take('stock', stockId, orderId, { quantity: _.gte(qty) }, { quantity: -qty, reserved: qty }, qty),
    release: (kind, id, orderId) => settle(kind, id, orderId, RELEASE[kind]),
    commit: (kind, id, orderId) => settle(kind, id, orderId, COMMIT[kind]),
    async returnSale(kind, id, qty) {
      await db
        .collection(COLLECTION[kind])
        .doc(id)
        .update({ data: incs(RETURN_SALE[kind](qty)) })
    },
  }
}
