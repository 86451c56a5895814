import path from 'node:path'

/** The six functions of SPEC; the local cloud serves each under its contract path. */
export const FUNCTIONS = ['member', 'live', 'order', 'sync', 'admin', 'payNotify'] as const

export type Main = (event: unknown, context?: unknown) => Promise<unknown>
export type FunctionMains = Partial<Record<string, Main>>

const ROOT = path.resolve(__dirname, '../..')

/** Loads every function's `main`: the built bundles (what is deployed) or their TypeScript sources. */
export function loadFunctions(kind: 'source' | 'bundle'): FunctionMains {
  const mains: FunctionMains = {}
  for (const fn of FUNCTIONS) {
    const file = path.join(ROOT, 'cloudfunctions', fn, kind === 'bundle' ? 'index.js' : 'index.ts')
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mains[fn] = (require(file) as { main: Main }).main
  }
  return mains
}
