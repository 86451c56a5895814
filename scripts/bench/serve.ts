/**
 * The bench's server process: `cloud` starts a local cloud on a fresh data folder with the demo data, binds
 * the members and starts the room; `bare` starts a bare Node HTTP server. It tells its parent the address
 * over IPC, and on request reports the counters the oversell is computed from.
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
}

export interface Report {
  orders: number
  oversell: number
}

const send = (message: unknown) => process.send?.(message)

function card(n: number) {
  const digits = String(n).padStart(8, '0')
  return { cardNo: `JY${digits.slice(2)}`, phone: `139${digits}` }
}

async function cloudServer(members: number): Promise<void> {
  process.env.QUIET_LOGS = '1'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grab-bench-'))
  const cloud = await startLocalCloud({ dir, timers: false, handlers: 'bundle' })
  await loadDemo(cloud)
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
  const room = (await cloud.db.collection('rooms').get()).data[0] as { roomId: number }
  await fetch(`${cloud.url}/sim/wechat/rooms/${room.roomId}/status`, {
    method: 'POST',
    body: JSON.stringify({ live_status: 101 }),
  })
  cloud.clock.advance(31_000)
  const goods = (await cloud.db.collection('goods').get()).data as Array<{ _id: string }>
  cloud.db.resetCounters()
  send({
    type: 'ready',
    url: `${cloud.url}/fn/order`,
    roomId: room.roomId,
    goodsIds: goods.map((g) => g._id),
  } satisfies Ready & { type: string })
  process.on('message', (m: { type?: string }) => {
    if (m.type !== 'report') return
    void report(cloud, room.roomId).then(async (r) => {
      send({ type: 'report', ...r })
      await cloud.close()
      fs.rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    })
  })
}

/** Sold beyond min(quota, stock) on any goods, from the counters and the orders themselves. */
async function report(cloud: LocalCloud, roomId: number): Promise<Report> {
  let orders = 0
  let oversell = 0
  const goods = (await cloud.db.collection('goods').get()).data as Array<{
    _id: string
    storeId: string
    productCode: string
    packUnit: string
  }>
  for (const g of goods) {
    const shelf = (await cloud.db.collection('shelf').doc(shelfKey(roomId, g._id)).get()).data as {
      sold: number
      reserved: number
      quota: number
    }
    const stock = (
      await cloud.db
        .collection('stock')
        .doc(stockKey(g.storeId, g.productCode, g.packUnit))
        .get()
    ).data as { erpQuantity: number; quantity: number }
    const taken = (await cloud.db.collection('orders').where({ goodsId: g._id, status: 'pending' }).count())
      .total
    orders += taken
    const cap = Math.min(shelf.quota, stock.erpQuantity)
    oversell += Math.max(0, taken - cap, shelf.sold + shelf.reserved - shelf.quota, -stock.quantity)
  }
  console.error(`database operations during the load: ${JSON.stringify(cloud.db.counters())}`)
  return { orders, oversell }
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
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  send({
    type: 'ready',
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    roomId: 0,
    goodsIds: ['g'],
  })
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'report') {
      send({ type: 'report', orders: 0, oversell: 0 })
      server.close(() => process.exit(0))
    }
  })
}

const mode = process.argv[2]
const run = mode === 'bare' ? bareServer() : cloudServer(Number(process.argv[3] ?? 3000))
run.catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
