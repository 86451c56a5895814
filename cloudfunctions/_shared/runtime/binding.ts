/**
 * The seam between the deployed function code and the local cloud. In a cloud function nothing is bound
 * and the composition root uses CloudBase; the local cloud binds its emulated database, clock and
 * simulator addresses here before it loads the functions. A global symbol, because each function bundle
 * carries its own copy of this module.
 */
import type { CloudDb } from '../adapters/db/cloud-db'
import type { Clock } from '../ports'

export interface LocalCloudBinding {
  db: CloudDb
  clock: Clock
  /** The caller's OPENID for one invocation: many requests share one process locally. */
  openidOf(context: unknown): string | undefined
  /** Base URL the functions can be reached at, e.g. for the payment notify URL. */
  publicUrl: string
}

const KEY = Symbol.for('member-center-live.local-cloud')

/** The local cloud's binding, when the code runs inside it. */
export function localBinding(): LocalCloudBinding | undefined {
  return (globalThis as Record<symbol, LocalCloudBinding | undefined>)[KEY]
}

/** Called by the local cloud once, before any function is loaded. */
export function bindLocalCloud(binding: LocalCloudBinding | undefined): void {
  ;(globalThis as Record<symbol, LocalCloudBinding | undefined>)[KEY] = binding
}
