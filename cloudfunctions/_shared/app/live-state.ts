/**
 * Rule 3: the live state members see and order against is at most 5 seconds old. One read of WeChat
 * refreshes every room whose broadcast is not over (getliveinfo lists them newest first, 50 a page),
 * under one lease in the database, for all callers at once; the others wait for its result. A mark
 * records when that read happened, so a fresh mark means every stored state is fresh — a made-up room
 * id costs WeChat nothing, and 50 rooms live all day cost one call per 5 seconds, not fifty.
 */
import type { RoomRecord } from '../model'
import type { Clock, Repos, RoomStatesMark, WechatLiveApi, LiveRoom } from '../ports'
import { BizError } from '../domain/errors'
import { isStale } from '../domain/live'
import { applyRoom, ROOM_PAGE } from './room-sync'
import { underLease } from './lease'

export const REFRESH_LEASE = 'live-refresh'
/** Every page of getliveinfo is read this often (rooms deleted or edited long after their end). */
export const FULL_READ_MS = 3600_000
const LEASE_TTL_MS = 10_000
const WAIT_STEP_MS = 25
/** A waiter gives up after this long (a refresh that takes longer has failed). */
const WAIT_MAX_MS = 8_000

type Deps = { repos: Repos; clock: Clock; wechat(): Promise<WechatLiveApi> }

export interface StatesRead {
  seen: LiveRoom[]
  created: number
  updated: number
  deleted: number
  unchanged: number
  wechatCalls: number
}

/**
 * The freshest mark this instance has seen, per database: a mark only ever gets fresher, so one that is
 * still fresh by the clock needs no read (every grab call would otherwise read it again).
 */
const seenMarks = new WeakMap<Repos, RoomStatesMark>()

async function currentMark(deps: Deps): Promise<RoomStatesMark | null> {
  const seen = seenMarks.get(deps.repos)
  if (seen && isFresh(seen, deps.clock.now())) return seen
  const mark = await deps.repos.rooms.statesMark()
  if (mark) seenMarks.set(deps.repos, mark)
  return mark
}

/** The room with a live state at most 5 s old, or null when neither we nor WeChat have it. */
export async function freshRoom(deps: Deps, roomId: number): Promise<RoomRecord | null> {
  const [room, mark] = await Promise.all([deps.repos.rooms.get(roomId), currentMark(deps)])
  if (room?.deletedAt) return null
  const now = deps.clock.now()
  if (room && (!isStale(room.syncedAt, now) || isFresh(mark, now))) return room
  if (!room && isFresh(mark, now)) return null
  await freshStates(deps)
  const again = await deps.repos.rooms.get(roomId)
  return again && !again.deletedAt ? again : null
}

/**
 * The room as members see it: with a fresh live state (rule 3), or as last stored when WeChat cannot
 * answer right now (watching needs no fresh state; ordering, which does, calls freshRoom itself).
 */
export async function roomForViewers(deps: Deps, roomId: number): Promise<RoomRecord | null> {
  try {
    return await freshRoom(deps, roomId)
  } catch {
    const stored = await deps.repos.rooms.get(roomId)
    return stored && !stored.deletedAt ? stored : null
  }
}

/** Makes sure the live states were read from WeChat in the last 5 s: one caller reads, the rest wait. */
export async function freshStates(deps: Deps): Promise<RoomStatesMark> {
  const { repos, clock } = deps
  for (let waited = 0; waited <= WAIT_MAX_MS; waited += WAIT_STEP_MS) {
    const mark = await currentMark(deps)
    if (mark && isFresh(mark, clock.now())) return mark
    const read = await underLease(deps, REFRESH_LEASE, LEASE_TTL_MS, async () => {
      // someone may have read between our look and our lease
      const again = await repos.rooms.statesMark()
      if (again && isFresh(again, clock.now())) return again
      return (await readStates(deps, { full: false, mark: again })).mark
    })
    if (read.held) return read.value
    await clock.sleep(WAIT_STEP_MS)
  }
  throw new BizError('LIVE_STATE_UNAVAILABLE')
}

/**
 * Reads the rooms from WeChat, page by page, until every room not over yet was seen (or every page, when
 * `full`), and writes what moved; then the mark. The caller holds the refresh lease.
 */
export async function readStates(
  deps: Deps,
  options: { full: boolean; mark: RoomStatesMark | null },
): Promise<StatesRead & { mark: RoomStatesMark }> {
  const { repos, clock } = deps
  const api = await deps.wechat()
  const readAt = clock.now()
  // only broadcasts not over yet: an ended room's replay is asked for on its own (sync), not by listing
  const open = await repos.rooms.listOpen()
  const stored = new Map(open.map((r) => [r.roomId, r]))
  const missing = new Set(stored.keys())

  // read before writing anything: a failed read changes nothing
  const seen: LiveRoom[] = []
  let wechatCalls = 0
  let everyPage = false
  for (let start = 0; ;) {
    const page = await api.listRooms(start, ROOM_PAGE)
    wechatCalls++
    seen.push(...page.rooms)
    for (const r of page.rooms) missing.delete(r.roomId)
    start += page.rooms.length
    if (page.rooms.length === 0 || start >= page.total) {
      everyPage = true
      break
    }
    if (!options.full && missing.size === 0) break
  }

  const read: StatesRead = { seen, created: 0, updated: 0, deleted: 0, unchanged: 0, wechatCalls }
  for (const info of seen) {
    const before = stored.get(info.roomId) ?? (await repos.rooms.get(info.roomId))
    const written = await applyRoom(repos, info, before, before?.replayAvailable ?? false, clock.now())
    if (!written) read.unchanged++
    else if (written.created) read.created++
    else read.updated++
  }
  // a room WeChat no longer lists, when we read to the last page, was deleted there
  if (everyPage) {
    const onWechat = new Set(seen.map((r) => r.roomId))
    // a room stored after the read began may simply not have been listed yet: judged next time
    const gone = options.full
      ? (await repos.rooms.list({})).filter((r) => !onWechat.has(r.roomId) && r.syncedAt < readAt)
      : [...missing].flatMap((id) => stored.get(id) ?? [])
    for (const room of gone) {
      await repos.rooms.update(room.roomId, { deletedAt: clock.now(), updatedAt: clock.now() })
      read.deleted++
    }
  }
  const now = clock.now()
  const mark = { syncedAt: now, fullAt: options.full && everyPage ? now : (options.mark?.fullAt ?? 0) }
  await repos.rooms.putStatesMark(mark)
  seenMarks.set(repos, mark)
  return { ...read, mark }
}

function isFresh(mark: RoomStatesMark | null, now: number): boolean {
  return mark !== null && !isStale(mark.syncedAt, now)
}
