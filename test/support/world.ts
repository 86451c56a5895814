/**
 * A local cloud in memory, on an ephemeral port, with SPEC's demo data loaded through the use cases.
 * Helpers here only drive the system from outside (HTTP, simulator controls) or read its state.
 */
import { startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server'
import { loadDemo } from '../../scripts/demo'
import type { GoodsRecord, RoomRecord, ShelfRecord, StockRecord } from '../../cloudfunctions/_shared/model'
import { shelfKey, stockKey } from '../../cloudfunctions/_shared/domain/stock'
import type { Result } from '../../typings/api'

export interface World {
  cloud: LocalCloud
  room: RoomRecord
  /** The demo goods by product code. */
  goods: Record<string, GoodsRecord>
}

/** `timers: true` runs the functions' timer triggers on the local clock, as `npm start` does. */
export async function startWorld(options: { demo?: boolean; timers?: boolean } = {}): Promise<World> {
  process.env.QUIET_LOGS = '1'
  const cloud = await startLocalCloud({ dir: null, timers: options.timers ?? false, handlers: 'source' })
  if (options.demo === false) return { cloud, room: undefined as unknown as RoomRecord, goods: {} }
  await loadDemo(cloud)
  const rooms = (await cloud.db.collection('rooms').get()).data as unknown as RoomRecord[]
  const goods = (await cloud.db.collection('goods').get()).data as unknown as GoodsRecord[]
  const room = rooms[0]
  if (!room) throw new Error('the demo has no room')
  return { cloud, room, goods: Object.fromEntries(goods.map((g) => [g.productCode, g])) }
}

/** POSTs JSON to a simulator control (or any local path) and returns the parsed answer. */
export async function post<T = unknown>(cloud: LocalCloud, path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${cloud.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return (await res.json()) as T
}

export async function get<T = unknown>(cloud: LocalCloud, path: string): Promise<T> {
  return (await (await fetch(`${cloud.url}${path}`)).json()) as T
}

/** The anchor moves the room (101 live, 103 ended, 105 paused, …); the next order sees it after a refresh. */
export async function setLiveStatus(
  world: World,
  liveStatus: number,
  roomId = world.room.roomId,
): Promise<void> {
  await post(world.cloud, `/sim/wechat/rooms/${roomId}/status`, { live_status: liveStatus })
  // make our stored state stale so the next order refreshes it from WeChat (rule 3: at most 5 s old)
  world.cloud.clock.advance(6_000)
}

/** Card number and phone of the demo's n-th card (JY000001 → 13900000001). */
export function demoCard(n: number): { cardNo: string; phone: string } {
  const digits = String(n).padStart(8, '0')
  return { cardNo: `JY${digits.slice(2)}`, phone: `139${digits}` }
}

/** Binds `openid` to the demo card n; throws when it fails. */
export async function bindMember(world: World, openid: string, n: number): Promise<void> {
  const res = await world.cloud.call<Result<unknown>>(
    'member',
    { action: 'bindCard', ...demoCard(n) },
    openid,
  )
  if (!res.ok) throw new Error(`bind ${openid} → ${res.error.code}`)
}

/** Runs `fn` over `items` with at most `width` in flight. */
export async function inBatches<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i] as T)
      }
    }),
  )
  return out
}

export function expectError(res: Result<unknown>, code: string): void {
  if (res.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(res.data)}`)
  if (res.error.code !== code)
    throw new Error(`expected ${code}, got ${res.error.code}: ${res.error.message}`)
}

/** The room-quota and store-stock counters of one demo goods (by product code), as stored now. */
export async function goodsCounters(
  world: World,
  productCode: string,
): Promise<{ shelf: ShelfRecord; stock: StockRecord }> {
  const g = world.goods[productCode]
  if (!g) throw new Error(`no demo goods ${productCode}`)
  const db = world.cloud.db
  const shelf = (await db.collection('shelf').doc(shelfKey(world.room.roomId, g._id)).get())
    .data as unknown as ShelfRecord
  const stock = (
    await db
      .collection('stock')
      .doc(stockKey(g.storeId, g.productCode, g.packUnit))
      .get()
  ).data as unknown as StockRecord
  return { shelf, stock }
}
