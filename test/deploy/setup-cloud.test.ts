/**
 * `setup:cloud --dry-run` offline: its plan names every function folder and every collection, and its
 * indexes serve every query the repository suite sends. The suite's queries are recorded independently
 * of the plan's own sampling: the emulated database is wrapped for this file, and the repository suite
 * (test/adapters/repositories.test.ts) runs here against it, followed by the demo loader.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { served, type QueryShape } from '../../scripts/deploy/queries'
import type * as LocalDatabase from '../../cloudfunctions/_shared/adapters/local/database'
import type * as Queries from '../../scripts/deploy/queries'
import { startWorld } from '../support/world'
import type { CloudPlan } from '../../scripts/deploy/plan'

const ROOT = path.resolve(__dirname, '../..')
const recorded: QueryShape[] = []

jest.mock('../../cloudfunctions/_shared/adapters/local/database', () => {
  const actual = jest.requireActual<typeof LocalDatabase>(
    '../../cloudfunctions/_shared/adapters/local/database',
  )
  const { recordingDb } = jest.requireActual<typeof Queries>('../../scripts/deploy/queries')
  return {
    ...actual,
    createLocalDatabase: (options?: Parameters<typeof actual.createLocalDatabase>[0]) => {
      const db = actual.createLocalDatabase(options)
      // the local database's own extras (close, dropAll, counters) stay reachable on the wrapper
      // only the code's queries count, not a test reading the state directly
      const fromCode = () =>
        /cloudfunctions[\\/]_shared[\\/]adapters[\\/]db[\\/]/.test(new Error().stack ?? '')
      return Object.assign(
        Object.create(db) as object,
        recordingDb(db, (s) => {
          if (fromCode()) recorded.push(s)
        }),
      )
    },
  }
})

function run(args: string[]): { stdout: string; code: number } {
  try {
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/deploy/setup-cloud.ts', ...args],
      {
        cwd: ROOT,
        // no credentials, no proxy: a dry run must need neither
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    return { stdout, code: 0 }
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; status?: number }
    return { stdout: `${err.stdout ?? ''}${err.stderr ?? ''}`, code: err.status ?? 1 }
  }
}

let plan: CloudPlan
let text: string

beforeAll(() => {
  const json = run(['--dry-run', '--json'])
  expect(json.code).toBe(0)
  plan = JSON.parse(json.stdout) as CloudPlan
  const dry = run(['--dry-run'])
  expect(dry.code).toBe(0)
  text = dry.stdout
}, 120_000)

describe('setup:cloud --dry-run', () => {
  test('plans every function folder (index.ts + package.json, not _shared) with a current runtime', () => {
    const folders = fs
      .readdirSync(path.join(ROOT, 'cloudfunctions'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== '_shared')
      .filter((d) =>
        ['index.ts', 'package.json'].every((f) =>
          fs.existsSync(path.join(ROOT, 'cloudfunctions', d.name, f)),
        ),
      )
      .map((d) => d.name)
      .sort()
    expect(plan.functions.map((f) => f.name)).toEqual(folders)
    for (const f of plan.functions) {
      expect(text).toContain(f.name)
      const [major] = /Nodejs(\d+)/.exec(f.runtime)?.slice(1).map(Number) ?? [0]
      expect(major).toBeGreaterThanOrEqual(16)
      const config = path.join(ROOT, 'cloudfunctions', f.name, 'config.json')
      if (fs.existsSync(config)) {
        const c = JSON.parse(fs.readFileSync(config, 'utf8')) as {
          timeout?: number
          triggers?: Array<{ name: string }>
        }
        if (c.timeout !== undefined) expect(f.timeout).toBe(c.timeout)
        expect(f.triggers.map((t) => t.name)).toEqual((c.triggers ?? []).map((t) => t.name))
      }
    }
    expect(plan.functions.find((f) => f.name === 'admin')?.httpPath).toBe('/admin')
    expect(plan.functions.find((f) => f.name === 'payNotify')?.httpPath).toBe('/payNotify')
  })

  test('every repository method reached the database when sampled (so its queries are known)', () => {
    expect(plan.unsampled).toEqual([])
    expect(text).not.toContain('warning: these repository methods')
  })

  test('plans every collection support.ts names, each with rules denying client access', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { C } = require('../../cloudfunctions/_shared/adapters/db/support') as { C: Record<string, string> }
    const names = plan.collections.map((c) => c.name)
    for (const name of Object.values(C)) {
      expect(names).toContain(name)
      expect(text).toContain(name)
    }
    expect(plan.acl).toBe('ADMINONLY')
    for (const c of plan.collections) for (const ix of c.indexes) expect(text).toContain(ix.name)
  })
})

// The repository suite and the demo loader, run in this file against the recording database.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../adapters/repositories.test')

describe('the recorded queries of the repository suite and the demo', () => {
  test('the demo loads through the use cases', async () => {
    const world = await startWorld()
    await world.cloud.close()
  })

  test('every collection queried is planned and every query is served by a planned index', async () => {
    expect(recorded.length).toBeGreaterThan(100)
    const byName = new Map(plan.collections.map((c) => [c.name, c.indexes]))
    const unplanned = [...new Set(recorded.map((s) => s.collection))].filter((c) => !byName.has(c))
    expect(unplanned).toEqual([])
    const unserved = recorded.filter((s) => !served(s, byName.get(s.collection) ?? []))
    expect(unserved.map((s) => `${s.collection} ${JSON.stringify(s)}`)).toEqual([])
  })
})
