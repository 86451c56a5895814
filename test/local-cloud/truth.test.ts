/**
 * Issue 8.9: the local cloud tells the truth — it answers only when ready, its clock survives a restart,
 * and the demo reloads through the running server, never under its feet.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SERVER_FILE, startLocalCloud } from '../../scripts/local-cloud/server'
import { loadDemo } from '../../scripts/demo'

let dir: string
beforeEach(() => {
  process.env.QUIET_LOGS = '1'
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

test('until it is ready every call answers 503 with Retry-After; then it answers', async () => {
  const cloud = await startLocalCloud({ dir: null, timers: false, ready: false })
  try {
    const early = await fetch(`${cloud.url}/fn/live`, { method: 'POST', body: '{"action":"rooms"}' })
    expect(early.status).toBe(503)
    expect(early.headers.get('retry-after')).toBe('1')
    expect(await early.json()).toMatchObject({ ok: false, error: { message: expect.stringMatching(/启动/) } })
    cloud.setReady()
    const later = await fetch(`${cloud.url}/fn/live`, { method: 'POST', body: '{"action":"rooms"}' })
    expect(later.status).toBe(200)
  } finally {
    await cloud.close()
  }
})

test("the simulated clock's offset survives a restart, so nothing written under it lies in the future", async () => {
  const first = await startLocalCloud({ dir, timers: false })
  await fetch(`${first.url}/sim/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 3_600_000 }) })
  const movedTo = first.clock.now()
  await first.close()
  const second = await startLocalCloud({ dir, timers: false })
  try {
    const { offsetMs, now } = (await (await fetch(`${second.url}/sim/clock`)).json()) as {
      offsetMs: number
      now: number
    }
    expect(offsetMs).toBe(3_600_000)
    expect(now).toBeGreaterThanOrEqual(movedTo)
  } finally {
    await second.close()
  }
})

test('the clock only moves forward', async () => {
  const cloud = await startLocalCloud({ dir: null, timers: false })
  try {
    const res = await fetch(`${cloud.url}/sim/clock`, { method: 'POST', body: '{"advanceMs":-5}' })
    expect(res.status).toBe(400)
    expect(cloud.clock.offset()).toBe(0)
  } finally {
    await cloud.close()
  }
})

test('the data folder names the running server; reloading the demo goes through it and it keeps answering with the new data', async () => {
  const cloud = await startLocalCloud({ dir, timers: false, demo: (c) => loadDemo(c, { replace: true }) })
  try {
    expect(JSON.parse(fs.readFileSync(path.join(dir, SERVER_FILE), 'utf8'))).toMatchObject({ url: cloud.url })
    await loadDemo(cloud)
    const rooms = async () =>
      (
        (await (
          await fetch(`${cloud.url}/fn/live`, { method: 'POST', body: '{"action":"rooms"}' })
        ).json()) as {
          data: { rooms: Array<{ roomId: number }> }
        }
      ).data.rooms
    const before = await rooms()
    const reload = await fetch(`${cloud.url}/sim/demo`, { method: 'POST' })
    expect(reload.status).toBe(200)
    const after = await rooms()
    expect(after).toHaveLength(1)
    // stable ids: the same room id after a reload (the simulator starts over as well)
    expect(after[0]!.roomId).toBe(before[0]!.roomId)
  } finally {
    await cloud.close()
  }
  expect(fs.existsSync(path.join(dir, SERVER_FILE))).toBe(false)
}, 60_000)
