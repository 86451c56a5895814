/**
 * 直播间管理: rooms are created on WeChat through us (with a 开播门店), pulled back by sync, deleted, and
 * give out their share code and push address. WeChat's rules are checked before WeChat is called.
 */
import { z } from 'zod'
import type { RoomRecord } from '../../model'
import type { WechatLiveApi } from '../../ports'
import { LIVE_STATUS } from '../../domain/live'
import { BizError, isBizError } from '../../domain/errors'
import { ROOM_RULES, shanghaiDay, validateRoomDraft } from '../../domain/room-rules'
import { applyRoom, findRoomOnWechat } from '../room-sync'
import { audit, checkImage, imageSchema, parse, refuseIf, uploadImage, type MerchantDeps } from './support'

/** live_status of rooms nothing can be done with any more: ended, banned, expired. */
export const CLOSED_STATUSES: readonly number[] = [LIVE_STATUS.ENDED, LIVE_STATUS.BANNED, LIVE_STATUS.EXPIRED]
const ON_AIR_STATUSES: readonly number[] = [LIVE_STATUS.LIVE, LIVE_STATUS.PAUSED, LIVE_STATUS.ABNORMAL]

export const createRoomInput = z
  .object({
    storeId: z.string().trim().min(1).max(32),
    type: z.enum(['phone', 'push']),
    title: z.string().trim().min(1).max(64),
    startAt: z.number().int().positive(),
    endAt: z.number().int().positive(),
    anchorName: z.string().trim().min(1).max(64),
    /** 主播微信账号: verifies the anchor, never shown to viewers. */
    anchorWechat: z.string().trim().min(1).max(64),
    /** 直播间背景墙 (1080×1920 recommended). */
    coverImage: imageSchema,
    /** 分享卡片封面 (800×640 recommended, ≤ 2 MB). */
    shareImage: imageSchema,
    /** 购物直播频道封面 (800×800 recommended). */
    feedsImage: imageSchema,
  })
  .strict()
export type CreateRoomInput = z.input<typeof createRoomInput>

/**
 * Creates a room on WeChat and stores it with its store. The day's slot (at most 50 a day) is taken
 * before WeChat is called and given back when WeChat refuses; a create whose outcome is unknown
 * (timeout, busy) keeps it, as WeChat may have made the room (the sync will bring it in).
 */
export async function createRoom(
  deps: MerchantDeps,
  actor: string,
  input: CreateRoomInput,
): Promise<RoomRecord> {
  const d = parse(createRoomInput, input)
  const now = deps.clock.now()
  const day = shanghaiDay(now)
  const draft = {
    title: d.title,
    anchorName: d.anchorName,
    startAt: d.startAt,
    endAt: d.endAt,
    storeId: d.storeId,
  }
  refuseIf(validateRoomDraft(draft, now, await deps.repos.rooms.dailySlotsTaken(day)))
  checkImage(d.coverImage, '直播间背景图')
  checkImage(d.shareImage, '分享卡片封面')
  checkImage(d.feedsImage, '购物直播频道封面')
  if (!(await deps.repos.stores.get(d.storeId))) throw new BizError('STORE_NOT_FOUND')
  // the read above may race another creation: the guarded take is what enforces the 50
  if (!(await deps.repos.rooms.takeDailySlot(day, ROOM_RULES.dailyLimit)))
    throw new BizError('ROOM_DAILY_LIMIT')

  let roomId: number
  let api: WechatLiveApi
  try {
    api = await deps.wechat()
    const [coverMediaId, shareMediaId, feedsMediaId] = [
      await uploadImage(api, d.coverImage, 'cover'),
      await uploadImage(api, d.shareImage, 'share'),
      await uploadImage(api, d.feedsImage, 'feeds'),
    ]
    ;({ roomId } = await api.createRoom({
      kind: d.type,
      name: d.title,
      coverMediaId,
      shareMediaId,
      feedsMediaId,
      startAt: d.startAt,
      endAt: d.endAt,
      anchorName: d.anchorName,
      anchorWechat: d.anchorWechat,
      // manual FAQ 15: replays stay available unless the merchant closes them on WeChat's platform
      likeClosed: false,
      goodsClosed: false,
      commentClosed: false,
      replayClosed: false,
      shareClosed: false,
      kfClosed: true,
    }))
  } catch (e) {
    if (!isBizError(e, 'WECHAT_UNAVAILABLE')) await deps.repos.rooms.giveBackDailySlot(day)
    throw e
  }
  const room = await storeCreated(deps, api, roomId, { ...d, type: d.type === 'push' ? 1 : 0 })
  await audit(deps, actor, 'room.create', roomId, {
    storeId: d.storeId,
    name: d.title,
    type: d.type,
    startAt: d.startAt,
    endAt: d.endAt,
  })
  return room
}

/**
 * Stores the new room as WeChat describes it, with what only we know (store, anchor account, origin).
 * When WeChat cannot be read back right now, what we sent is stored with an empty fingerprint, so the
 * next sync rewrites it from WeChat.
 */
