/**
 * The local cloud's timers: CloudBase's 7-field cron turned into croner's 6, real timer runs from a
 * function's config.json (event shape, no overlap, stop), and the sync function's own trigger.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Cron } from 'croner'
import { startTimers, toCroner, type Timers } from '../../scripts/local-cloud/timers'
import { createLocalClock, type LocalClock } from '../../scripts/local-cloud/clock'
import type { Main } from '../../scripts/local-cloud/functions'

describe('toCroner', () => {
  test("turns the sync function's 7-field cron into croner's 6 fields and keeps the year apart", () => {
    expect(toCroner('0 * * * * * *')).toEqual({ pattern: '0 * * * * *', year: '*' })
    expect(toCroner('  0 30 2 * * MON 2030 ')).toEqual({ pattern: '0 30 2 * * MON', year: '2030' })
  })

  test.each(['* * * * *', '0 * * * * *', '0 * * * * * * *', ''])('refuses "%s" (not 7 fields)', (config) => {
    expect(() => toCroner(config)).toThrow(/7 fields/)
  })
})

describe('startTimers on a functions folder, on the local clock', () => {
  let root: string
  let timers: Timers | undefined
  let clock: LocalClock

  const writeTrigger = (fn: string, config: string, name = 'everyMinute') => {
    fs.mkdirSync(path.join(root, fn), { recursive: true })
    fs.writeFileSync(
      path.join(root, fn, 'config.json'),
      JSON.stringify({ triggers: [{ name, type: 'timer', config }] }),
    )
  }
  // the real tick never fires during a test: only moves of the local clock do
  const start = (mains: Record<string, Main>) =>
    (timers = startTimers(mains, { clock, functionsRoot: root, tickMs: 2 ** 31 - 1 }))

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'timers-test-'))
    clock = createLocalClock()
  })
  afterEach(() => {
    timers?.stop()
    timers = undefined
    fs.rmSync(root, { recursive: true, force: true })
  })

  test("moving the clock past the minute sends the main CloudBase's timer event, once however far it moved", async () => {
    writeTrigger('sync', '0 * * * * * *')
    const events: unknown[] = []
    start({ sync: async (event) => (events.push(event), { ok: true }) })
    await timers!.runDue()
    expect(events).toHaveLength(0)
    clock.advance(16 * 60_000)
    await timers!.runDue()
    expect(events).toEqual([{ Type: 'Timer', TriggerName: 'everyMinute', Time: expect.any(String) }])
    // Time is the local clock's, in CloudBase's ISO form (the local clock keeps running meanwhile)
    const time = (events[0] as { Time: string }).Time
    expect(new Date(time).toISOString()).toBe(time)
    expect(Math.abs(Date.parse(time) - clock.now())).toBeLessThan(1_000)
    clock.advance(60_000)
    await timers!.runDue()
    expect(events).toHaveLength(2)
  })

  test('stop() stops it', async () => {
    writeTrigger('sync', '0 * * * * * *')
    let runs = 0
    start({ sync: async () => ((runs += 1), { ok: true }) })
    timers!.stop()
    clock.advance(5 * 60_000)
    await timers!.runDue()
    expect(runs).toBe(0)
  })

  test('a slow run is never overlapped by the next one: a due trigger waits for the run under way', async () => {
    writeTrigger('sync', '0 * * * * * *')
    let active = 0
    let maxActive = 0
    let runs = 0
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    start({
      sync: async () => {
        runs++
        active++
        maxActive = Math.max(maxActive, active)
        await gate
        active--
        return { ok: true }
      },
    })
    clock.advance(60_000)
    const first = timers!.runDue()
    clock.advance(60_000)
    const second = timers!.runDue()
    release()
    await Promise.all([first, second])
    expect(runs).toBe(1)
    expect(maxActive).toBe(1)
  })

  test('a trigger limited to another year never runs the main', async () => {
    writeTrigger('sync', '0 * * * * * 2000')
    let runs = 0
    start({ sync: async () => ((runs += 1), { ok: true }) })
    clock.advance(3 * 60_000)
    await timers!.runDue()
    expect(runs).toBe(0)
  })

  test('functions without a config.json, and non-timer triggers, start nothing', async () => {
    fs.mkdirSync(path.join(root, 'admin'), { recursive: true })
    fs.writeFileSync(
      path.join(root, 'admin', 'config.json'),
      JSON.stringify({ triggers: [{ name: 'http', type: 'http', config: '* * * * * * *' }] }),
    )
    let runs = 0
    const count: Main = async () => ((runs += 1), { ok: true })
    start({ admin: count, sync: count })
    clock.advance(3 * 60_000)
    await timers!.runDue()
    expect(runs).toBe(0)
    expect(timers!.list()).toEqual([])
  })
})

test('cloudfunctions/sync/config.json declares exactly one timer trigger, firing every minute', () => {
  const file = path.resolve(__dirname, '../../cloudfunctions/sync/config.json')
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    triggers?: Array<{ name: string; type: string; config: string }>
  }
  const timers = (config.triggers ?? []).filter((t) => t.type === 'timer')
  expect(timers).toHaveLength(1)
  const { pattern, year } = toCroner(timers[0]!.config)
  expect(year).toBe('*')
  const job = new Cron(pattern, { paused: true })
  try {
    const [a, b] = job.nextRuns(2, new Date('2030-05-01T12:00:30Z'))
    expect(b!.getTime() - a!.getTime()).toBe(60_000)
    // on the minute, so members see a started broadcast within a minute (SPEC "Sync with WeChat")
    expect(a!.getUTCSeconds()).toBe(0)
  } finally {
    job.stop()
  }
})
