import type { Clock } from '../../cloudfunctions/_shared/ports'

/** The local cloud's clock: real time plus an offset tests can move forward (payment timeouts, room ends). */
export interface LocalClock extends Clock {
  advance(ms: number): void
  offset(): number
}

export function createLocalClock(): LocalClock {
  let offset = 0
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms
    },
    offset: () => offset,
  }
}
