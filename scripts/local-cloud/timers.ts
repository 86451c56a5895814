import fs from 'node:fs'
import path from 'node:path'
import { Cron } from 'croner'
import type { LocalClock } from './clock'
import { FUNCTIONS, type FunctionMains } from './functions'

/**
 * The functions' timer triggers, as CloudBase runs them: each trigger of each `config.json`, on the
 * local clock (so moving the clock 16 minutes fires the sync), with the exact event CloudBase sends —
 * `{ Type: 'Timer', TriggerName, Time }` — to the real `main`, and no run overlapping the previous one.
 */
export interface Timers {
  /** Fires every trigger that is due on the local clock; resolves when those runs (and runs under way) end. */
  runDue(): Promise<void>
  /** Fires one function's trigger now, as CloudBase would; resolves with what `main` answered. */
  fire(fn: string, triggerName?: string): Promise<unknown>
  /** The triggers, for people and the local cloud's index. */
  list(): Array<{ fn: string; name: string; config: string; nextAt: number }>
  stop(): void
}

interface Trigger {
  name: string
  type: string
  config: string
}

interface Job {
  fn: string
  trigger: Trigger
  cron: Cron
  year: string
  nextAt: number
  running: Promise<unknown> | null
}

const ROOT = path.resolve(__dirname, '../..')

/**
 * CloudBase timer crons have 7 fields (second … weekday, year), in UTC+8; croner takes 6. The year
 * field is dropped and checked when the timer fires.
 */
export function toCroner(config: string): { pattern: string; year: string } {
  const parts = config.trim().split(/\s+/)
  if (parts.length !== 7) throw new Error(`timer trigger "${config}" must have 7 fields`)
  return { pattern: parts.slice(0, 6).join(' '), year: parts[6] ?? '*' }
}

function yearMatches(spec: string, at: number): boolean {
  const year = new Date(at + 8 * 3600_000).getUTCFullYear()
  return spec === '*' || spec.split(',').some((p) => Number(p) === year)
}

/** The timer triggers of every function's config.json (folder: this repository's cloudfunctions/). */
export function readTriggers(functionsRoot: string = path.join(ROOT, 'cloudfunctions')) {
  const out: Array<{ fn: string; trigger: Trigger }> = []
  for (const fn of FUNCTIONS) {
    const file = path.join(functionsRoot, fn, 'config.json')
    if (!fs.existsSync(file)) continue
    const triggers = (JSON.parse(fs.readFileSync(file, 'utf8')) as { triggers?: Trigger[] }).triggers ?? []
    for (const trigger of triggers.filter((t) => t.type === 'timer')) out.push({ fn, trigger })
  }
  return out
}

/** Starts the triggers on the local clock; a real tick checks them every `tickMs`, a clock move at once. */
export function startTimers(
  mains: FunctionMains,
  options: {
    clock: LocalClock
    log?: boolean
    functionsRoot?: string
    /** How often a real tick checks the triggers (default 1 s). */
    tickMs?: number
    /** false: fire only when asked (`fire`, `runDue`), never on a tick or a clock move — for tests. */
    schedule?: boolean
  },
): Timers {
  const { clock } = options
  const jobs: Job[] = readTriggers(options.functionsRoot).map(({ fn, trigger }) => {
    const { pattern, year } = toCroner(trigger.config)
    const cron = new Cron(pattern, { paused: true, timezone: 'Asia/Shanghai' })
    return { fn, trigger, cron, year, nextAt: nextAfter(cron, clock.now()), running: null }
  })
  let stopped = false

  function run(job: Job): Promise<unknown> {
    if (job.running) return job.running
    const main = mains[job.fn]
    if (!main) return Promise.resolve(undefined)
    const started = performance.now()
    const event = { Type: 'Timer', TriggerName: job.trigger.name, Time: new Date(clock.now()).toISOString() }
    job.running = main(event, {})
      .then((out) => {
        if (options.log) {
          const o = out as { ok?: boolean; error?: { code?: string } }
          console.log(
            `${new Date().toISOString()} ${job.fn}.timer(${job.trigger.name}) ${(performance.now() - started).toFixed(1)}ms ${o.ok ? 'ok' : (o.error?.code ?? 'error')}`,
          )
        }
        return out
      })
      .catch((e: unknown) => console.error(`timer ${job.fn}.${job.trigger.name}`, e))
      .finally(() => {
        job.running = null
      })
    return job.running
  }

  function runDue(): Promise<void> {
    if (stopped) return Promise.resolve()
    const now = clock.now()
    const runs: Array<Promise<unknown>> = []
    for (const job of jobs) {
      if (job.nextAt <= now) {
        // however far the clock jumped, a due trigger fires once, as after a pause of the platform
        job.nextAt = nextAfter(job.cron, now)
        if (yearMatches(job.year, now)) runs.push(run(job))
      } else if (job.running) runs.push(job.running)
    }
    return Promise.all(runs).then(() => undefined)
  }

  const scheduled = options.schedule ?? true
  const tick = scheduled ? setInterval(() => void runDue(), options.tickMs ?? 1000) : undefined
  tick?.unref()
  if (scheduled) clock.onAdvance(() => void runDue())

  return {
    runDue,
    async fire(fn, triggerName) {
      const job = jobs.find(
        (j) => j.fn === fn && (triggerName === undefined || j.trigger.name === triggerName),
      )
      if (!job) throw new Error(`no timer trigger ${fn}.${triggerName ?? '*'}`)
      return run(job)
    },
    list: () =>
      jobs.map((j) => ({ fn: j.fn, name: j.trigger.name, config: j.trigger.config, nextAt: j.nextAt })),
    stop() {
      stopped = true
      if (tick) clearInterval(tick)
      for (const job of jobs) job.cron.stop()
    },
  }
}

function nextAfter(cron: Cron, at: number): number {
  return cron.nextRun(new Date(at))?.getTime() ?? Number.POSITIVE_INFINITY
}
