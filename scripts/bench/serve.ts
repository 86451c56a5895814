/**
 * The bench's server processes:
 * - `cloud`: a local cloud on a fresh data folder with the demo data, N members bound through the member
 *   function, the room started — today's grab, where most calls are refused once the goods sell out;
 * - `accepted`: the same, with N members bound (written as the binding leaves them) and one goods whose quota
 *   and stock are large, so that every call is a real order with a 扫呗 prepay through the simulator;
 * - `bare`: a bare Node HTTP server, the yardstick.
 * It tells its parent the address over IPC, and on request reports what the checks are computed from.
 */
import http from 'node:http'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { startLocalCloud, type LocalCloud } from '../local-cloud/server'
import { loadDemo } from '../demo'
import { importCards } from '../../cloudfunctions/_shared/app/merchant/feeds'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { shelfKey, stockKey } from '../../cloudfunctions/_shared/domain/stock'

export interface Ready {
  url: string
  roomId: number
  goodsIds: string[]
  /** The local cloud's base URL (the simulators' controls). */
  base: string
}

export interface GoodsCheck {
  goodsId: string
  quota: number
  erpQuantity: number
  /** Orders by status. */
  orders: Record<string, number>
  shelf: { sold: number; reserved: number; remaining: number; holds: number; ends: number }
  stock: { quantity: number; reserved: number; holds: number; ends: number }
}

export interface Report {
  orders: number
  oversell: number
  goods: GoodsCheck[]
  /** 扫呗 simulator: orders paid, notices sent and answered with success. */
  saobei: { paid: number; notices: number; answered: number }
  db: Record<string, number>
  bytesByCollection: Record<string, number>
}

/** The accepted-order bench's goods: quota and stock far beyond what a run sells. */
export const LARGE = 10_000_000

const send = (message: unknown) => process.send?.(message)

function card(n: number) {
  const digits = String(n).padStart(8, '0')
  return { cardNo: `JY${digits.slice(2)}`, phone: `139${digits}` }
}

async function startCloud(): Promise<{ cloud: LocalCloud; dir: string }> {
  process.env.QUIET_LOGS = '1'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grab-bench-'))
  const cloud = await startLocalCloud({ dir, timers: false, handlers: 'bundle' })
  await loadDemo(cloud)
  return { cloud, dir }
}

async function startRoom(cloud: LocalCloud): Promise<number> {
  const room = (await cloud.db.collection('rooms').get()).data[0] as { roomId: number }
  await fetch(`${cloud.url}/sim/wechat/rooms/${room.roomId}/status`, {
    method: 'POST',
    body: JSON.stringify({ live_status: 101 }),
  })
  cloud.clock.advance(31_000)
  return room.roomId
}

/** Today's grab: N members bound through the member function, the demo's goods as they are. */
async function cloudServer(members: number): Promise<void> {
  const { cloud, dir } = await startCloud()
  const extra = Array.from({ length: Math.max(0, members - 1000) }, (_, i) => ({
    ...card(1001 + i),
    level: '普通卡',
    status: 'active' as const,
  }))
  if (extra.length) await importCards(container(), 'bench', extra)
  for (let n = 1; n <= members; n += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, members - n + 1) }, (_, k) =>
        cloud.call('member', { action: 'bindCard', ...card(n + k) }, `o_b${n + k}`),
      ),
    )
  }
  const roomId = await startRoom(cloud)
  const goods = (await cloud.db.collection('goods').get()).data as Array<{ _id: string }>
  serve(
    cloud,
    dir,
    roomId,
    goods.map((g) => g._id),
  )
}

/** Every call a real order: N bound members and one goods with a large quota and stock. */
async function acceptedServer(members: number): Promise<void> {
  const { cloud, dir } = await startCloud()
  const db = cloud.db
  const goods = (await db.collection('goods').where({ productCode: '030111001' }).get()).data[0] as {
    _id: string
    storeId: string
    productCode: string
    packUnit: string
  }
  const roomId = await startRoom(cloud)
  await db
    .collection('shelf')
    .doc(shelfKey(roomId, goods._id))
    .update({ data: { quota: LARGE, remaining: LARGE } })
  await db
    .collection('stock')
    .doc(stockKey(goods.storeId, goods.productCode, goods.packUnit))
    .update({ data: { quantity: LARGE, erpQuantity: LARGE } })
  // members bound as the binding leaves them (a card bound to an OPENID), written straight to the database
  const at = cloud.clock.now()
  for (let n = 1; n <= members; n += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, members - n + 1) }, async (_, k) => {
        const cardNo = `BA${String(n + k).padStart(7, '0')}`
        await db.collection('cards').add({
          data: {
            _id: cardNo,
            phone: `137${String(n + k).padStart(8, '0')}`,
            level: '普通卡',
            status: 'active',
            boundOpenid: `o_a${n + k}`,
            boundAt: at,
            updatedAt: at,
          },
        })
        await db.collection('members').add({ data: { _id: `o_a${n + k}`, cardNo, boundAt: at } })
      }),
    )
  }
  serve(cloud, dir, roomId, [goods._id])
}

