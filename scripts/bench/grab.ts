/**
 * npm run bench: the grab, measured two ways against a bare Node HTTP server under the same autocannon load.
 *
 * 1. Today's grab: N bound members press 抢购 on the demo's goods; all but 101 calls are refusals answered
 *    from cheap reads once the goods sell out — reported as calls/s, not orders/s.
 * 2. Accepted orders: every call a real order (quota and stock large, a distinct bound member and idempotency
 *    key per call, a 扫呗 prepay through the simulator), at 50, 200 and 1 000 connections: accepted orders/s,
 *    p50/p99, the ratio to the bare server at the same connections, refusals by code, the throughput of the
 *    last 1 000 orders over the first 1 000; then that orders, sold, reserved and stock agree exactly.
 * 3. Payments: pending orders paid through the 扫呗 simulator's control (each a signed notice to payNotify):
 *    notifications/s, and every order paid exactly once.
 *
 * Each server runs in its own process (BENCH_PROF=1 writes a CPU profile of the local cloud to /tmp/prof).
 */
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import { buildFunctions } from '../build'
import type { Ready, Report } from './serve'

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 3000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const LEVELS = (process.env.BENCH_LEVELS ?? '50,200,1000').split(',').map(Number)
/** Members bound for the accepted-order runs: one per call, with room to spare. */
const ACCEPTED_MEMBERS = Number(process.env.BENCH_ACCEPTED_MEMBERS ?? 120_000)
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 5000)
const PAY_CONNECTIONS = Number(process.env.BENCH_PAY_CONNECTIONS ?? 100)
/** Seconds of load before the measured levels, for the bare server and the local cloud alike (JIT, caches). */
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)
/** Calls that can be in flight when a run's time is up (the warm-up's and each level's connections). */
const CUT_OFF = 50 + LEVELS.reduce((a, b) => a + b, 0)

interface Figures {
  rps: number
  p50: number
  p99: number
  requests: number
  errors: number
  timeouts: number
  non2xx: number
}

type Mode = 'cloud' | 'bare' | 'accepted'

function server(mode: Mode, members = MEMBERS): Promise<{ child: ChildProcess; ready: Ready }> {
  const prof =
    process.env.BENCH_PROF && mode !== 'bare' ? ['--cpu-prof', `--cpu-prof-dir=/tmp/prof/${mode}`] : []
  const child = fork(path.join(__dirname, 'serve.ts'), [mode, String(members)], {
    execArgv: ['--import', 'tsx', ...prof],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
    child.on('message', (m: Ready & { type: string }) => {
      if (m.type === 'ready') resolve({ child, ready: m })
    })
  })
}

function ask<T>(child: ChildProcess, type: string, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (m: T & { type: string }) => {
      if (m.type !== answer) return
      child.off('message', listener)
      resolve(m)
    }
    child.on('message', listener)
    child.send({ type })
  })
}

function finish(child: ChildProcess): Promise<Report> {
  child.removeAllListeners('exit')
  return ask<Report>(child, 'report', 'report')
}

function figures(result: autocannon.Result): Figures {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  }
}

/** The same autocannon settings for every server: POST JSON, `connections`, SECONDS long. */
function run(
  url: string,
  connections: number,
  body: () => { openid: string; body: unknown },
  onBody?: (text: string, at: number) => void,
  seconds = SECONDS,
): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => {
          const next = body()
          return {
            ...req,
            headers: { 'content-type': 'application/json', 'x-wx-openid': next.openid },
            body: JSON.stringify(next.body),
          }
        },
        ...(onBody && { onResponse: (_status: number, text: string) => onBody(text, performance.now()) }),
      },
    ],
  })
}

/** Today's grab (mostly refusals). */
async function refusals(bareAt200: Figures | undefined): Promise<void> {
  const cloud = await server('cloud')
  let i = 0
  const codes = new Map<string, number>()
  const result = await run(
    cloud.ready.url,
    200,
    () => {
      const n = i++
      const goodsId = cloud.ready.goodsIds[Math.floor(n / MEMBERS) % cloud.ready.goodsIds.length]
      return {
        openid: `o_b${(n % MEMBERS) + 1}`,
        body: {
          action: 'create',
          roomId: cloud.ready.roomId,
          goodsId,
          qty: 1,
          requestId: `bench-refusal-${n}`,
        },
      }
    },
    (text) => count(codes, outcomeOf(text).code),
  )
  const grab = figures(result)
  const outcome = await finish(cloud.child)
  console.log(`\n— today's grab: ${MEMBERS} members on the demo's 3 goods, 200 connections, ${SECONDS} s —`)
  console.log(
    `order.create     ${grab.rps.toFixed(0).padStart(6)} calls/s   p50 ${ms(grab.p50)} p99 ${ms(grab.p99)} (${grab.requests} calls, ${grab.errors} errors)`,
  )
  if (bareAt200)
    console.log(
      `ratio            ${(grab.rps / bareAt200.rps).toFixed(3)} of the bare server (calls, not orders)`,
    )
  console.log(`outcomes         ${[...codes].map(([k, v]) => `${k} ${v}`).join(', ')}`)
  console.log(
    `orders created   ${outcome.orders} (each goods sells out at min(quota, stock): 50 + 1 + 50 = 101)`,
  )
  console.log(`oversell         ${outcome.oversell}`)
}

