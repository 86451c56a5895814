/** npm run build: each function is one self-contained index.js that loads with only wx-server-sdk beside it. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildFunctions } from '../../scripts/build'
import { FUNCTIONS } from '../../scripts/local-cloud/functions'

const ROOT = path.resolve(__dirname, '../..')
let out: string
let sizes: Array<{ fn: string; bytes: number }>

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'bundles-'))
  sizes = await buildFunctions(out)
}, 60_000)
afterAll(() => fs.rmSync(out, { recursive: true, force: true }))

test('all six functions are bundled', () => {
  expect(sizes.map((s) => s.fn).sort()).toEqual([...FUNCTIONS].sort())
})

test.each([...FUNCTIONS])(
  '%s loads in a bare Node process and answers an unknown event without a stack',
  (fn) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bare-${fn}-`))
    try {
      fs.copyFileSync(path.join(out, fn, 'index.js'), path.join(dir, 'index.js'))
      fs.mkdirSync(path.join(dir, 'node_modules'))
      fs.symlinkSync(
        path.join(ROOT, 'node_modules', 'wx-server-sdk'),
        path.join(dir, 'node_modules', 'wx-server-sdk'),
      )
      const script = `
      const m = require('./index.js')
      const event = ${fn === 'admin' || fn === 'payNotify' ? "{ path: '/api/nothing', httpMethod: 'GET', headers: {} }" : "{ action: 'nothing' }"}
      Promise.resolve(m.main(event, {})).then((r) => console.log(JSON.stringify({ keys: Object.keys(m), r })))`
      const printed = execFileSync(process.execPath, ['-e', script], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '' },
        encoding: 'utf8',
        timeout: 20_000,
      })
      const { keys, r } = JSON.parse(printed.trim().split('\n').pop() as string) as {
        keys: string[]
        r: Record<string, unknown>
      }
      expect(keys).toEqual(['main'])
      if (fn === 'admin' || fn === 'payNotify') expect(r.statusCode).toBeGreaterThanOrEqual(400)
      else expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } })
      expect(printed).not.toMatch(/better-sqlite3|mingo/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
)

test('no bundle carries the local cloud (SQLite, mingo, simulators)', () => {
  for (const fn of FUNCTIONS) {
    const code = fs.readFileSync(path.join(out, fn, 'index.js'), 'utf8')
    expect(code).not.toMatch(/better-sqlite3|require\("mingo|sim\/wechat/)
  }
})
