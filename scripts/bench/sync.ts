/**
 * npm run bench (after the grab): the sync run. A local cloud on a fresh data folder (SQLite files) running
 * the built bundles, no demo data; 20 approved goods and 50 rooms × those 20 goods created through the
 * WeChat client as a merchant's console would. Times the first sync (import of all 50 rooms), 5 syncs with
 * nothing changed, and a sync after 5 rooms were edited on WeChat's console. For each: ms, getliveinfo calls
 * (the simulator's counter) and database writes (the emulated database's counters).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Result, SyncReport } from '../../typings/api'
import { startLocalCloud, type LocalCloud } from '../local-cloud/server'
import { buildFunctions } from '../build'
import { seedWechatRooms } from './wechat-seed'

const ROOMS = 50
const GOODS = 20
const QUIET_RUNS = 5
const EDITED = 5
const GETLIVEINFO = '/wxa/business/getliveinfo'

interface Measure {
  ms: number
  getliveinfo: number
  writeOps: number
  readOps: number
  report: SyncReport
}

async function post(cloud: LocalCloud, p: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${cloud.url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`POST ${p} → ${res.status} ${await res.text()}`)
  return res.json()
}

async function liveinfoCalls(cloud: LocalCloud): Promise<number> {
  const state = (await (await fetch(`${cloud.url}/sim/wechat/state`)).json()) as {
    calls: Record<string, number>
  }
  return state.calls[GETLIVEINFO] ?? 0
}

/** One sync run through the function, timed; calls and writes counted around it. */
async function measure(cloud: LocalCloud): Promise<Measure> {
  // the timer fires each minute; within 50 s of members' own read it leaves the rooms alone
  cloud.clock.advance(60_000)
  const calls = await liveinfoCalls(cloud)
  cloud.db.resetCounters()
  const started = performance.now()
  const res = await (cloud.timers.fire('sync') as Promise<Result<SyncReport>>)
  const ms = performance.now() - started
  if (!res.ok) throw new Error(`sync → ${res.error.code}: ${res.error.message}`)
  const { writeOps, readOps } = cloud.db.counters()
  return { ms, getliveinfo: (await liveinfoCalls(cloud)) - calls, writeOps, readOps, report: res.data }
}

const fmt = (m: Measure) =>
  `${m.ms.toFixed(1).padStart(8)} ms   getliveinfo ${String(m.getliveinfo).padStart(2)}   writeOps ${String(m.writeOps).padStart(5)}   readOps ${String(m.readOps).padStart(5)}`
const rooms = (r: SyncReport) => {
  const x = r.rooms
  return `rooms seen ${x.seen}, created ${x.created}, updated ${x.updated}, unchanged ${x.unchanged}`
}

async function main(): Promise<void> {
  const t0 = performance.now()
  process.env.QUIET_LOGS = '1'
  await buildFunctions()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-bench-'))
  const cloud = await startLocalCloud({ dir, timers: false, handlers: 'bundle' })
  try {
    const roomIds = await seedWechatRooms(cloud, { rooms: ROOMS, goods: GOODS })
    console.log(
      `local cloud ${cloud.url} on ${dir} (bundles, SQLite): ${GOODS} approved goods, ${ROOMS} rooms × ${GOODS} goods created through the WeChat client`,
    )
    console.log('')

    const first = await measure(cloud)
    console.log(`first sync (import)     ${fmt(first)}   ${rooms(first.report)}`)

    const quiet: Measure[] = []
    for (let i = 0; i < QUIET_RUNS; i++) quiet.push(await measure(cloud))
    const sorted = quiet.map((m) => m.ms).sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0
    const worst = (k: 'getliveinfo' | 'writeOps' | 'readOps') => Math.max(...quiet.map((m) => m[k]))
    console.log(
      `nothing changed ×${QUIET_RUNS}      min ${(sorted[0] ?? 0).toFixed(1)} ms, median ${median.toFixed(1)} ms   getliveinfo ≤ ${worst('getliveinfo')} per run   writeOps ≤ ${worst('writeOps')}   readOps ≤ ${worst('readOps')}   ${rooms(quiet[quiet.length - 1]!.report)}`,
    )

    for (const id of roomIds.slice(0, EDITED))
      await post(cloud, `/sim/wechat/rooms/${id}/edit`, { name: `改过的直播间${id}号` })
    const edited = await measure(cloud)
    console.log(`${EDITED} rooms edited         ${fmt(edited)}   ${rooms(edited.report)}`)
    console.log('')
    console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s (build, seed and runs)`)
  } finally {
    await cloud.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
