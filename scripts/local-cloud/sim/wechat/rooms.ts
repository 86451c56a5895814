/** Room endpoints (reference §1, §2): create, edit, delete, shelf import, push URL, share code, list, replay. */
import { createHash } from 'node:crypto'
import type { ApiContext, ApiResult } from './api-context'
import type { SimGoods, SimRoom, SimState } from './state'
import { mediaUrl, sortedRooms } from './state'
import type { RoomFields } from './validation'
import { requireInt, toNumber, validateRoom, WxFail } from './validation'

const ROOM_MISSING = 'roomid is not exsit' // sic, WeChat's spelling
const STATUS_BLOCKED = 'the current room status does not allow this operation'
/** Statuses in which a room can no longer be operated on: ended, banned, expired. */
const CLOSED_STATUSES = [103, 104, 107]
const LIVE_STATUSES = [101, 105, 106]
const PLUGIN_APPID = 'wx2b03c6e691cd7370'

export function requireRoom(state: SimState, roomId: number): SimRoom {
  const room = state.rooms[String(roomId)]
  if (!room) throw new WxFail(300022, ROOM_MISSING)
  return room
}

function requireOpenRoom(state: SimState, roomId: number): SimRoom {
  const room = requireRoom(state, roomId)
  if (CLOSED_STATUSES.includes(room.liveStatus)) throw new WxFail(300023, STATUS_BLOCKED)
  return room
}

function readFlag(body: Record<string, unknown>, field: string): 0 | 1 {
  const n = toNumber(body[field])
  if (n !== 0 && n !== 1) throw new WxFail(200002, `parameter ${field} must no be null`)
  return n
}

function applyFields(room: SimRoom, f: RoomFields): void {
  Object.assign(room, {
    name: f.name,
    startTime: f.startTime,
    endTime: f.endTime,
    anchorName: f.anchorName,
    anchorWechat: f.anchorWechat,
    coverImg: mediaUrl(f.coverImg),
    shareImg: mediaUrl(f.shareImg),
    feedsImg: mediaUrl(f.feedsImg),
    closeLike: f.closeLike,
    closeGoods: f.closeGoods,
    closeComment: f.closeComment,
    closeReplay: f.closeReplay,
    closeShare: f.closeShare,
    closeKf: f.closeKf,
    isFeedsPublic: f.isFeedsPublic,
  })
}

function checkOptionalWechat(
  state: SimState,
  value: unknown,
  anchor: string,
  errcode: number,
): string | undefined {
  if (value === undefined || value === '') return undefined
  const id = String(value)
  const bad =
    !/^[-_A-Za-z0-9]{1,40}$/.test(id) ||
    (errcode === 300039 && (id === anchor || state.config.unverifiedAnchors.includes(id)))
  if (bad)
    throw new WxFail(errcode, errcode === 300039 ? 'sub anchor wechat invalid' : 'creater wechat invalid')
  return id
}

/** POST room/create → { roomId }. Room ids are small sequential integers. */
export function createRoom({ state, body, nowSec }: ApiContext): ApiResult {
  const fields = validateRoom(body, state, nowSec, 'create')
  const type = readFlag(body, 'type')
  const subAnchorWechat = checkOptionalWechat(state, body['subAnchorWechat'], fields.anchorWechat, 300039)
  const createrWechat = checkOptionalWechat(state, body['createrWechat'], fields.anchorWechat, 300041)
  const roomid = state.nextRoomId++
  const room = newRoom(roomid, type, false)
  applyFields(room, fields)
  if (subAnchorWechat) room.subAnchorWechat = subAnchorWechat
  if (createrWechat) room.createrWechat = createrWechat
  state.rooms[String(roomid)] = room
  return { roomId: roomid, qrcode_url: '' }
}

