/**
 * Rule 3: the live state used for ordering is at most 30 seconds old. When the stored state is older,
 * one caller refreshes it from WeChat under a lease in the database; the others wait for its result.
 */
import { randomUUID } from 'node:crypto'
import type { RoomRecord } from '../model'
import type { Clock, Repos, WechatLiveApi } from '../ports'
import { BizError } from '../domain/errors'
import { isStale } from '../domain/live'
import { applyRoom, findRoomOnWechat } from './room-sync'

export const REFRESH_LEASE = 'live-refresh'
/**
 * A room we have never stored is looked for on WeChat (it may have been created on WeChat's console)
 * at most once per window, whatever ids callers send: made-up room ids must not spend WeChat's quota.
 */
export const DISCOVERY_LEASE = 'room-discovery'
const DISCOVERY_WINDOW_MS = 5_000
const LEASE_TTL_MS = 10_000
const WAIT_STEP_MS = 50
const WAIT_STEPS = 120

type Deps = { repos: Repos; clock: Clock; wechat(): Promise<WechatLiveApi> }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** The room with a live state no older than 30 s, or null when WeChat no longer has it. */
export async function freshRoom(deps: Deps, roomId: number): Promise<RoomRecord | null> {
  const { repos, clock } = deps
  const owner = randomUUID()
  for (let step = 0; step < WAIT_STEPS; step++) {
    const room = await repos.rooms.get(roomId)
    if (room?.deletedAt) return null
    if (room && !isStale(room.syncedAt, clock.now())) return room
    // the discovery lease is never released: it expires, which is the rate limit
    if (!room && !(await repos.leases.acquire(DISCOVERY_LEASE, owner, DISCOVERY_WINDOW_MS, clock.now())))
      return null
    if (await repos.leases.acquire(REFRESH_LEASE, owner, LEASE_TTL_MS, clock.now())) {
      try {
        // someone may have refreshed between our read and our lease
        const again = await repos.rooms.get(roomId)
        if (again && !again.deletedAt && !isStale(again.syncedAt, clock.now())) return again
        return await refreshFromWechat(deps, roomId, again)
      } finally {
        await repos.leases.release(REFRESH_LEASE, owner)
      }
    }
    await sleep(WAIT_STEP_MS)
  }
  throw new BizError('LIVE_STATE_UNAVAILABLE')
}

/** Reads the room from WeChat and stores what moved (or its deletion). */
async function refreshFromWechat(
  deps: Deps,
  roomId: number,
  stored: RoomRecord | null,
): Promise<RoomRecord | null> {
  const { repos, clock } = deps
  const info = await findRoomOnWechat(await deps.wechat(), roomId)
  const now = clock.now()
  if (!info) {
    if (stored) await repos.rooms.update(roomId, { deletedAt: now, updatedAt: now })
    return null
  }
  const written = await applyRoom(repos, info, stored, stored?.replayAvailable ?? false, now)
  if (written) return written.room
  await repos.rooms.update(roomId, { syncedAt: now })
  return { ...(stored as RoomRecord), syncedAt: now }
}
