/** Work one caller at a time, under a named lease in the database (every function instance sees it). */
import { randomUUID } from 'node:crypto'
import type { Clock, Repos } from '../ports'

/** Runs `work` if the lease `name` is free, and gives it back after; `held: false` when someone has it. */
export async function underLease<T>(
  deps: { repos: Repos; clock: Clock },
  name: string,
  ttlMs: number,
  work: () => Promise<T>,
): Promise<{ held: true; value: T } | { held: false }> {
  const owner = randomUUID()
  if (!(await deps.repos.leases.acquire(name, owner, ttlMs, deps.clock.now()))) return { held: false }
  try {
    return { held: true, value: await work() }
  } finally {
    await deps.repos.leases.release(name, owner)
  }
}
