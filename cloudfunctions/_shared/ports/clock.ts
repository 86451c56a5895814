/** Time, injected so rules and tests never read the wall clock themselves. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

