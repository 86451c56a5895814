/**
 * The sync run (every minute, and on demand): rooms and their shelves from getliveinfo, replay
 * availability of ended rooms, the audit state of goods under audit, and the closing of overdue orders.
 * Everything is read first; then only what changed is written, one whole room at a time.
 */
import type { SyncReport } from '../../../typings/api'
import type { RoomRecord } from '../model'
import type { Clock, PaymentGateway, Repos, WechatLiveApi, WxRoomInfo } from '../ports'
import { applyRoom } from './room-sync'
import { sweepOrders } from './sweeper'

type Deps = {
  repos: Repos
  clock: Clock
  wechat(): Promise<WechatLiveApi>
  payment(): Promise<PaymentGateway>
}

const PAGE = 100
/** Replays appear within minutes of the end; stop asking a day later. */
const REPLAY_WINDOW_MS = 24 * 3600_000
const REPLAY_CHECKS_PER_RUN = 5

/** One sync run; returns what it did. */
export async function runSync(deps: Deps): Promise<SyncReport> {
  const { repos, clock } = deps
  const started = Date.now()
  // rule 9 first: closing overdue orders must not wait for WeChat to answer
  const swept = await sweepOrders(deps)
  const api = await deps.wechat()
  let wechatCalls = 0
  const counted = <T>(p: Promise<T>) => {
    wechatCalls++
    return p
  }

  // read every page before writing anything: a failed read changes nothing
  const seen: WxRoomInfo[] = []
  for (let start = 0; ;) {
    const page = await counted(api.listRooms(start, PAGE))
    seen.push(...page.rooms)
    start += page.rooms.length
    if (page.rooms.length === 0 || start >= page.total) break
  }
  const stored = new Map((await repos.rooms.list({ includeDeleted: true })).map((r) => [r.roomId, r]))
  const replays = await replayAvailability(seen, stored, clock.now(), (id) =>
    counted(api.getReplay(id, 0, 1)),
  )

  const rooms = { seen: seen.length, created: 0, updated: 0, deleted: 0, unchanged: 0 }
  for (const info of seen) {
    const before = stored.get(info.roomid) ?? null
    const written = await applyRoom(
      repos,
      info,
      before,
      replays.get(info.roomid) ?? before?.replayAvailable ?? false,
      clock.now(),
    )
    if (!written) rooms.unchanged++
    else if (written.created) rooms.created++
    else rooms.updated++
  }
  const onWechat = new Set(seen.map((r) => r.roomid))
  for (const room of stored.values()) {
    if (room.deletedAt || onWechat.has(room.roomId)) continue
    await repos.rooms.update(room.roomId, { deletedAt: clock.now(), updatedAt: clock.now() })
    rooms.deleted++
  }

  const goodsAudit = await refreshAudit(deps, api, () => wechatCalls++)
  return { rooms, goodsAudit, ordersClosed: swept.closed, wechatCalls, ms: Date.now() - started }
}

/** Ended rooms without a replay yet, ended within a day: does WeChat have the replay now? */
async function replayAvailability(
  seen: WxRoomInfo[],
  stored: Map<number, RoomRecord>,
  now: number,
  getReplay: (roomId: number) => Promise<{ total: number }>,
): Promise<Map<number, boolean>> {
  const out = new Map<number, boolean>()
  const candidates = seen.filter((r) => {
    const s = stored.get(r.roomid)
    return (
      r.live_status === 103 &&
      r.close_replay !== 1 &&
      !s?.replayAvailable &&
      now - r.end_time * 1000 < REPLAY_WINDOW_MS
    )
  })
  for (const room of candidates.slice(0, REPLAY_CHECKS_PER_RUN)) {
    try {
      out.set(room.roomid, (await getReplay(room.roomid)).total > 0)
    } catch {
      // no replay yet, or WeChat busy: ask again next run
    }
  }
  return out
}

/** Goods under audit: ask WeChat, 20 ids a call, and write the ones whose status moved. */
async function refreshAudit(
  deps: Deps,
  api: WechatLiveApi,
  countCall: () => void,
): Promise<{ checked: number; updated: number }> {
  const pending = (await deps.repos.goods.underAudit()).filter((g) => g.wxGoodsId !== undefined)
  let updated = 0
  for (let i = 0; i < pending.length; i += 20) {
    const chunk = pending.slice(i, i + 20)
    countCall()
    const states = new Map(
      (await api.getGoodsWarehouse(chunk.map((g) => g.wxGoodsId as number))).map((w) => [
        w.goods_id,
        w.audit_status,
      ]),
    )
    for (const goods of chunk) {
      const status = states.get(goods.wxGoodsId as number)
      if (status === undefined || status === goods.auditStatus) continue
      await deps.repos.goods.update(goods._id, {
        auditStatus: status as 0 | 1 | 2 | 3,
        updatedAt: deps.clock.now(),
      })
      updated++
    }
  }
  return { checked: pending.length, updated }
}
