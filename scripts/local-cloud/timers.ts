import fs from 'node:fs'
import path from 'node:path'
import { Cron } from 'croner'
import { FUNCTIONS, type FunctionMains } from './functions'

export interface Timers {
  stop(): void
}

interface Trigger {
  name: string
  type: string
  config: string
}

const ROOT = path.resolve(__dirname, '../..')

/**
 * CloudBase timer crons have 7 fields (second … weekday, year); croner takes 6. The year field is
 * dropped and checked when the timer fires.
 */
export function toCroner(config: string): { pattern: string; year: string } {
  const parts = config.trim().split(/\s+/)
  if (parts.length !== 7) throw new Error(`timer trigger "${config}" must have 7 fields`)
  return { pattern: parts.slice(0, 6).join(' '), year: parts[6] ?? '*' }
}

function yearMatches(spec: string, year: number): boolean {
  return spec === '*' || spec.split(',').some((p) => Number(p) === year)
}

/**
 * Starts every function's timer trigger from its config.json; a run never overlaps the previous one.
 * `functionsRoot` is the folder holding `<fn>/config.json` (default: this repository's cloudfunctions/).
 */
export function startTimers(
  mains: FunctionMains,
  log: boolean,
  functionsRoot: string = path.join(ROOT, 'cloudfunctions'),
): Timers {
  const jobs: Cron[] = []
  for (const fn of FUNCTIONS) {
    const file = path.join(functionsRoot, fn, 'config.json')
    if (!fs.existsSync(file)) continue
    const triggers = (
      (JSON.parse(fs.readFileSync(file, 'utf8')) as { triggers?: Trigger[] }).triggers ?? []
    ).filter((t) => t.type === 'timer')
    for (const trigger of triggers) {
      const { pattern, year } = toCroner(trigger.config)
      jobs.push(
        new Cron(
          pattern,
          { protect: true, catch: (e) => console.error(`timer ${fn}.${trigger.name}`, e) },
          async () => {
            const main = mains[fn]
            if (!main || !yearMatches(year, new Date().getFullYear())) return
            const started = performance.now()
            const out = (await main(
              { Type: 'Timer', TriggerName: trigger.name, Time: new Date().toISOString() },
              {},
            )) as { ok?: boolean; error?: { code?: string } }
            if (log)
              console.log(
                `${new Date().toISOString()} ${fn}.timer(${trigger.name}) ${(performance.now() - started).toFixed(1)}ms ${out.ok ? 'ok' : (out.error?.code ?? 'error')}`,
              )
          },
        ),
      )
    }
  }
  return { stop: () => jobs.forEach((j) => j.stop()) }
}
