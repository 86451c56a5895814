/**
 * Test controls under /sim/wechat: play the anchor, the auditor, the MP console; inject faults;
 * reset, inspect and reconfigure the simulator. Replies are JSON; failures carry { error: {code, message} }.
 */
import { z } from 'zod'
import { mergeConfig } from './config'
import type { FaultRegistry } from './faults'
import { FaultSchema } from './faults'
import { newRoom, roomInfo } from './rooms'
import type { SimRoom, SimState } from './state'
import { mediaUrl, sortedRooms, sweep } from './state'
import { warehouseRow } from './goods'
import { ControlError } from '../http'

/** What the controls need from the simulator. */
export interface ControlHost {
  state: SimState
  faults: FaultRegistry
  nowSec(): number
  reset(): void
}

export interface ControlReply {
  status: number
  body: unknown
}

type Handler = (host: ControlHost, params: string[], body: unknown) => unknown

interface ControlRoute {
  method: string
  pattern: RegExp
  handler: Handler
}

/**
 * Which live_status an anchor/operator action may move a room to (reference §10):
 * an expired room (107) can never start; ended (103) and banned (104) are final.
 */
const TRANSITIONS: Record<number, number[]> = {
  102: [101, 104, 107],
  101: [103, 104, 105, 106],
  105: [101, 103, 104],
  106: [101, 103, 104],
  107: [104],
  103: [],
  104: [],
}

function roomOf(host: ControlHost, id: string | undefined): SimRoom {
  const room = host.state.rooms[String(Number(id))]
  if (!room) throw new ControlError(404, 'ROOM_NOT_FOUND', `room ${id} does not exist`)
  return room
}

function setStatus(host: ControlHost, [id]: string[], body: unknown): unknown {
  const { live_status: to } = z.object({ live_status: z.number().int() }).parse(body)
  const room = roomOf(host, id)
  const from = room.liveStatus
  if (from !== to && !(TRANSITIONS[from] ?? []).includes(to)) {
    throw new ControlError(409, 'INVALID_TRANSITION', `live_status ${from} cannot become ${to}`)
  }
  const now = host.nowSec()
  room.liveStatus = to
  if (to === 103 && from !== 103) room.endedAt = now
  if (to === 106) room.anomalyAt = now
  if (to === 101) delete room.anomalyAt
  return { room: roomInfo(host.state, room) }
}

function audit(host: ControlHost, [id]: string[], body: unknown): unknown {
  const { audit_status } = z.object({ audit_status: z.union([z.literal(2), z.literal(3)]) }).parse(body)
  const goods = host.state.goods[String(Number(id))]
  if (!goods) throw new ControlError(404, 'GOODS_NOT_FOUND', `goods ${id} does not exist`)
  if (goods.auditStatus !== 1)
    throw new ControlError(409, 'NOT_UNDER_AUDIT', `goods ${id} has audit_status ${goods.auditStatus}, not 1`)
  goods.auditStatus = audit_status
  delete goods.submittedAt
  return { goods: warehouseRow(host.state, goods) }
}

/** The fields the MP console can change, in getliveinfo's naming. */
const ConsoleRoomSchema = z
  .object({
    name: z.string().min(1),
    start_time: z.number().int(),
    end_time: z.number().int(),
    anchor_name: z.string().min(1),
    anchor_wechat: z.string().min(1),
    cover_img: z.string().min(1),
    share_img: z.string().min(1),
    feeds_img: z.string().min(1),
    live_type: z.union([z.literal(0), z.literal(1)]),
    close_like: z.number().int(),
    close_goods: z.number().int(),
    close_comment: z.number().int(),
    close_replay: z.number().int(),
    close_kf: z.number().int(),
    is_feeds_public: z.number().int(),
  })
  .partial()
  .strict()

type ConsoleFields = z.infer<typeof ConsoleRoomSchema>

/** The console accepts images as URLs (it uploads them itself); a bare id is turned into one. */
function imageUrl(v: string): string {
  return /^https?:\/\//.test(v) ? v : mediaUrl(v)
}

function applyConsole(room: SimRoom, f: ConsoleFields): void {
  const map: Array<[keyof ConsoleFields, (v: never) => void]> = [
    ['name', (v: string) => (room.name = v)],
    ['start_time', (v: number) => (room.startTime = v)],
    ['end_time', (v: number) => (room.endTime = v)],
    ['anchor_name', (v: string) => (room.anchorName = v)],
    ['anchor_wechat', (v: string) => (room.anchorWechat = v)],
    ['cover_img', (v: string) => (room.coverImg = imageUrl(v))],
    ['share_img', (v: string) => (room.shareImg = imageUrl(v))],
    ['feeds_img', (v: string) => (room.feedsImg = imageUrl(v))],
    ['live_type', (v: 0 | 1) => (room.type = v)],
    ['close_like', (v: number) => (room.closeLike = v)],
    ['close_goods', (v: number) => (room.closeGoods = v)],
    ['close_comment', (v: number) => (room.closeComment = v)],
    ['close_replay', (v: number) => (room.closeReplay = v)],
    ['close_kf', (v: number) => (room.closeKf = v)],
    ['is_feeds_public', (v: number) => (room.isFeedsPublic = v)],
  ]
  for (const [key, set] of map) if (f[key] !== undefined) set(f[key] as never)
}