export function newRoom(roomid: number, type: 0 | 1, consoleMade: boolean): SimRoom {
  return {
    roomid,
    type,
    console: consoleMade,
    name: '',
    coverImg: '',
    shareImg: '',
    feedsImg: '',
    startTime: 0,
    endTime: 0,
    anchorName: '',
    anchorWechat: '',
    closeLike: 0,
    closeGoods: 0,
    closeComment: 0,
    closeReplay: 1,
    closeShare: 0,
    closeKf: 1,
    isFeedsPublic: 1,
    liveStatus: 102,
    goods: [],
  }
}

/** POST room/editroom: only a room that has not started can be edited; while live → 300042. */
export function editRoom({ state, body, nowSec }: ApiContext): ApiResult {
  const room = requireRoom(state, requireInt(body, 'id', 'parameter id must no be null'))
  if (room.liveStatus === 101) throw new WxFail(300042, 'room is living, can not edit')
  if (room.liveStatus !== 102) throw new WxFail(300023, STATUS_BLOCKED)
  applyFields(room, validateRoom(body, state, nowSec, 'edit'))
  return {}
}

/** POST room/deleteroom `{id}`: a room on air (101/105/106) cannot be deleted. */
export function deleteRoom({ state, body }: ApiContext): ApiResult {
  const room = requireRoom(state, requireInt(body, 'id', 'parameter id must no be null'))
  if (LIVE_STATUSES.includes(room.liveStatus)) throw new WxFail(300023, STATUS_BLOCKED)
  delete state.rooms[String(room.roomid)]
  return {}
}

/** POST room/addgoods `{ids, roomId}`: approved goods only; ones already on the shelf are skipped. */
export function addGoodsToRoom({ state, body }: ApiContext): ApiResult {
  const ids = body['ids']
  if (!Array.isArray(ids) || ids.length === 0) throw new WxFail(200002, 'goodsInfo must not be empty')
  const room = requireOpenRoom(state, requireInt(body, 'roomId'))
  const goodsIds = ids.map((v) => toNumber(v) ?? NaN)
  for (const id of goodsIds) {
    const goods = state.goods[String(id)]
    if (!goods) throw new WxFail(300024, 'goods is not exist')
    if (goods.auditStatus !== 2) throw new WxFail(300025, 'goods is not audit pass')
  }
  const fresh = [...new Set(goodsIds)].filter((id) => !room.goods.some((g) => g.goodsId === id))
  if (room.goods.length + fresh.length > state.config.roomGoodsCap)
    throw new WxFail(300033, 'goods count exceeds room limit')
  for (const goodsId of fresh) room.goods.push({ goodsId, onSale: 1 })
  return {}
}

function queryRoomId(ctx: ApiContext, errcode: number): number {
  const n = toNumber(ctx.query.get('roomId'))
  if (n === undefined || !Number.isInteger(n)) throw new WxFail(errcode, 'invalid param roomId')
  return n
}

/** GET room/getpushurl?roomId= */
export function getPushUrl(ctx: ApiContext): ApiResult {
  const room = requireOpenRoom(ctx.state, queryRoomId(ctx, 200002))
  const txSecret = createHash('md5').update(`${ctx.appid}-${room.roomid}-${room.endTime}`).digest('hex')
  const txTime = room.endTime.toString(16).toUpperCase()
  return {
    pushAddr: `rtmp://wxalivepush.weixin.qq.com/live/${ctx.appid}-${room.roomid}?txSecret=${txSecret}&txTime=${txTime}`,
  }
}

/** GET room/getsharedcode?roomId=&params= (params is opaque and has no visible effect). */
export function getSharedCode(ctx: ApiContext): ApiResult {
  const room = requireOpenRoom(ctx.state, queryRoomId(ctx, 1001))
  return {
    cdnUrl: `https://mmbiz.qpic.cn/mmbiz_png/live_share_${room.roomid}/0`,
    pagePath: `plugin-private://${PLUGIN_APPID}/pages/live-player-plugin?room_id=${room.roomid}`,
    posterUrl: `https://mmbiz.qpic.cn/mmbiz_png/live_poster_${room.roomid}/0`,
  }
}