function serve(cloud: LocalCloud, dir: string, roomId: number, goodsIds: string[]): void {
  cloud.db.resetCounters()
  send({ type: 'ready', url: `${cloud.url}/fn/order`, base: cloud.url, roomId, goodsIds } satisfies Ready & {
    type: string
  })
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'settle') {
      // what was sent to 扫呗 and came due meanwhile (a notice retry) has been delivered before the check
      void cloud.saobei.runDue().then(() => send({ type: 'settled' }))
      return
    }
    if (m.type !== 'report') return
    void report(cloud, roomId).then(async (r) => {
      send({ type: 'report', ...r })
      await cloud.close()
      fs.rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    })
  })
}

/** Orders, counters and the 扫呗 book of every goods: what the oversell and exactness checks read. */
async function report(cloud: LocalCloud, roomId: number): Promise<Report> {
  const db = cloud.db
  const counters = db.counters()
  const goods = (await db.collection('goods').get()).data as Array<{
    _id: string
    storeId: string
    productCode: string
    packUnit: string
  }>
  let orders = 0
  let oversell = 0
  const checks: GoodsCheck[] = []
  const size = (m: unknown) => Object.keys((m as object | undefined) ?? {}).length
  for (const g of goods) {
    const shelfRow = (
      await db
        .collection('shelf')
        .where({ _id: shelfKey(roomId, g._id) })
        .get()
    ).data[0]
    const stockRow = (
      await db
        .collection('stock')
        .where({ _id: stockKey(g.storeId, g.productCode, g.packUnit) })
        .get()
    ).data[0]
    if (!shelfRow || !stockRow) continue
    const shelf = shelfRow as Record<string, unknown> & {
      sold: number
      reserved: number
      remaining: number
      quota: number
    }
    const stock = stockRow as Record<string, unknown> & {
      erpQuantity: number
      quantity: number
      reserved: number
    }
    const byStatus: Record<string, number> = {}
    for (const status of ['reserving', 'pending', 'paid', 'failed', 'cancelled', 'closed', 'refunded']) {
      const n = (await db.collection('orders').where({ goodsId: g._id, status }).count()).total
      if (n > 0) byStatus[status] = n
    }
    const taken = (byStatus.pending ?? 0) + (byStatus.paid ?? 0)
    orders += taken
    const cap = Math.min(shelf.quota, stock.erpQuantity)
    oversell += Math.max(0, taken - cap, shelf.sold + shelf.reserved - shelf.quota, -stock.quantity)
    checks.push({
      goodsId: g._id,
      quota: shelf.quota,
      erpQuantity: stock.erpQuantity,
      orders: byStatus,
      shelf: {
        sold: shelf.sold,
        reserved: shelf.reserved,
        remaining: shelf.remaining,
        holds: size(shelf.holds),
        ends: size(shelf.ends),
      },
      stock: {
        quantity: stock.quantity,
        reserved: stock.reserved,
        holds: size(stock.holds),
        ends: size(stock.ends),
      },
    })
  }
  const book = cloud.saobei.state()
  const answered = book.notices.filter(
    (n) => 'status' in n.reply && (n.reply.body as { return_code?: string } | null)?.return_code === '01',
  ).length
  const store = (db as unknown as { engine?: { store?: { bytesByCollection?: Map<string, number> } } }).engine
    ?.store
  return {
    orders,
    oversell,
    goods: checks,
    saobei: {
      paid: book.orders.filter((o) => o.state === 'SUCCESS').length,
      notices: book.notices.length,
      answered,
    },
    db: { ...counters },
    bytesByCollection: Object.fromEntries(store?.bytesByCollection ?? []),
  }
}

async function bareServer(): Promise<void> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true,"data":{}}')
    })
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
  send({ type: 'ready', url, base: url, roomId: 0, goodsIds: ['g'] })
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'report') {
      send({
        type: 'report',
        orders: 0,
        oversell: 0,
        goods: [],
        saobei: { paid: 0, notices: 0, answered: 0 },
        db: {},
        bytesByCollection: {},
      })
      server.close(() => process.exit(0))
    }
  })
}

const mode = process.argv[2]
const count = Number(process.argv[3] ?? 3000)
const run = mode === 'bare' ? bareServer() : mode === 'accepted' ? acceptedServer(count) : cloudServer(count)
run.catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