async function storeCreated(
  deps: MerchantDeps,
  api: WechatLiveApi,
  roomId: number,
  d: Omit<z.infer<typeof createRoomInput>, 'type'> & { type: 0 | 1 },
): Promise<RoomRecord> {
  const now = deps.clock.now()
  const sent: RoomRecord = {
    _id: String(roomId),
    roomId,
    storeId: d.storeId,
    type: d.type,
    name: d.title,
    coverUrl: '',
    shareUrl: '',
    feedsUrl: '',
    anchorName: d.anchorName,
    anchorWechat: d.anchorWechat,
    startAt: Math.floor(d.startAt / 1000) * 1000,
    endAt: Math.floor(d.endAt / 1000) * 1000,
    liveStatus: LIVE_STATUS.NOT_STARTED,
    replayAvailable: false,
    wxGoodsIds: [],
    syncedAt: now,
    fingerprint: '',
    origin: 'api',
    createdAt: now,
    updatedAt: now,
  }
  const info = await findRoomOnWechat(api, roomId).catch(() => null)
  const written = info ? await applyRoom(deps.repos, info, sent, false, now) : null
  if (written) return written.room
  await deps.repos.rooms.put(sent)
  return sent
}

export const roomIdInput = z.object({ roomId: z.number().int().positive() }).strict()

/** 同步: pulls one room back from WeChat (edited on WeChat's platform, or deleted there). */
export async function syncRoom(
  deps: MerchantDeps,
  actor: string,
  input: { roomId: number },
): Promise<{ room: RoomRecord; changed: boolean }> {
  const { roomId } = parse(roomIdInput, input)
  const stored = await deps.repos.rooms.get(roomId)
  const info = await findRoomOnWechat(await deps.wechat(), roomId)
  const now = deps.clock.now()
  if (!info) {
    if (!stored) throw new BizError('ROOM_NOT_FOUND')
    if (stored.deletedAt) return { room: stored, changed: false }
    await deps.repos.rooms.update(roomId, { deletedAt: now, updatedAt: now })
    await audit(deps, actor, 'room.sync', roomId, { deleted: true })
    return { room: { ...stored, deletedAt: now, updatedAt: now }, changed: true }
  }
  const written = await applyRoom(deps.repos, info, stored, stored?.replayAvailable ?? false, now)
  if (!written) return { room: stored as RoomRecord, changed: false }
  await audit(deps, actor, 'room.sync', roomId, {
    created: written.created,
    liveStatus: written.room.liveStatus,
    name: written.room.name,
  })
  return { room: written.room, changed: true }
}

/** Deletes a room on WeChat, then here (kept, marked deleted, for its orders). Not while on air. */
export async function deleteRoom(
  deps: MerchantDeps,
  actor: string,
  input: { roomId: number },
): Promise<RoomRecord> {
  const room = await storedRoom(deps, parse(roomIdInput, input).roomId)
  if (ON_AIR_STATUSES.includes(room.liveStatus))
    throw new BizError('CONFLICT', '直播进行中的直播间不能删除，请先结束直播')
  // a room already deleted on WeChat's platform ('gone'): ours follows all the same
  await (await deps.wechat()).deleteRoom(room.roomId)
  const now = deps.clock.now()
  await deps.repos.rooms.update(room.roomId, { deletedAt: now, updatedAt: now })
  await audit(deps, actor, 'room.delete', room.roomId, { name: room.name, storeId: room.storeId })
  return { ...room, deletedAt: now, updatedAt: now }
}

/** 分享码: the room's mini-program code and poster, for promoting the broadcast. */
export async function shareCode(
  deps: MerchantDeps,
  _actor: string,
  input: { roomId: number },
): Promise<{ cdnUrl: string; pagePath: string; posterUrl: string }> {
  const room = await storedRoom(deps, parse(roomIdInput, input).roomId)
  return (await deps.wechat()).getSharedCode(room.roomId)
}

/** 推流地址: the RTMP address a push-device room (推流设备直播) streams to. */
export async function pushUrl(
  deps: MerchantDeps,
  _actor: string,
  input: { roomId: number },
): Promise<{ pushAddr: string }> {
  const room = await storedRoom(deps, parse(roomIdInput, input).roomId)
  if (room.type !== 1) throw new BizError('INVALID_INPUT', '只有推流设备直播的直播间才有推流地址')
  if (CLOSED_STATUSES.includes(room.liveStatus))
    throw new BizError('CONFLICT', '直播间已结束，不能再获取推流地址')
  return (await deps.wechat()).getPushUrl(room.roomId)
}

/** The stored room, unless missing or deleted. */
export async function storedRoom(deps: MerchantDeps, roomId: number): Promise<RoomRecord> {
  const room = await deps.repos.rooms.get(roomId)
  if (!room || room.deletedAt) throw new BizError('ROOM_NOT_FOUND')
  return room
}
