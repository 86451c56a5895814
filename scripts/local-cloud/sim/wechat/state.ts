/**
 * The simulator's world: rooms, library goods, uploaded media, issued tokens, call counters.
 * Plain JSON, so one snapshot row in SQLite persists all of it.
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

/** Persists the state as one JSON row; memory-only when no file is given. */
export interface StateStore {
  load(): SimState | null
  save(state: SimState): void
  close(): void
}

export function openStateStore(file: string | undefined): StateStore {
  if (!file) return { load: () => null, save: () => undefined, close: () => undefined }
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)')
  const read = db.prepare<[], { json: string }>('SELECT json FROM snapshot WHERE id = 1')
  const write = db.prepare(
    'INSERT INTO snapshot (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json',
  )
  return {
    load: () => {
      const row = read.get()
      return row ? (JSON.parse(row.json) as SimState) : null
    },
    save: (state) => void write.run(JSON.stringify(state)),
    close: () => db.close(),
  }
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
