/** Time, injected so rules and tests never read the wall clock themselves. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  /** Waits `ms` (a waiter for another caller's work: the wait is real, whatever the clock says). */
  sleep(ms: number): Promise<void>
}
