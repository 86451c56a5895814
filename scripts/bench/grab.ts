/**
 * npm run bench: the grab. A fresh local cloud with the demo data, N bound members, the room started, then
 * concurrent order.create calls over HTTP with autocannon; in the same run a bare Node HTTP server on
 * loopback under the same load, for the ratio. Prints orders/s, p50/p99 latency, the ratio and the oversell.
 */
import http from 'node:http'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import autocannon from 'autocannon'
import { startLocalCloud } from '../local-cloud/server'
import { loadDemo } from '../demo'
import { importCards } from '../../cloudfunctions/_shared/app/merchant/feeds'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { stockKey, shelfKey } from '../../cloudfunctions/_shared/domain/stock'

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 3000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200)
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15)

interface Figures {
  rps: number
  p50: number
  p99: number
  requests: number
  errors: number
  non2xx: number
}

async function load(url: string, requestFor: (i: number) => { headers: Record<string, string>; body: string }): Promise<Figures> {
  let i = 0
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [{ setupRequest: (req) => ({ ...req, ...requestFor(i++) }) }],
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  }
}

async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
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
  const port = (server.address() as { port: number }).port
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) }
}

async function main(): Promise<void> {
  process.env.QUIET_LOGS = '1'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grab-bench-'))
  const cloud = await startLocalCloud({ dir, timers: false, handlers: 'bundle' })
  console.log(`local cloud ${cloud.url}, data ${dir}`)
  await loadDemo(cloud)

  const cards = Array.from({ length: Math.max(0, MEMBERS - 1000) }, (_, i) => {
    const digits = String(1001 + i).padStart(8, '0')
    return { cardNo: `JY${digits.slice(2)}`, phone: `139${digits}`, level: '普通卡', status: 'active' as const }
  })
  if (cards.length) await importCards(container(), 'bench', cards)
  for (let n = 1; n <= MEMBERS; n += 100) {
    await Promise.all(Array.from({ length: Math.min(100, MEMBERS - n + 1) }, (_, k) => {
      const digits = String(n + k).padStart(8, '0')
      return cloud.call('member', { action: 'bindCard', cardNo: `JY${digits.slice(2)}`, phone: `139${digits}` }, `o_b${n + k}`)
    }))
  }
  const room = (await cloud.db.collection('rooms').get()).data[0] as { roomId: number }
  const goods = (await cloud.db.collection('goods').get()).data as Array<{ _id: string; storeId: string; productCode: string; packUnit: string; quota: number }>
  await fetch(`${cloud.url}/sim/wechat/rooms/${room.roomId}/status`, { method: 'POST', body: JSON.stringify({ live_status: 101 }) })
  cloud.clock.advance(31_000)
  console.log(`${MEMBERS} members bound, room ${room.roomId} live; ${CONNECTIONS} connections for ${DURATION_S}s`)

  const grab = await load(`${cloud.url}/fn/order`, (i) => {
    const member = (i % MEMBERS) + 1
    const g = goods[Math.floor(i / MEMBERS) % goods.length]!
    return {
      headers: { 'content-type': 'application/json', 'x-wx-openid': `o_b${member}` },
      body: JSON.stringify({ action: 'create', roomId: room.roomId, goodsId: g._id, qty: 1, requestId: `bench-${i}` }),
    }
  })

  let oversell = 0
  let orders = 0
  for (const g of goods) {
    const shelf = (await cloud.db.collection('shelf').doc(shelfKey(room.roomId, g._id)).get()).data as { sold: number; reserved: number; quota: number }
    const stock = (await cloud.db.collection('stock').doc(stockKey(g.storeId, g.productCode, g.packUnit)).get()).data as { erpQuantity: number }
    const taken = (await cloud.db.collection('orders').where({ goodsId: g._id, status: 'pending' }).count()).total
    orders += taken
    oversell += Math.max(0, taken - Math.min(shelf.quota, stock.erpQuantity)) + Math.max(0, shelf.sold + shelf.reserved - shelf.quota)
  }
  await cloud.close()

  const bare = await bareServer()
  const base = await load(bare.url, () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'create', roomId: 1, goodsId: 'g', qty: 1, requestId: 'x' }) }))
  await bare.close()

  console.log('')
  console.log(`order.create      ${grab.rps.toFixed(0)} calls/s   p50 ${grab.p50} ms   p99 ${grab.p99} ms   (${grab.requests} calls, ${grab.errors} errors, ${grab.non2xx} non-2xx)`)
  console.log(`bare node http    ${base.rps.toFixed(0)} req/s     p50 ${base.p50} ms   p99 ${base.p99} ms`)
  console.log(`ratio             ${(grab.rps / base.rps).toFixed(3)}`)
  console.log(`orders created    ${orders} (sold out at min(quota, stock) per goods)`)
  console.log(`oversell          ${oversell}`)
  fs.rmSync(dir, { recursive: true, force: true })
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
