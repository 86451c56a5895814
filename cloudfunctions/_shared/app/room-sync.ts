/**
 * Turning WeChat's view of a room (getliveinfo) into ours. A room is written only when its fingerprint
 * moved, its shelf first and the room document last, so a run that stops half way leaves the room's old
 * fingerprint in place and the next run does it again.
 */
import { createHash } from 'node:crypto'
import type { LiveStatus } from '../../../typings/api'
import type { RoomRecord } from '../model'
import type { LiveRoom, Repos, WechatLiveApi } from '../ports'
import { shelfKey } from '../domain/stock'

export interface RoomWrite {
  room: RoomRecord
  created: boolean
}

/** The fields of WeChat's room that we keep, hashed. */
export function fingerprintOf(info: LiveRoom, replayAvailable: boolean): string {
  const goods = info.goods.map((g) => g.goodsId).sort((a, b) => a - b)
  const kept = [
    info.name,
    info.coverUrl,
    info.shareUrl,
    info.feedsUrl,
    info.startAt,
    info.endAt,
    info.anchorName,
    info.liveStatus,
    info.kind,
    info.replayClosed,
    goods,
    replayAvailable,
  ]
  return createHash('sha1').update(JSON.stringify(kept)).digest('hex')
}

/** The room record WeChat's row describes, keeping what only we know (store, anchor account, origin). */
export function roomFromWechat(
  info: LiveRoom,
  stored: RoomRecord | null,
  replayAvailable: boolean,
  now: number,
): RoomRecord {
  return {
    _id: String(info.roomId),
    roomId: info.roomId,
    storeId: stored?.storeId ?? '',
    type: info.kind === 'push' ? 1 : 0,
    name: info.name,
    coverUrl: info.coverUrl,
    shareUrl: info.shareUrl,
    feedsUrl: info.feedsUrl,
    anchorName: info.anchorName,
    ...(stored?.anchorWechat !== undefined && { anchorWechat: stored.anchorWechat }),
    startAt: info.startAt,
    endAt: info.endAt,
    liveStatus: info.liveStatus as LiveStatus,
    replayAvailable,
    replayEnabled: !info.replayClosed,
    wxGoodsIds: info.goods.map((g) => g.goodsId).sort((a, b) => a - b),
    syncedAt: now,
    fingerprint: fingerprintOf(info, replayAvailable),
    origin: stored?.origin ?? 'console',
    createdAt: stored?.createdAt ?? now,
    updatedAt: now,
  }
}

/** Brings the room's shelf in line with the goods WeChat lists on it, writing only differences. */
export async function syncShelf(repos: Repos, room: RoomRecord, now: number): Promise<number> {
  let writes = 0
  const shelf = await repos.shelf.listByRoom(room.roomId)
  const onWechat = new Set(room.wxGoodsIds)
  const known = new Set(shelf.map((s) => s.wxGoodsId))
  for (const item of shelf) {
    const inRoom = onWechat.has(item.wxGoodsId)
    if (item.inRoom !== inRoom) {
      await repos.shelf.update(item._id, { inRoom, updatedAt: now })
      writes++
    }
  }
  // goods put on the room from WeChat's console: put them on our shelf when they are ours and the
  // room has a store (a room created on the console has none until staff assign one)
  if (!room.storeId) return writes
  for (const wxGoodsId of room.wxGoodsIds) {
    if (known.has(wxGoodsId)) continue
    const goods = await repos.goods.byWxGoodsId(wxGoodsId)
    if (!goods || goods.deletedAt || goods.storeId !== room.storeId) continue
    await repos.shelf.add({
      _id: shelfKey(room.roomId, goods._id),
      roomId: room.roomId,
      goodsId: goods._id,
      wxGoodsId,
      storeId: goods.storeId,
      quota: goods.quota,
      sold: 0,
      reserved: 0,
      remaining: goods.quota,
      inRoom: true,
      grabOpen: false,
      onSale: true,
      holds: {},
      addedAt: now,
      updatedAt: now,
    })
    writes++
  }
  return writes
}

/** Writes a room WeChat describes when it changed; returns what it wrote, or null when nothing moved. */
export async function applyRoom(
  repos: Repos,
  info: LiveRoom,
  stored: RoomRecord | null,
  replayAvailable: boolean,
  now: number,
): Promise<RoomWrite | null> {
  const room = roomFromWechat(info, stored, replayAvailable, now)
  if (stored && !stored.deletedAt && stored.fingerprint === room.fingerprint) return null
  await syncShelf(repos, room, now)
  await repos.rooms.put(room)
  return { room, created: !stored }
}

/** WeChat answers at most 50 rooms a page whatever we ask. */
export const ROOM_PAGE = 50

/** One room's row of getliveinfo, paging until it is found; null when WeChat no longer has it. */
export async function findRoomOnWechat(api: WechatLiveApi, roomId: number): Promise<LiveRoom | null> {
  for (let start = 0; ;) {
    const page = await api.listRooms(start, ROOM_PAGE)
    const hit = page.rooms.find((r) => r.roomId === roomId)
    if (hit) return hit
    start += page.rooms.length
    if (page.rooms.length === 0 || start >= page.total) return null
  }
}
