import type { RoomState } from '../../../typings/api'

/** Rule 3: the live state used to accept an order may be at most this old. */
export const LIVE_STATE_MAX_AGE_MS = 5_000

/** WeChat's live_status codes (小程序直播 getliveinfo). */
export const LIVE_STATUS = {
  LIVE: 101,
  NOT_STARTED: 102,
  ENDED: 103,
  BANNED: 104,
  PAUSED: 105,
  ABNORMAL: 106,
  EXPIRED: 107,
} as const

/** Rule 3: a room is live only when WeChat says 101; scheduled times never decide. */
export function isLiveNow(liveStatus: number): boolean {
  return liveStatus === LIVE_STATUS.LIVE
}

/** Paused (105) or abnormal (106): the broadcast is on but interrupted; it may come back to 101. */
export function isInterrupted(liveStatus: number): boolean {
  return liveStatus === LIVE_STATUS.PAUSED || liveStatus === LIVE_STATUS.ABNORMAL
}

/** Not started yet (102): 预告. */
export function isUpcoming(liveStatus: number): boolean {
  return liveStatus === LIVE_STATUS.NOT_STARTED
}

/** The member list's state of a room (预告 / 直播中 / 暂停 / 已结束 / 回放). */
export function roomStateOf(liveStatus: number, replayAvailable: boolean): RoomState {
  if (isLiveNow(liveStatus)) return 'live'
  if (isUpcoming(liveStatus)) return 'upcoming'
  // 105/106 are a broadcast in progress that WeChat expects to resume (106 turns back into 101
  // within 15 min, else 103): 暂停, members may enter and wait; buying is refused until 101 (rule 3)
  if (isInterrupted(liveStatus)) return 'paused'
  // 103 ended, 104 banned, 107 expired, and any code WeChat may add later: over for members.
  return replayAvailable ? 'replay' : 'ended'
}

/** Rule 3's refusal for a room that is not live now: not started, paused, or over; null when live. */
export function notLiveRefusal(liveStatus: number): 'NOT_LIVE' | 'PAUSED' | 'ENDED' | null {
  if (isLiveNow(liveStatus)) return null
  if (isUpcoming(liveStatus)) return 'NOT_LIVE'
  if (isInterrupted(liveStatus)) return 'PAUSED'
  // 103 ended, 104 banned, 107 expired (and codes WeChat may add): no more live-price sales
  return 'ENDED'
}

/** Rule 3: true when the stored live state is older than `maxAgeMs` (or was never read) and must be refreshed. */
export function isStale(
  syncedAt: number | undefined,
  now: number,
  maxAgeMs: number = LIVE_STATE_MAX_AGE_MS,
): boolean {
  if (syncedAt === undefined || !Number.isFinite(syncedAt)) return true
  // exactly maxAgeMs old is still fresh; a syncedAt in the future (clock skew) counts as fresh
  return now - syncedAt > maxAgeMs
}
