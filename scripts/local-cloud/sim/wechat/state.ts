/**
 * The simulator's world: rooms, library goods, uploaded media, issued tokens, call counters.
 * Plain JSON, persisted one row per room, goods and media (see `openStateStore`).
 */
import Database from 'better-sqlite3'
import type { WechatSimConfig } from './config'

export interface SimShelfItem {
  goodsId: number
  onSale: 0 | 1
}

export interface SimRoom {
  roomid: number
  name: string
  coverImg: string
  shareImg: string
  feedsImg: string
  startTime: number
  endTime: number
  anchorName: string
  anchorWechat: string
  subAnchorWechat?: string
  createrWechat?: string
  type: 0 | 1
  closeLike: number
  closeGoods: number
  closeComment: number
  closeReplay: number
  closeShare: number
  closeKf: number
  isFeedsPublic: number
  liveStatus: number
  /** Unix seconds of the last status change that matters for timers (end, anomaly). */
  endedAt?: number
  anomalyAt?: number
  goods: SimShelfItem[]
  pushing?: { goodsId: number; until: number }
  /** Created through the MP console rather than the API. */
  console: boolean
}

export interface SimGoods {
  goodsId: number
  auditId: number
  name: string
  /** Image URL (the media id given on add is turned into a CDN URL, as WeChat answers). */
  coverImgUrl: string
  priceType: 1 | 2 | 3
  /** Yuan, as goods/add takes it. */
  price: number
  price2: number
  url: string
  thirdPartyAppid: string
  auditStatus: 0 | 1 | 2 | 3
  /** When the pending audit was submitted (for the auto audit modes). */
  submittedAt?: number
  /** 2 for goods added through the API; 0 for console goods the API may not touch (300011). */
  thirdPartyTag: number
}

export interface SimMedia {
  mediaId: string
  createdAt: number
  bytes: number
  width?: number
  height?: number
}

export interface SimToken {
  token: string
  issuedAt: number
  expiresAt: number
  /** Set when a newer token replaced it: after this it is "not latest" (40001). */
  replacedUntil?: number
}

export interface SimState {
  nextRoomId: number
  nextGoodsId: number
  nextAuditId: number
  nextMediaSeq: number
  rooms: Record<string, SimRoom>
  goods: Record<string, SimGoods>
  media: Record<string, SimMedia>
  tokens: SimToken[]
  calls: Record<string, number>
  /** Daily counters per quota key, for the day `quotaDay` (Asia/Shanghai date). */
  quotaDay: string
  quotaUsed: Record<string, number>
  config: WechatSimConfig
}

/** Auditor ids look like WeChat's: larger than a 32-bit int, so clients that truncate them break. */
const FIRST_AUDIT_ID = 2_147_483_648 + 525_022_786

export function emptyState(config: WechatSimConfig): SimState {
  return {
    nextRoomId: 1,
    nextGoodsId: 1,
    nextAuditId: FIRST_AUDIT_ID,
    nextMediaSeq: 1,
    rooms: {},
    goods: {},
    media: {},
    tokens: [],
    calls: {},
    quotaDay: '',
    quotaUsed: {},
    config,
  }
}

/** The record maps persisted one row per record; everything else is one small row of counters and knobs. */
const RECORDS = ['rooms', 'goods', 'media'] as const
type RecordKind = (typeof RECORDS)[number]

/**
 * Persists the state one row per room, goods and media (plus one row for tokens, counters and config):
 * `track` wraps the record maps so that a handler changing a record in place marks that record, and `flush`
 * writes only the marked ones. Memory-only when no file is given.
 */
export interface StateStore {
  load(): SimState | null
  /** The same state, with its record maps watched for changes (what the handlers are given). */
  track(state: SimState): SimState
  /** Writes the records changed since the last flush, and the counters row. */
  flush(state: SimState): void
  close(): void
}

