/**
 * The local cloud's timers: CloudBase's 7-field cron turned into croner's 6, real timer runs from a
 * function's config.json (event shape, no overlap, stop), and the sync function's own trigger.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Cron } from 'croner'
import { startTimers, toCroner, type Timers } from '../../scripts/local-cloud/timers'
import type { Main } from '../../scripts/local-cloud/functions'

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

describe('toCroner', () => {
  test("turns the sync function's 7-field cron into croner's 6 fields and keeps the year apart", () => {
    expect(toCroner('0 * * * * * *')).toEqual({ pattern: '0 * * * * *', year: '*' })
    expect(toCroner('  0 30 2 * * MON 2030 ')).toEqual({ pattern: '0 30 2 * * MON', year: '2030' })
  })

  test.each(['* * * * *', '0 * * * * *', '0 * * * * * * *', ''])('refuses "%s" (not 7 fields)', (config) => {
    expect(() => toCroner(config)).toThrow(/7 fields/)
  })
})

describe('startTimers on a functions folder', () => {
  let root: string
  let timers: Timers | undefined

  const writeTrigger = (fn: string, config: string, name = 'everySecond') => {
    fs.mkdirSync(path.join(root, fn), { recursive: true })
    fs.writeFileSync(
      path.join(root, fn, 'config.json'),
      JSON.stringify({ triggers: [{ name, type: 'timer', config }] }),
    )
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'timers-test-'))
  })
  afterEach(() => {
    timers?.stop()
    timers = undefined
    fs.rmSync(root, { recursive: true, force: true })
  })

  test('fires the main every second with a Timer event naming the trigger, and stop() stops it', async () => {
    writeTrigger('sync', '* * * * * * *')
    const events: unknown[] = []
    const main: Main = async (event) => {
      events.push(event)
      return { ok: true }
    }
    timers = startTimers({ sync: main }, false, root)
    await sleep(2500)
    expect(events.length).toBeGreaterThanOrEqual(2)
    for (const e of events)
      expect(e).toMatchObject({ Type: 'Timer', TriggerName: 'everySecond', Time: expect.any(String) })

    timers.stop()
    const seen = events.length
    await sleep(1500)
    expect(events.length).toBe(seen)
  }, 10_000)

  test('a slow run is never overlapped by the next tick (protect)', async () => {
    writeTrigger('sync', '* * * * * * *')
    let active = 0
    let maxActive = 0
    let runs = 0
    const main: Main = async () => {
      runs++
      active++
      maxActive = Math.max(maxActive, active)
      await sleep(1300)
      active--
      return { ok: true }
    }
    timers = startTimers({ sync: main }, false, root)
    await sleep(3800)
    expect(runs).toBeGreaterThanOrEqual(2)
    expect(maxActive).toBe(1)
  }, 10_000)

  test('a trigger limited to another year never runs the main', async () => {
    writeTrigger('sync', '* * * * * * 2000')
    let runs = 0
    timers = startTimers({ sync: async () => ((runs += 1), { ok: true }) }, false, root)
    await sleep(1500)
    expect(runs).toBe(0)
  }, 10_000)

  test('functions without a config.json, and non-timer triggers, start nothing', async () => {
    fs.mkdirSync(path.join(root, 'admin'), { recursive: true })
    fs.writeFileSync(
      path.join(root, 'admin', 'config.json'),
      JSON.stringify({ triggers: [{ name: 'http', type: 'http', config: '* * * * * * *' }] }),
    )
    let runs = 0
    const count: Main = async () => ((runs += 1), { ok: true })
    timers = startTimers({ admin: count, sync: count }, false, root)
    await sleep(1500)
    expect(runs).toBe(0)
  }, 10_000)
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
