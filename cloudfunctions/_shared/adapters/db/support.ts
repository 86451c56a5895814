import type { CloudDb, Condition } from './cloud-db'

/** Collection names, one place. */
export const C = {
  stores: 'stores',
  cards: 'cards',
  members: 'members',
  stock: 'stock',
  goods: 'goods',
  rooms: 'rooms',
  shelf: 'shelf',
  limits: 'limits',
  orders: 'orders',
  settings: 'settings',
  leases: 'leases',
  counters: 'counters',
  audit: 'audit_log',
  prizes: 'prizes',
  staff: 'staff',
  tokens: 'tokens',
} as const

/** `doc(id).get()` rejects on a missing document (CloudBase does); we want null. */
export async function getOrNull<T>(db: CloudDb, collection: string, id: string): Promise<T | null> {
  const res = await db.collection(collection).where({ _id: id }).limit(1).get()
  return (res.data[0] as T | undefined) ?? null
}

/** `add` with a chosen `_id`: false when the id is taken (our uniqueness primitive). */
export async function addUnique(
  db: CloudDb,
  collection: string,
  data: Condition & { _id: string },
): Promise<boolean> {
  try {
    await db.collection(collection).add({ data })
    return true
  } catch (e) {
    if (await exists(db, collection, data._id)) return false
    throw e
  }
}

async function exists(db: CloudDb, collection: string, id: string): Promise<boolean> {
  const res = await db.collection(collection).where({ _id: id }).count()
  return res.total > 0
}

/** Reads every matching document, page by page (the server answers at most 1000 a call). */
export async function getAll<T>(
  db: CloudDb,
  collection: string,
  where: Condition,
  orderBy?: [string, 'asc' | 'desc'],
): Promise<T[]> {
  const out: T[] = []
  for (let skip = 0; ; skip += 1000) {
    let q = db.collection(collection).where(where)
    if (orderBy) q = q.orderBy(orderBy[0], orderBy[1])
    const page = await q.skip(skip).limit(1000).get()
    out.push(...(page.data as T[]))
    if (page.data.length < 1000) return out
  }
}

/** Strips `_id` from a record so it can be written with `set`/`update`. */
export function withoutId<T extends { _id?: unknown }>(record: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = record
  return rest
}

/**
 * Writes each record as given: an update when its `_id` exists, else an add. An unchanged record counts
 * as neither (CloudBase reports `updated: 0` for it and the add finds the id taken).
 */
export async function upsertAll<T extends { _id: string }>(
  db: CloudDb,
  collection: string,
  records: readonly T[],
): Promise<{ created: number; updated: number }> {
  let created = 0
  let updated = 0
  for (const record of records) {
    const res = await db
      .collection(collection)
      .where({ _id: record._id })
      .update({ data: withoutId(record) })
    if (res.stats.updated === 1) updated++
    else if (await addUnique(db, collection, { ...record })) created++
  }
  return { created, updated }
}
