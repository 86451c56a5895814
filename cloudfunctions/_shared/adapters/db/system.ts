import type { SyncReport } from '../../../../typings/api'
import type { AuditLog, LeaseRepo, SettingsRepo, SyncRepo } from '../../ports'
import type { SettingsRecord } from '../../model'
import type { CloudDb } from './cloud-db'
import { addUnique, C, getOrNull, withoutId } from './support'

/** Settings are read on most calls: keep them a few seconds in the instance. */
const SETTINGS_TTL_MS = 5_000

export function createSettingsRepo(db: CloudDb): SettingsRepo {
  let cached: { at: number; value: SettingsRecord } | undefined
  return {
    async get() {
      if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.value
      const value = await getOrNull<SettingsRecord>(db, C.settings, 'main')
      if (!value) throw new Error('settings are missing: run the demo loader or set them in the back office')
      cached = { at: Date.now(), value }
      return value
    },
    async put(settings) {
      await db
        .collection(C.settings)
        .doc('main')
        .set({ data: withoutId(settings) })
      cached = undefined
    },
  }
}

const SYNC_REPORT = 'sync-report'

export function createSyncRepo(db: CloudDb): SyncRepo {
  return {
    lastReport: () => getOrNull<{ at: number; report: SyncReport }>(db, C.counters, SYNC_REPORT),
    async putReport(entry) {
      await db
        .collection(C.counters)
        .doc(SYNC_REPORT)
        .set({ data: { ...entry } })
    },
  }
}

export function createLeaseRepo(db: CloudDb): LeaseRepo {
  const _ = db.command
  return {
    async acquire(name, owner, ttlMs, now) {
      const id = `lease:${name}`
      const res = await db
        .collection(C.leases)
        .where({ _id: id, until: _.lt(now) })
        .update({ data: { owner, until: now + ttlMs } })
      if (res.stats.updated === 1) return true
      return addUnique(db, C.leases, { _id: id, owner, until: now + ttlMs })
    },
    async release(name, owner) {
      await db
        .collection(C.leases)
        .where({ _id: `lease:${name}`, owner })
        .update({ data: { until: 0, owner: '' } })
    },
  }
}

export function createAuditLog(db: CloudDb): AuditLog {
  return {
    async append(entry) {
      await db.collection(C.audit).add({ data: { ...entry } })
    },
  }
}