/** POST room/updatereplay `{roomId, closeReplay}`. */
export function updateReplay({ state, body }: ApiContext): ApiResult {
  const room = requireRoom(state, requireInt(body, 'roomId'))
  if (room.liveStatus === 104 || room.liveStatus === 107) throw new WxFail(300023, STATUS_BLOCKED)
  room.closeReplay = readFlag(body, 'closeReplay')
  return {}
}

/** The getliveinfo row of a room: lowercase `roomid`, snake_case fields, shelf prices in fen. */
export function roomInfo(state: SimState, room: SimRoom): Record<string, unknown> {
  const goods = room.goods.flatMap((item) => {
    const g = state.goods[String(item.goodsId)]
    return g ? [roomGoodsRow(g)] : []
  })
  return {
    roomid: room.roomid,
    name: room.name,
    cover_img: room.coverImg,
    share_img: room.shareImg,
    feeds_img: room.feedsImg,
    live_status: room.liveStatus,
    start_time: room.startTime,
    end_time: room.endTime,
    anchor_name: room.anchorName,
    goods,
    live_type: room.type,
    close_like: room.closeLike,
    close_goods: room.closeGoods,
    close_comment: room.closeComment,
    close_kf: room.closeKf,
    close_replay: room.closeReplay,
    is_feeds_public: room.isFeedsPublic,
    creater_openid: '',
  }
}

function roomGoodsRow(g: SimGoods): Record<string, unknown> {
  return {
    goods_id: g.goodsId,
    name: g.name,
    cover_img: g.coverImgUrl,
    url: g.url,
    price: Math.round(g.price * 100),
    price2: Math.round(g.price2 * 100),
    price_type: g.priceType,
    third_party_appid: g.thirdPartyAppid,
  }
}

/** POST getliveinfo: a page of rooms, or with action get_replay the replays of one room. */
export function getLiveInfo(ctx: ApiContext): ApiResult {
  const { state, body } = ctx
  const start = requireInt(body, 'start')
  const limit = requireInt(body, 'limit')
  if (start < 0 || limit < 1) throw new WxFail(200002, 'parameter start or limit is invalid')
  if (body['action'] !== undefined && body['action'] !== 'get_replay')
    throw new WxFail(200002, 'parameter action is invalid')
  if (body['action'] === 'get_replay') return replays(ctx, start, limit)
  const rooms = sortedRooms(state)
  if (rooms.length === 0 && state.config.emptyListErrcode !== 0)
    throw new WxFail(state.config.emptyListErrcode, 'no room created')
  const page = rooms.slice(start, start + Math.min(limit, state.config.pageCap))
  return { total: rooms.length, room_info: page.map((r) => roomInfo(state, r)) }
}

function replays(ctx: ApiContext, start: number, limit: number): ApiResult {
  const room = requireRoom(ctx.state, requireInt(ctx.body, 'room_id', 'parameter room_id must no be null'))
  const list = replayOf(ctx.state, room, ctx.nowSec)
  return { total: list.length, live_replay: list.slice(start, start + limit) }
}

/** A replay exists once the room ended, the configured delay passed, and the replay switch allows it. */
function replayOf(state: SimState, room: SimRoom, nowSec: number): Array<Record<string, unknown>> {
  const { replayMode, replayDelaySec } = state.config
  if (replayMode === 'never' || room.liveStatus !== 103 || room.endedAt === undefined) return []
  if (replayMode === 'when-close-replay-0' && room.closeReplay !== 0) return []
  const createdAt = room.endedAt + replayDelaySec
  if (nowSec < createdAt) return []
  return [
    {
      create_time: shanghaiTime(createdAt),
      expire_time: shanghaiTime(createdAt + 3 * 365 * 86400),
      media_url: `https://res.wx.qq.com/voddrm/live_replay_${room.roomid}.mp4`,
    },
  ]
}

function shanghaiTime(sec: number): string {
  return new Date((sec + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ')
}