function consoleEdit(host: ControlHost, [id]: string[], body: unknown): unknown {
  const room = roomOf(host, id)
  applyConsole(room, ConsoleRoomSchema.parse(body ?? {}))
  // an edited end time may put a never-started room past its end at once
  sweep(host.state, host.nowSec())
  return { room: roomInfo(host.state, room) }
}

function consoleCreate(host: ControlHost, _params: string[], body: unknown): unknown {
  const fields = ConsoleRoomSchema.parse(body ?? {})
  const state = host.state
  const start = fields.start_time ?? host.nowSec() + 3600
  const room = newRoom(state.nextRoomId++, fields.live_type ?? 0, true)
  applyConsole(room, {
    name: '控制台创建的直播间',
    anchor_name: '控制台主播',
    anchor_wechat: 'console_anchor',
    cover_img: 'console_cover',
    share_img: 'console_share',
    feeds_img: 'console_feeds',
    start_time: start,
    end_time: start + 7200,
    ...fields,
  })
  state.rooms[String(room.roomid)] = room
  return { room: roomInfo(state, room) }
}

function consoleDelete(host: ControlHost, [id]: string[]): unknown {
  const room = roomOf(host, id)
  delete host.state.rooms[String(room.roomid)]
  return { deleted: room.roomid }
}

function addFault(host: ControlHost, _p: string[], body: unknown): unknown {
  host.faults.add(FaultSchema.parse(body))
  return { faults: host.faults.list() }
}

function setConfig(host: ControlHost, _p: string[], body: unknown): unknown {
  host.state.config = mergeConfig(host.state.config, body)
  return { config: host.state.config }
}

/** GET /sim/wechat/state: the whole world as tests want to read it. */
export function stateView(host: ControlHost): unknown {
  const s = host.state
  sweep(s, host.nowSec())
  return {
    rooms: sortedRooms(s).map((r) => ({
      ...roomInfo(s, r),
      anchor_wechat: r.anchorWechat,
      console: r.console,
      shelf: r.goods,
      pushing: r.pushing ?? null,
    })),
    goods: Object.values(s.goods).map((g) => ({
      ...warehouseRow(s, g),
      audit_id: g.auditId,
      price_yuan: g.price,
      price2_yuan: g.price2,
    })),
    media: Object.keys(s.media).length,
    tokens: s.tokens,
    calls: s.calls,
    quotaUsed: s.quotaUsed,
    faults: host.faults.list(),
    config: s.config,
  }
}

const ROUTES: ControlRoute[] = [
  { method: 'POST', pattern: /^\/rooms\/(\d+)\/status$/, handler: setStatus },
  { method: 'POST', pattern: /^\/goods\/(\d+)\/audit$/, handler: audit },
  { method: 'POST', pattern: /^\/rooms\/(\d+)\/edit$/, handler: consoleEdit },
  { method: 'POST', pattern: /^\/rooms\/console-create$/, handler: consoleCreate },
  { method: 'POST', pattern: /^\/rooms\/(\d+)\/delete-console$/, handler: consoleDelete },
  { method: 'POST', pattern: /^\/faults$/, handler: addFault },
  { method: 'DELETE', pattern: /^\/faults$/, handler: (h) => (h.faults.clear(), { faults: [] }) },
  { method: 'POST', pattern: /^\/reset$/, handler: (h) => (h.reset(), { reset: true }) },
  { method: 'GET', pattern: /^\/state$/, handler: (h) => stateView(h) },
  { method: 'GET', pattern: /^\/config$/, handler: (h) => ({ config: h.state.config }) },
  { method: 'POST', pattern: /^\/config$/, handler: setConfig },
]

export function runControl(host: ControlHost, method: string, path: string, body: unknown): ControlReply {
  const matches = ROUTES.filter((r) => r.pattern.test(path))
  const route = matches.find((r) => r.method === method)
  if (!route) {
    return matches.length > 0
      ? { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', message: `${method} ${path}` } } }
      : { status: 404, body: { error: { code: 'NOT_FOUND', message: `no simulator control at ${path}` } } }
  }
  try {
    const params = route.pattern.exec(path)?.slice(1) ?? []
    return { status: 200, body: route.handler(host, params, body) }
  } catch (e) {
    if (e instanceof ControlError)
      return { status: e.status, body: { error: { code: e.code, message: e.message } } }
    if (e instanceof z.ZodError)
      return { status: 400, body: { error: { code: 'INVALID_INPUT', message: e.message } } }
    throw e
  }
}
