/** The back office's own records: staff, sessions, single documents, and its reads of orders and the audit log. */
import type { AuditQuery, MetaRepo, OrderQuery, SessionRepo, StaffRepo } from '../../ports'
import type { AuditEntry, OrderRecord, SessionRecord, StaffRecord } from '../../model'
import type { CloudDb, Condition } from './cloud-db'
import { addUnique, C, getAll, getOrNull, withoutId } from './support'

/** Collections only the back office uses. */
export const BO = { sessions: 'sessions', meta: 'admin_meta' } as const

/** Statuses a member's order can be seen in (reserving and failed are internal). */
const VISIBLE = ['pending', 'paid', 'cancelled', 'closed', 'refunded']

export function createStaffRepo(db: CloudDb): StaffRepo {
  return {
    get: (id) => getOrNull<StaffRecord>(db, C.staff, id),
    add: (staff) => addUnique(db, C.staff, { ...staff }),
    async count() {
      return (await db.collection(C.staff).count()).total
    },
    list: () => getAll<StaffRecord>(db, C.staff, {}, ['createdAt', 'asc']),
    async update(id, patch) {
      const res = await db
        .collection(C.staff)
        .where({ _id: id })
        .update({ data: withoutId(patch) })
      return res.stats.updated === 1
    },
    async remove(id) {
      const res = await db.collection(C.staff).where({ _id: id }).remove()
      return res.stats.removed === 1
    },
  }
}

export function createSessionRepo(db: CloudDb): SessionRepo {
  const sessions = () => db.collection(BO.sessions)
  return {
    async create(session) {
      if (!(await addUnique(db, BO.sessions, { ...session }))) throw new Error('session id collision')
    },
    get: (id) => getOrNull<SessionRecord>(db, BO.sessions, id),
    async touch(id, at) {
      await sessions()
        .where({ _id: id })
        .update({ data: { lastSeenAt: at } })
    },
    async remove(id) {
      await sessions().where({ _id: id }).remove()
    },
    async removeByUser(username) {
      await sessions().where({ username }).remove()
    },
  }
}

export function createMetaRepo(db: CloudDb): MetaRepo {
  return {
    get: <T extends { _id: string }>(id: T['_id']) => getOrNull<T>(db, BO.meta, id),
    async put(doc) {
      await db
        .collection(BO.meta)
        .doc(doc._id)
        .set({ data: withoutId(doc) as Condition })
    },
  }
}

export function createOrderQuery(db: CloudDb): OrderQuery {
  const _ = db.command
  const orders = () => db.collection(C.orders)
  return {
    async search(filter, offset, limit) {
      const where: Condition = { status: filter.status ?? _.in(VISIBLE) }
      if (filter.roomId !== undefined) where.roomId = filter.roomId
      if (filter.storeId !== undefined) where.storeId = filter.storeId
      const range = timeRange(db, filter.from, filter.to)
      if (range) where.createdAt = range
      const [{ total }, page] = await Promise.all([
        orders().where(where).count(),
        orders().where(where).orderBy('createdAt', 'desc').skip(offset).limit(limit).get(),
      ])
      return { total, items: page.data as unknown as OrderRecord[] }
    },
    async latestByRoom(roomId, limit) {
      const res = await orders()
        .where({ roomId, status: _.in(VISIBLE) })
        .orderBy('createdAt', 'desc')
        .limit(limit)
        .get()
      return res.data as unknown as OrderRecord[]
    },
    async paidSince(roomId, since) {
      const res = await orders()
        .where({ roomId, status: _.in(['paid', 'refunded']), paidAt: _.gte(since) })
        .field({ paidAt: true, qty: true, amountFen: true, status: true })
        .limit(1000)
        .get()
      return res.data as unknown as Array<Pick<OrderRecord, 'paidAt' | 'qty' | 'amountFen' | 'status'>>
    },
  }
}

export function createAuditQuery(db: CloudDb): AuditQuery {
  return {
    async list(filter, offset, limit) {
      const where: Condition = {}
      if (filter.actor) where.actor = filter.actor
      if (filter.action) where.action = db.RegExp({ regexp: `^${escapeRegExp(filter.action)}` })
      const range = timeRange(db, filter.from, filter.to)
      if (range) where.at = range
      const [{ total }, page] = await Promise.all([
        db.collection(C.audit).where(where).count(),
        db.collection(C.audit).where(where).orderBy('at', 'desc').skip(offset).limit(limit).get(),
      ])
      return { total, items: page.data as unknown as AuditEntry[] }
    },
  }
}

function timeRange(db: CloudDb, from?: number, to?: number): unknown {
  const _ = db.command
  if (from !== undefined && to !== undefined) return _.gte(from).and(_.lte(to))
  if (from !== undefined) return _.gte(from)
  if (to !== undefined) return _.lte(to)
  return undefined
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