export function openStateStore(file: string | undefined): StateStore {
  if (!file)
    return { load: () => null, track: (state) => state, flush: () => undefined, close: () => undefined }
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(
    'CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, key))',
  )
  const put = db.prepare<[string, string, string]>(
    'INSERT INTO records (kind, key, json) VALUES (?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET json = excluded.json',
  )
  const drop = db.prepare<[string, string]>('DELETE FROM records WHERE kind = ? AND key = ?')
  const rows = db.prepare<[], { kind: string; key: string; json: string }>(
    'SELECT kind, key, json FROM records',
  )
  const dirty = new Map<string, { kind: RecordKind; key: string; target: Record<string, unknown> }>()
  let tracked: SimState | null = null
  let replaced = false
  const writeDirty = db.transaction((state: SimState) => {
    if (replaced) {
      db.exec(`DELETE FROM records`)
      for (const kind of RECORDS)
        for (const [key, value] of Object.entries(rawOf(state[kind])))
          put.run(kind, key, JSON.stringify(value))
      replaced = false
    } else {
      for (const { kind, key, target } of dirty.values()) {
        const value = target[key]
        if (value === undefined) drop.run(kind, key)
        else put.run(kind, key, JSON.stringify(value))
      }
    }
    dirty.clear()
    const { rooms: _r, goods: _g, media: _m, ...meta } = state
    put.run('meta', '', JSON.stringify(meta))
  })
  return {
    load: () => {
      const all = rows.all()
      const meta = all.find((r) => r.kind === 'meta')
      if (!meta) return null
      const state = { ...(JSON.parse(meta.json) as SimState), rooms: {}, goods: {}, media: {} }
      for (const r of all) {
        if (r.kind !== 'meta')
          (state[r.kind as RecordKind] as Record<string, unknown>)[r.key] = JSON.parse(r.json)
      }
      return state
    },
    track: (state) => {
      if (tracked === state) return state
      // a new state object (reset, restore): written whole on the next flush
      replaced = true
      dirty.clear()
      for (const kind of RECORDS) {
        const raw = rawOf(state[kind]) as Record<string, unknown>
        ;(state as unknown as Record<string, unknown>)[kind] = watch(raw, (key) =>
          dirty.set(`${kind}\u0000${key}`, { kind, key, target: raw }),
        )
      }
      tracked = state
      return state
    },
    flush: (state) => writeDirty(state),
    close: () => db.close(),
  }
}

const RAW = Symbol('raw')

function rawOf<T extends object>(value: T): T {
  return ((value as Record<symbol, unknown>)[RAW] as T | undefined) ?? value
}

function unwrap(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? rawOf(v) : v
}

/** A record map whose records report, by their key, any change made to them at any depth. */
function watch(map: Record<string, unknown>, changed: (key: string) => void): Record<string, unknown> {
  const deep = (value: unknown, key: string): unknown => {
    if (typeof value !== 'object' || value === null) return value
    return new Proxy(value, {
      get: (t, p) => (p === RAW ? t : deep(Reflect.get(t, p), key)),
      set: (t, p, v) => (changed(key), Reflect.set(t, p, unwrap(v))),
      deleteProperty: (t, p) => (changed(key), Reflect.deleteProperty(t, p)),
    })
  }
  return new Proxy(map, {
    get: (t, p) => (p === RAW ? t : typeof p === 'string' ? deep(t[p], p) : Reflect.get(t, p)),
    set: (t, p, v) => {
      if (typeof p === 'string') changed(p)
      return Reflect.set(t, p, unwrap(v))
    },
    deleteProperty: (t, p) => {
      if (typeof p === 'string') changed(p)
      return Reflect.deleteProperty(t, p)
    },
  })
}

/** The CDN URL WeChat answers in place of a media id. */
export function mediaUrl(mediaId: string): string {
  return `https://mmbiz.qpic.cn/mmbiz_jpg/${encodeURIComponent(mediaId)}/0`
}

/** Asia/Shanghai calendar day of a unix-seconds instant: WeChat's daily quotas reset at local midnight. */
export function shanghaiDay(nowSec: number): string {
  return new Date((nowSec + 8 * 3600) * 1000).toISOString().slice(0, 10)
}

/** Counts one use of a daily quota; false (and nothing counted) when `max` is already reached. */
export function takeQuota(state: SimState, key: string, max: number, nowSec: number): boolean {
  const day = shanghaiDay(nowSec)
  if (state.quotaDay !== day) {
    state.quotaDay = day
    state.quotaUsed = {}
  }
  const used = state.quotaUsed[key] ?? 0
  if (used >= max) return false
  state.quotaUsed[key] = used + 1
  return true
}

/**
 * Time-driven transitions WeChat applies on its own: a never-started room expires (102 → 107) after
 * its end time, an anomaly not recovered in time ends the room (106 → 103), auto audits complete.
 */
export function sweep(state: SimState, nowSec: number): void {
  const cfg = state.config
  for (const room of Object.values(state.rooms)) {
    if (room.liveStatus === 102 && nowSec > room.endTime) room.liveStatus = 107
    if (
      room.liveStatus === 106 &&
      room.anomalyAt !== undefined &&
      nowSec >= room.anomalyAt + cfg.anomalyTimeoutSec
    ) {
      room.liveStatus = 103
      room.endedAt = room.anomalyAt + cfg.anomalyTimeoutSec
    }
    if (room.pushing && nowSec >= room.pushing.until) delete room.pushing
  }
  if (cfg.auditMode === 'manual') return
  for (const goods of Object.values(state.goods)) {
    if (goods.auditStatus !== 1 || goods.submittedAt === undefined) continue
    if (nowSec >= goods.submittedAt + cfg.auditDelaySec)
      goods.auditStatus = cfg.auditMode === 'auto-approve' ? 2 : 3
  }
}

/** Rooms that still exist, sorted as getliveinfo lists them: start_time descending, newest id first on ties. */
export function sortedRooms(state: SimState): SimRoom[] {
  return Object.values(state.rooms).sort((a, b) => b.startTime - a.startTime || b.roomid - a.roomid)
}
