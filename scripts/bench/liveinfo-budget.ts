/**
 * npm run bench (third part): WeChat's getliveinfo budget. 50 rooms live all day under constant member
 * traffic, with 2 000 ended rooms in the history: the local clock runs 65 simulated minutes, second by
 * second, with members asking for the goods page every second and the sync timer every minute; the
 * simulator counts getliveinfo calls, projected to a day. Goal ≤ 40 000 a day (WeChat allows 100 000,
 * shared with replay).
 */
import type { Result, SyncReport } from '../../typings/api'
import { startLocalCloud } from '../local-cloud/server'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { DEMO_PNG } from '../demo'
import { seedRoom } from './wechat-seed'

const LIVE = Number(process.env.B_LIVE ?? 50)
const ENDED = Number(process.env.B_ENDED ?? 2_000)
const SIMULATED_S = Number(process.env.B_SECONDS ?? 65 * 60)
const CALLERS_PER_SECOND = 5
const GOAL_PER_DAY = 40_000
const GETLIVEINFO = '/wxa/business/getliveinfo'

async function main(): Promise<void> {
  process.env.QUIET_LOGS = '1'
  const t0 = performance.now()
  const cloud = await startLocalCloud({ dir: null, timers: false })
  try {
    const api = await container().wechat()
    const { mediaId } = await api.uploadImage({ filename: 'c.png', contentType: 'image/png', data: DEMO_PNG })
    const control = (path: string, body: unknown) =>
      fetch(`${cloud.url}${path}`, { method: 'POST', body: JSON.stringify(body) })
    const now = cloud.clock.now()
    const room = (i: number) => api.createRoom(seedRoom(`预算测试直播间${i}号`, mediaId, now, i))
    // the history first (older schedules), then today's 50 (newest: WeChat lists newest first)
    const live: number[] = []
    for (let i = 0; i < ENDED + LIVE; i++) {
      const { roomId } = await room(i)
      // a broadcast ends after it was live (the simulator follows WeChat's transitions)
      await control(`/sim/wechat/rooms/${roomId}/status`, { live_status: 101 })
      if (i < ENDED) await control(`/sim/wechat/rooms/${roomId}/status`, { live_status: 103 })
      if (i >= ENDED) live.push(roomId)
    }
    const calls = async () =>
      ((await (await fetch(`${cloud.url}/sim/wechat/state`)).json()) as { calls: Record<string, number> })
        .calls[GETLIVEINFO] ?? 0
    const sync = async () => {
      const res = (await cloud.timers.fire('sync')) as Result<SyncReport>
      if (!res.ok) throw new Error(`sync → ${res.error.code}`)
    }
    await sync()
    const start = await calls()
    let asked = 0
    for (let s = 1; s <= SIMULATED_S; s++) {
      cloud.clock.advance(1_000)
      if (s % 60 === 0) await sync()
      await Promise.all(
        Array.from({ length: CALLERS_PER_SECOND }, (_, k) => {
          asked++
          return cloud.call('live', { action: 'room', roomId: live[(s * CALLERS_PER_SECOND + k) % LIVE] })
        }),
      )
    }
    const used = (await calls()) - start
    const perDay = Math.round((used * 86_400) / SIMULATED_S)
    console.log(
      `getliveinfo budget: ${LIVE} rooms live, ${ENDED} ended in the history, ${asked} member reads over ${SIMULATED_S / 60} simulated minutes + the sync timer each minute`,
    )
    console.log(
      `  ${used} getliveinfo calls → projected ${perDay.toLocaleString('en')} a day (goal ≤ ${GOAL_PER_DAY.toLocaleString('en')}; WeChat allows 100,000) ${perDay <= GOAL_PER_DAY ? 'OK' : 'OVER'}`,
    )
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
  } finally {
    await cloud.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