/** Every call a real order, at each connection level, on one local cloud. */
async function accepted(bare: Map<number, Figures>): Promise<void> {
  const cloud = await server('accepted', ACCEPTED_MEMBERS)
  const { roomId, goodsIds } = cloud.ready
  const goodsId = goodsIds[0] as string
  let n = 0
  const traces: string[] = []
  console.log(
    `\n— accepted orders: one goods with quota and stock ${10_000_000}, a new bound member and key per call, ${SECONDS} s per level —`,
  )
  console.log('connections   orders/s   p50       p99       ratio   last/first 1000   refusals')
  const all = new Map<string, number>()
  const nextOrder = () => {
    const k = ++n
    return {
      openid: `o_a${((k - 1) % ACCEPTED_MEMBERS) + 1}`,
      body: { action: 'create', roomId, goodsId, qty: 1, requestId: `bench-order-${k}` },
    }
  }
  // warm-up, as for the bare server (its orders are counted in the checks, not in the figures)
  await run(
    cloud.ready.url,
    50,
    nextOrder,
    (text) => {
      const o = outcomeOf(text, traces.length < PAYMENTS)
      if (o.trade) traces.push(o.trade)
      count(all, o.code)
    },
    WARMUP_S,
  )
  for (const connections of LEVELS) {
    const codes = new Map<string, number>()
    const acceptedAt: number[] = []
    const result = await run(cloud.ready.url, connections, nextOrder, (text, at) => {
      const o = outcomeOf(text, traces.length < PAYMENTS)
      if (o.code === 'accepted') {
        acceptedAt.push(at)
        if (o.trade) traces.push(o.trade)
      } else count(codes, o.code)
      count(all, o.code)
    })
    const f = figures(result)
    const ok = acceptedAt.length
    const rate = ok / SECONDS
    const b = bare.get(connections)
    const refused = [...codes].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'
    console.log(
      `${String(connections).padStart(11)}   ${rate.toFixed(0).padStart(8)}   ${ms(f.p50)}   ${ms(f.p99)}   ${b ? (rate / b.rps).toFixed(3) : '  -  '}   ${lastOverFirst(acceptedAt).padStart(15)}   ${refused}${f.errors ? ` (+${f.errors} transport errors, ${f.timeouts} timeouts)` : ''}`,
    )
  }

  // payments: pending orders paid through the simulator's control, each notice answered by payNotify
  const toPay = traces.slice(0, PAYMENTS)
  let p = 0
  const payOutcomes = new Map<string, number>()
  const started = performance.now()
  const paid = await autocannon({
    url: cloud.ready.base,
    method: 'POST',
    connections: Math.max(1, Math.min(PAY_CONNECTIONS, toPay.length)),
    amount: toPay.length,
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          path: `/sim/saobei/orders/${encodeURIComponent(toPay[p++ % toPay.length] ?? '')}/pay`,
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
        onResponse: (_status: number, text: string) => {
          let code = 'unreadable'
          try {
            const r = JSON.parse(text) as {
              ok?: boolean
              reply?: { body?: { return_code?: string } }
              error?: { code?: string }
            }
            code = r.ok
              ? r.reply?.body?.return_code === '01'
                ? 'answered 01'
                : 'not answered'
              : (r.error?.code ?? 'error')
          } catch {
            // counted as unreadable
          }
          count(payOutcomes, code)
        },
      },
    ],
  })
  const seconds = (performance.now() - started) / 1000
  await ask(cloud.child, 'settle', 'settled')
  const report = await finish(cloud.child)
  const g = report.goods.find((x) => x.goodsId === goodsId)
  console.log(
    `\n— payments: ${toPay.length} pending orders paid through the 扫呗 simulator, ${PAY_CONNECTIONS} at a time —`,
  )
  console.log(
    `notifications    ${(toPay.length / seconds).toFixed(0)}/s   p50 ${ms(paid.latency.p50)} p99 ${ms(paid.latency.p99)} (${[...payOutcomes].map(([k, v]) => `${k} ${v}`).join(', ')})`,
  )
  if (!g) throw new Error('the accepted goods is missing from the report')
  const orders = g.orders
  const taken = (orders.pending ?? 0) + (orders.paid ?? 0)
  const checks: Array<[string, boolean]> = [
    // a call still in flight when a level's time ran out is answered to no one, but it is an order all the same
    [
      `orders answered as accepted ≤ orders pending + paid ≤ those + calls cut off: ${all.get('accepted') ?? 0} ≤ ${taken} ≤ ${(all.get('accepted') ?? 0) + CUT_OFF}`,
      (all.get('accepted') ?? 0) <= taken && taken <= (all.get('accepted') ?? 0) + CUT_OFF,
    ],
    [
      `paid = orders paid through the simulator: ${orders.paid ?? 0} = ${toPay.length}`,
      (orders.paid ?? 0) === toPay.length,
    ],
    [`shelf sold = paid: ${g.shelf.sold}`, g.shelf.sold === (orders.paid ?? 0)],
    [`shelf reserved = pending: ${g.shelf.reserved}`, g.shelf.reserved === (orders.pending ?? 0)],
    [
      `shelf remaining = quota − sold − reserved: ${g.shelf.remaining}`,
      g.shelf.remaining === g.quota - g.shelf.sold - g.shelf.reserved,
    ],
    [
      `stock = ERP − sold − reserved: ${g.stock.quantity}`,
      g.stock.quantity === g.erpQuantity - g.shelf.sold - g.stock.reserved &&
        g.stock.reserved === g.shelf.reserved,
    ],
    [
      `no marker left on the counters: holds ${g.shelf.holds}+${g.stock.holds}, ends ${g.shelf.ends}+${g.stock.ends}`,
      g.shelf.holds + g.stock.holds + g.shelf.ends + g.stock.ends === 0,
    ],
    [
      `扫呗: every paid order notified and answered once: ${report.saobei.paid} paid, ${report.saobei.answered} answered`,
      report.saobei.paid === toPay.length && report.saobei.answered === toPay.length,
    ],
    [`oversell: ${report.oversell}`, report.oversell === 0],
  ]
  console.log('\n— after the runs —')
  for (const [text, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`)
  console.log(`database ${JSON.stringify(report.db)}`)
  const accepted = all.get('accepted') ?? 0
  if (accepted > 0) {
    const bytes = Object.entries(report.bytesByCollection).map(
      ([k, v]) => `${k} ${(v / accepted).toFixed(0)}`,
    )
    console.log(
      `bytes written per accepted order (orders and payments together, by collection): ${bytes.join(', ')}`,
    )
  }
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1
}

function outcomeOf(text: string, wantTrade = true): { code: string; trade?: string } {
  // the load generator shares the machine's two cores: an accepted answer is recognised without parsing it
  if (text.startsWith('{"ok":true')) {
    const trade = wantTrade ? /"outTradeNo":"([^"]+)"/.exec(text)?.[1] : undefined
    return { code: 'accepted', ...(trade && { trade }) }
  }
  try {
    const r = JSON.parse(text) as {
      ok?: boolean
      data?: { payment?: { outTradeNo?: string } }
      error?: { code?: string }
    }
    if (r.ok)
      return { code: 'accepted', ...(r.data?.payment?.outTradeNo && { trade: r.data.payment.outTradeNo }) }
    return { code: r.error?.code ?? 'error' }
  } catch {
    return { code: 'unreadable' }
  }
}

/** Throughput of the last 1 000 accepted orders over that of the first 1 000 (by the times their answers came). */
function lastOverFirst(at: number[]): string {
  if (at.length < 2000) return `n/a (${at.length})`
  const first = 1000 / ((at[999] as number) - (at[0] as number))
  const last = 1000 / ((at[at.length - 1] as number) - (at[at.length - 1000] as number))
  return (last / first).toFixed(2)
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

const ms = (n: number) => `${n} ms`.padEnd(7)

async function main(): Promise<void> {
  const started = performance.now()
  await buildFunctions()
  // the yardstick first, at every level, with the same settings
  const bare = await server('bare')
  await run(bare.ready.url, 50, () => ({ openid: 'o', body: { action: 'create' } }), undefined, WARMUP_S)
  const bareFigures = new Map<number, Figures>()
  for (const connections of [...new Set([...LEVELS, 200])]) {
    bareFigures.set(
      connections,
      figures(await run(bare.ready.url, connections, () => ({ openid: 'o', body: { action: 'create' } }))),
    )
  }
  await finish(bare.child)
  console.log(`— bare node http, ${SECONDS} s per level —`)
  for (const [c, f] of bareFigures)
    console.log(
      `${String(c).padStart(5)} connections  ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${ms(f.p50)} p99 ${ms(f.p99)}`,
    )

  const only = process.env.BENCH_ONLY
  if (!only || only === 'refusals') await refusals(bareFigures.get(200))
  if (!only || only === 'accepted') await accepted(bareFigures)
  console.log(`\ngrab bench: ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
