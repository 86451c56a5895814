/**
 * The merchant use cases over a real in-memory local cloud, the real WeChat client and the simulator.
 * Helpers read state from outside (simulator state, database rows) and check that a refusal neither
 * reached WeChat nor wrote anything.
 */
import { startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { importStores } from '../../cloudfunctions/_shared/app/merchant/feeds'
import { addGoods, type AddGoodsInput } from '../../cloudfunctions/_shared/app/merchant/goods'
import { createRoom, type CreateRoomInput } from '../../cloudfunctions/_shared/app/merchant/rooms'
import type { MerchantDeps } from '../../cloudfunctions/_shared/app/merchant/support'
import type { AuditEntry, GoodsRecord, RoomRecord } from '../../cloudfunctions/_shared/model'
import { BizError } from '../../cloudfunctions/_shared/domain/errors'
import { DEMO_PNG, DEMO_STORES } from '../../scripts/demo'

export const MINUTE = 60_000
export const ACTOR = 'op1'

export interface Harness {
  cloud: LocalCloud
  deps: MerchantDeps
}

export async function startHarness(): Promise<Harness> {
  process.env.QUIET_LOGS = '1'
  const cloud = await startLocalCloud({ dir: null, timers: false, handlers: 'source' })
  const deps = container()
  await importStores(deps, 'setup', DEMO_STORES)
  return { cloud, deps }
}

export interface SimState {
  rooms: Array<{
    roomid: number
    name: string
    live_status: number
    live_type: number
    start_time: number
    end_time: number
    anchor_name: string
    anchor_wechat: string
    shelf: Array<{ goodsId: number; onSale: number }>
    pushing: unknown
  }>
  goods: Array<{
    goods_id: number
    name: string
    audit_status: number
    audit_id: number
    price_yuan: number
    url: string
  }>
  calls: Record<string, number>
}

export async function simState(h: Harness): Promise<SimState> {
  return (await (await fetch(`${h.cloud.url}/sim/wechat/state`)).json()) as SimState
}

/** Every WeChat API call the simulator has received so far (token calls included). */
export async function wechatCalls(h: Harness): Promise<number> {
  return Object.values((await simState(h)).calls).reduce((a, b) => a + b, 0)
}

export async function control(h: Harness, path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${h.cloud.url}/sim/wechat${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`)
  return res.json()
}

export async function rows<T>(
  h: Harness,
  collection: string,
  where: Record<string, unknown> = {},
): Promise<T[]> {
  return (await h.cloud.db.collection(collection).where(where).limit(1000).get()).data as unknown as T[]
}

export const auditRows = (h: Harness, action: string) => rows<AuditEntry>(h, 'audit_log', { action })

/** Runs `fn`, expects a BizError with `code`, and checks WeChat was not called and nothing was written. */
export async function expectRefusedLocally(
  h: Harness,
  code: string,
  fn: () => Promise<unknown>,
): Promise<BizError> {
  const calls = await wechatCalls(h)
  h.cloud.db.resetCounters()
  const error = await fn().then(
    (v) => {
      throw new Error(`expected ${code}, got ${JSON.stringify(v)}`)
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BizError)
  expect((error as BizError).code).toBe(code)
  expect(h.cloud.db.counters().writeOps).toBe(0)
  expect(await wechatCalls(h)).toBe(calls)
  return error as BizError
}

/** Expects a BizError with `code` (WeChat may have been asked). */
export async function expectBizError(code: string, fn: () => Promise<unknown>): Promise<BizError> {
  const error = await fn().then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BizError)
  expect((error as BizError).code).toBe(code)
  return error as BizError
}

let seq = 0

export function goodsInput(over: Partial<AddGoodsInput> = {}): AddGoodsInput {
  seq++
  return {
    storeId: 'S001',
    productCode: `P${String(seq).padStart(6, '0')}`,
    unit: '件',
    name: `测试商品第${seq}号`,
    quota: 10,
    perOrderLimit: 2,
    livePriceFen: 1990,
    grabTiming: 'on_live',
    cover: { data: DEMO_PNG },
    ...over,
  }
}

/** Adds a goods and has the simulator's auditor approve it, then syncs so our record says 2. */
export async function approvedGoods(h: Harness, over: Partial<AddGoodsInput> = {}): Promise<GoodsRecord> {
  const g = await addGoods(h.deps, ACTOR, goodsInput(over))
  await control(h, `/goods/${g.wxGoodsId}/audit`, { audit_status: 2 })
  h.cloud.clock.advance(60_000)
  const sync = await (h.cloud.timers.fire('sync') as Promise<{ ok: boolean }>)
  if (!sync.ok) throw new Error(`sync failed: ${JSON.stringify(sync)}`)
  return (await h.deps.repos.goods.get(g._id)) as GoodsRecord
}

export function roomInput(h: Harness, over: Partial<CreateRoomInput> = {}): CreateRoomInput {
  const startAt = h.cloud.clock.now() + 60 * MINUTE
  return {
    storeId: 'S001',
    type: 'phone',
    title: '天河总店测试直播',
    startAt,
    endAt: startAt + 120 * MINUTE,
    anchorName: '小晋',
    anchorWechat: 'xiaojin_anchor',
    coverImage: { data: DEMO_PNG },
    shareImage: { data: DEMO_PNG },
    feedsImage: { data: DEMO_PNG },
    ...over,
  }
}

export const newRoom = (h: Harness, over: Partial<CreateRoomInput> = {}): Promise<RoomRecord> =>
  createRoom(h.deps, ACTOR, roomInput(h, over))

/** The anchor moves the room on WeChat; the local record follows through a sync. */
export async function setLiveStatus(h: Harness, roomId: number, liveStatus: number): Promise<void> {
  await control(h, `/rooms/${roomId}/status`, { live_status: liveStatus })
  // the sync's timer fires on the next minute
  h.cloud.clock.advance(60_000)
  const sync = await (h.cloud.timers.fire('sync') as Promise<{ ok: boolean }>)
  if (!sync.ok) throw new Error(`sync failed: ${JSON.stringify(sync)}`)
}
