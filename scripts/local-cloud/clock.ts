import fs from 'node:fs'
import type { Clock } from '../../cloudfunctions/_shared/ports'

/**
 * The local cloud's clock: real time plus an offset tests and demos move forward (payment timeouts, room
 * ends). The offset is kept in the data folder, so a restart never puts records written under it in the
 * future (a closed-by-time order must not become payable again).
 */
export interface LocalClock extends Clock {
  advance(ms: number): void
  offset(): number
  /** Called after every move of the clock (the timers fire what became due). */
  onAdvance(listener: () => void): void
}

/** A clock whose offset lives in `file` (none: in memory only). */
export function createLocalClock(file?: string): LocalClock {
  let offset = file ? readOffset(file) : 0
  const listeners: Array<() => void> = []
  return {
    now: () => Date.now() + offset,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the local clock only moves forward')
      offset += ms
      if (file) fs.writeFileSync(file, JSON.stringify({ offsetMs: offset }))
      for (const listener of listeners) listener()
    },
    offset: () => offset,
    onAdvance(listener) {
      listeners.push(listener)
    },
  }
}

function readOffset(file: string): number {
  try {
    const { offsetMs } = JSON.parse(fs.readFileSync(file, 'utf8')) as { offsetMs?: unknown }
    return typeof offsetMs === 'number' && Number.isFinite(offsetMs) && offsetMs >= 0 ? offsetMs : 0
  } catch {
    return 0
  }
}
