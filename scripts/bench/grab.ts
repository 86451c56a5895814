/**
 * npm run bench: the grab. A local cloud on a fresh data folder with the demo data, N bound members and the
 * room started, in its own process; autocannon in this process fires concurrent order.create calls over
 * HTTP. The same load against a bare Node HTTP server (also its own process) gives the ratio.
 * Prints calls/s, p50/p99 latency, the ratio, the orders created and the oversell.
 */
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import type { Ready, Report } from './serve'

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

function server(mode: 'cloud' | 'bare'): Promise<{ child: ChildProcess; ready: Ready }> {
  const prof = process.env.BENCH_PROF && mode === 'cloud' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []
  const child = fork(path.join(__dirname, 'serve.ts'), [mode, String(MEMBERS)], {
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

function finish(child: ChildProcess): Promise<Report> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.on('message', (m: Report & { type: string }) => {
      if (m.type === 'report') resolve(m)
    })
    child.send({ type: 'report' })
  })
}

async function load(ready: Ready): Promise<Figures> {
  let i = 0
  const result = await autocannon({
    url: ready.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        setupRequest: (req) => {
          const n = i++
          const member = (n % MEMBERS) + 1
          const goodsId = ready.goodsIds[Math.floor(n / MEMBERS) % ready.goodsIds.length]
          return {
            ...req,
            headers: { 'content-type': 'application/json', 'x-wx-openid': `o_b${member}` },
            body: JSON.stringify({
              action: 'create',
              roomId: ready.roomId,
              goodsId,
              qty: 1,
              requestId: `bench-${n}`,
            }),
          }
        },
      },
    ],
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

async function main(): Promise<void> {
  const cloud = await server('cloud')
  console.log(
    `local cloud ${cloud.ready.url}: demo data, ${MEMBERS} members bound, room ${cloud.ready.roomId} live`,
  )
  console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION_S}s, each call a distinct idempotency key`)
  const grab = await load(cloud.ready)
  const outcome = await finish(cloud.child)

  const bare = await server('bare')
  const base = await load(bare.ready)
  await finish(bare.child)

  const ms = (n: number) => `${n} ms`.padEnd(7)
  console.log('')
  console.log(
    `order.create     ${grab.rps.toFixed(0).padStart(6)} calls/s   p50 ${ms(grab.p50)} p99 ${ms(grab.p99)} (${grab.requests} calls, ${grab.errors} errors, ${grab.non2xx} non-2xx)`,
  )
  console.log(
    `bare node http   ${base.rps.toFixed(0).padStart(6)} req/s     p50 ${ms(base.p50)} p99 ${ms(base.p99)}`,
  )
  console.log(`ratio            ${(grab.rps / base.rps).toFixed(3)}`)
  console.log(
    `orders created   ${outcome.orders} (each goods sells out at min(quota, stock): 50 + 1 + 50 = 101)`,
  )
  console.log(`oversell         ${outcome.oversell}`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
