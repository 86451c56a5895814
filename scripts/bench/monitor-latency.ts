/**
 * npm run bench (monitor part): order → live monitor. The local cloud runs the built bundles; staff poll
 * the monitor snapshot over HTTP exactly as the page does (about once a second, each poll waiting for
 * the previous answer); members place orders at a human pace, some together. For each order: the time
 * from its answer to the first snapshot that shows it. Goal (SPEC 5): p95 ≤ 1.5 s.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { MonitorSnapshot } from '../../typings/admin'
import type { CreateOrderResponse, Result } from '../../typings/api'
import { startLocalCloud } from '../local-cloud/server'
import { buildFunctions } from '../build'
import { DEMO_GOODS, loadDemo } from '../demo'

const ORDERS = 50
const POLL_MS = 1_000
const PASSWORD = 'bench-Passw0rd!'

const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN

async function main(): Promise<void> {
  process.env.QUIET_LOGS = '1'
  process.env.ADMIN_PASSWORD = PASSWORD
  await buildFunctions()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-bench-'))
  const cloud = await startLocalCloud({ dir, timers: false, handlers: 'bundle' })
  try {
    await loadDemo(cloud)
    const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${cloud.url}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    const rooms = (await (await post('/fn/live', { action: 'rooms' })).json()) as Result<{
      rooms: Array<{ roomId: number }>
    }>
    const roomId = rooms.ok ? rooms.data.rooms[0]!.roomId : 0
    const room = (await (await post('/fn/live', { action: 'room', roomId })).json()) as Result<{
      shelf: Array<{ goodsId: string; productCode: string }>
    }>
    const goodsId = room.ok
      ? room.data.shelf.find((s) => s.productCode === DEMO_GOODS[0]!.productCode)!.goodsId
      : ''
    await post(`/sim/wechat/rooms/${roomId}/status`, { live_status: 101 })
    cloud.clock.advance(6_000)
    for (let n = 1; n <= ORDERS; n++)
      await post(
        '/fn/member',
        {
          action: 'bindCard',
          cardNo: `JY${String(n).padStart(6, '0')}`,
          phone: `139${String(n).padStart(8, '0')}`,
        },
        { 'x-wx-openid': `o_bench_${n}` },
      )
    const login = await post('/admin/api/login', { username: 'op1', password: PASSWORD })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

    // the page's poll: one request at a time, the next a second after the previous answer
    const seenAt = new Map<string, number>()
    const snapshotMs: number[] = []
    let polling = true
    const poller = (async () => {
      while (polling) {
        const started = performance.now()
        const res = await fetch(`${cloud.url}/admin/api/rooms/${roomId}/monitor`, { headers: { cookie } })
        const body = (await res.json()) as Result<MonitorSnapshot>
        const done = performance.now()
        snapshotMs.push(done - started)
        if (body.ok) for (const o of body.data.orders) if (!seenAt.has(o.orderId)) seenAt.set(o.orderId, done)
        await new Promise((r) => setTimeout(r, POLL_MS))
      }
    })()

    const placedAt = new Map<string, number>()
    for (let n = 1; n <= ORDERS; n += 3) {
      // a few members at once, then a pause: a human pace with bursts
      await Promise.all(
        [n, n + 1, n + 2]
          .filter((k) => k <= ORDERS)
          .map(async (k) => {
            const res = (await (
              await post(
                '/fn/order',
                { action: 'create', roomId, goodsId, qty: 1, requestId: `monitor-bench-${k}` },
                { 'x-wx-openid': `o_bench_${k}` },
              )
            ).json()) as Result<CreateOrderResponse>
            if (res.ok) placedAt.set(res.data.orderId, performance.now())
          }),
      )
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 500))
    }
    const deadline = performance.now() + 5_000
    while ([...placedAt.keys()].some((id) => !seenAt.has(id)) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 100))
    polling = false
    await poller

    const lat = [...placedAt]
      .map(([id, at]) => (seenAt.get(id) ?? Number.POSITIVE_INFINITY) - at)
      .sort((a, b) => a - b)
    const snaps = [...snapshotMs].sort((a, b) => a - b)
    const p95 = pct(lat, 0.95)
    console.log(
      `order → live monitor (page polling every ${POLL_MS} ms, waiting for each answer): ${placedAt.size} orders (${lat.filter(Number.isFinite).length} seen)`,
    )
    console.log(
      `  latency p50 ${pct(lat, 0.5).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${(lat[lat.length - 1] ?? NaN).toFixed(0)} ms (goal p95 ≤ 1 500 ms) ${p95 <= 1500 ? 'OK' : 'OVER'}`,
    )
    console.log(
      `  snapshot answer p50 ${pct(snaps, 0.5).toFixed(1)} ms, p95 ${pct(snaps, 0.95).toFixed(1)} ms over ${snaps.length} polls`,
    )
  } finally {
    await cloud.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
