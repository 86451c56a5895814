/**
 * The sync run (every minute, and on demand): rooms and their shelves from getliveinfo, replay
 * availability of ended rooms, the audit state of goods under audit, and the closing of overdue orders.
 * Everything is read first; then only what changed is written, one whole room at a time.
 */
import type { SyncReport } from '../../../typings/api'
import type { RoomRecord } from '../model'
import type { Clock, PaymentGateway, Repos, WechatLiveApi } from '../ports'
import { BizError } from '../domain/errors'
import { LIVE_STATUS } from '../domain/live'
import { FULL_READ_MS, readStates, REFRESH_LEASE } from './live-state'
import { sweepOrders } from './sweeper'
import { underLease } from './lease'

type Deps = {
  repos: Repos
  clock: Clock
  wechat(): Promise<WechatLiveApi>
  payment(): Promise<PaymentGateway>
}

/** Replays appear within minutes of the end; stop asking a day later. */
const REPLAY_WINDOW_MS = 24 * 3600_000
const REPLAY_CHECKS_PER_RUN = 5
export const SYNC_LEASE = 'sync-run'
const SYNC_LEASE_TTL_MS = 60_000
/** Calls this close to a finished run share its report instead of running again. */
export const SHARED_RUN_MS = 5_000
/** The timer leaves the rooms alone when members' requests read them this recently. */
const ROOMS_FRESH_ENOUGH_MS = 50_000
const WAIT_STEP_MS = 50

/**
 * One sync run at a time: a caller that finds a run under way gets its report. Staff pressing 同步 pass
 * `shareWithinMs` (SHARED_RUN_MS), so presses close together share one run; the timer always runs.
 */
export async function runSync(deps: Deps, options: { shareWithinMs?: number } = {}): Promise<SyncReport> {
  const { repos, clock } = deps
  const asked = clock.now() - (options.shareWithinMs ?? 0)
  for (let waited = 0; waited <= SYNC_LEASE_TTL_MS; waited += WAIT_STEP_MS) {
    const last = await repos.sync.lastReport()
    if (last && last.at > asked) return last.report
    const run = await underLease(deps, SYNC_LEASE, SYNC_LEASE_TTL_MS, async () => {
      const report = await syncOnce(deps)
      // kept for staff presses that share it; the timer's own runs need no record
      if (options.shareWithinMs) await repos.sync.putReport({ at: clock.now(), report })
      return report
    })
    if (run.held) return run.value
    await clock.sleep(WAIT_STEP_MS)
  }
  throw new BizError('CONFLICT', '上一次同步仍在进行，请稍后再试')
}

/** The run itself: orders first, then rooms (when members have not just read them), replays, audits. */
async function syncOnce(deps: Deps): Promise<SyncReport> {
  const { repos, clock } = deps
  const started = Date.now()
  const startedAt = clock.now()
  // rule 9 first: closing overdue orders must not wait for WeChat to answer
  const swept = await sweepOrders(deps)
  const api = await deps.wechat()
  let wechatCalls = 0

  const rooms = { seen: 0, created: 0, updated: 0, deleted: 0, unchanged: 0 }
  const mark = await repos.rooms.statesMark()
  const now = clock.now()
  const full = !mark || now - mark.fullAt >= FULL_READ_MS
  if (full || now - mark.syncedAt >= ROOMS_FRESH_ENOUGH_MS) {
    // the members' refresh and this run never read WeChat at the same time
    const read = await underLease(deps, REFRESH_LEASE, 30_000, () => readStates(deps, { full, mark }))
    if (read.held) {
      const { seen, created, updated, deleted, unchanged } = read.value
      wechatCalls += read.value.wechatCalls
      Object.assign(rooms, { seen: seen.length, created, updated, deleted, unchanged })
    }
  }
  const open = await repos.rooms.listOpen(clock.now() - REPLAY_WINDOW_MS)
  wechatCalls += await refreshReplays(repos, api, open, clock.now())
  const goodsAudit = await refreshAudit(deps, api, () => wechatCalls++)
  return { startedAt, rooms, goodsAudit, ordersClosed: swept.closed, wechatCalls, ms: Date.now() - started }
}

/** Ended rooms without a replay yet, ended within a day: does WeChat have the replay now? */
async function refreshReplays(
  repos: Repos,
  api: WechatLiveApi,
  rooms: RoomRecord[],
  now: number,
): Promise<number> {
  const candidates = rooms.filter(
    (r) =>
      r.liveStatus === LIVE_STATUS.ENDED &&
      r.replayEnabled !== false &&
      !r.replayAvailable &&
      now - r.endAt < REPLAY_WINDOW_MS,
  )
  let calls = 0
  for (const room of candidates.slice(0, REPLAY_CHECKS_PER_RUN)) {
    calls++
    try {
      if ((await api.getReplay(room.roomId, 0, 1)).total > 0)
        await repos.rooms.update(room.roomId, { replayAvailable: true, updatedAt: now })
    } catch {
      // no replay yet, or WeChat busy: ask again next run
    }
  }
  return calls
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
        w.goodsId,
        w.auditStatus,
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
