/**
 * npm run report [-- --no-build] [-- --no-miniprogram]: the deployed sizes and start-up times against
 * their goals — each function bundle's size, its cold `require` and its first invocation in a fresh
 * plain-node process (no tsx hooks), the mini-program's main package and subpackages (the offline
 * compile, after ci drops unused files), and the back office's first load (gzip of what index.html loads).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { build } from 'esbuild'
import { compileOffline, packMiniprogramNpm } from './ci'
import { planFunctions, ROOT } from './plan'
import { initialSettings } from './bootstrap'
import { BUILD_DIR, buildEverything, kib } from './stage'

export const GOALS = {
  bundleBytes: 400 * 1024,
  coldRequireMs: 30,
  mainPackageBytes: 600 * 1024,
  backOfficeGzipBytes: 500 * 1024,
}

const PROBE_DIR = path.join(ROOT, 'dist', 'deploy', 'probe')
/** Fresh processes per function: the least is the code's own cost, the median shows the machine's load. */
const RUNS = 7

interface Probe {
  requireMs: number
  sdkMs: number
  firstCallMs: number
}

/** Each function's first invocation: an action that reads the database through the repositories. */
const FIRST_EVENT: Record<string, string> = {
  live: "{ action: 'rooms' }",
  member: "{ action: 'profile' }",
  order: "{ action: 'list' }",
  sync: "{ Type: 'Timer', TriggerName: 'everyMinute', Time: new Date().toISOString() }",
  admin: "{ path: '/api/me', httpMethod: 'GET', headers: {}, queryStringParameters: {}, body: '' }",
  payNotify: "{ path: '/', httpMethod: 'POST', headers: {}, body: '{}' }",
}

/** The emulated database and the binding, bundled to plain JS so the probe runs without tsx. */
async function buildEmulator(): Promise<string> {
  const out = path.join(PROBE_DIR, 'emulator.js')
  const shared = path.join(ROOT, 'cloudfunctions', '_shared')
  await build({
    stdin: {
      contents: `export { createLocalDatabase } from ${JSON.stringify(path.join(shared, 'adapters/local/database'))}
export { bindLocalCloud } from ${JSON.stringify(path.join(shared, 'runtime/binding'))}`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  })
  return out
}

/** The bundle as upload ships it (its build in dist/deploy/build), else the in-place one. */
function bundleOf(fn: string): string {
  const built = path.join(BUILD_DIR, fn, 'index.js')
  return fs.existsSync(built) ? built : path.join(ROOT, 'cloudfunctions', fn, 'index.js')
}

/** One fresh process: require the bundle, load the SDK, bind the emulator, invoke once. */
function probe(fn: string, emulator: string): Probe {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `probe-${fn}-`))
  try {
    fs.copyFileSync(bundleOf(fn), path.join(dir, 'index.js'))
    fs.mkdirSync(path.join(dir, 'node_modules'))
    fs.symlinkSync(
      path.join(ROOT, 'node_modules', 'wx-server-sdk'),
      path.join(dir, 'node_modules', 'wx-server-sdk'),
    )
    const script = `
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6
let t = process.hrtime.bigint()
const m = require('./index.js')
const requireMs = ms(t)
t = process.hrtime.bigint()
require('wx-server-sdk')
const sdkMs = ms(t)
const emu = require(${JSON.stringify(emulator)})
const db = emu.createLocalDatabase()
emu.bindLocalCloud({ db, clock: { now: () => Date.now() }, openidOf: () => 'probe-openid', publicUrl: 'http://127.0.0.1:1' })
;(async () => {
  await db.collection('settings').add({ data: ${JSON.stringify(initialSettings('wx0000000000000000', 'http://127.0.0.1:1/payNotify', 0))} })
  t = process.hrtime.bigint()
  await m.main(${FIRST_EVENT[fn] ?? "{ action: 'nothing' }"}, { openid: 'probe-openid' })
  const firstCallMs = ms(t)
  console.log(JSON.stringify({ requireMs, sdkMs, firstCallMs }))
  process.exit(0)
})()`
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', QUIET_LOGS: '1', NODE_PATH: path.join(ROOT, 'node_modules') },
      encoding: 'utf8',
      // the functions' own log lines (a refusal, a missing payload) are not the figures
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    })
    return JSON.parse(out.trim().split('\n').pop() as string) as Probe
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

/** gzip size of index.html and of every script, module preload and stylesheet it names. */
export function backOfficeFirstLoad(): { files: number; gzip: number } | undefined {
  const built = path.join(BUILD_DIR, 'admin', 'public')
  const pub = fs.existsSync(built) ? built : path.join(ROOT, 'cloudfunctions', 'admin', 'public')
  const html = path.join(pub, 'index.html')
  if (!fs.existsSync(html)) return undefined
  const text = fs.readFileSync(html, 'utf8')
  const refs = [...text.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)]
    .map((m) => m[1] as string)
    .filter((r) => !/^(https?:)?\/\//.test(r))
  let gzip = zlib.gzipSync(text).length
  for (const ref of refs) {
    const file = path.join(pub, ref.replace(/^\.?\//, '').replace(/^admin\//, ''))
    if (fs.existsSync(file)) gzip += zlib.gzipSync(fs.readFileSync(file)).length
  }
  return { files: refs.length + 1, gzip }
}

const mark = (ok: boolean) => (ok ? '✓' : '✗ over goal')

export async function report(argv: readonly string[]): Promise<number> {
  if (!argv.includes('--no-build')) {
    await buildEverything(() => undefined)
  }
  fs.mkdirSync(PROBE_DIR, { recursive: true })
  const emulator = await buildEmulator()
  let failures = 0
  console.log(
    `云函数 / functions (goals: bundle ≤ ${kib(GOALS.bundleBytes)}, cold require ≤ ${GOALS.coldRequireMs} ms; least / median of ${RUNS} fresh processes)`,
  )
  console.log(
    '  function    bundle        map beside   require (least / median)   wx-server-sdk   first invocation   total',
  )
  for (const f of planFunctions()) {
    const bundle = bundleOf(f.name)
    const bytes = fs.statSync(bundle).size
    const map = fs.existsSync(bundle + '.map') ? fs.statSync(bundle + '.map').size : 0
    const inline = fs.readFileSync(bundle, 'utf8').includes('sourceMappingURL=data:')
    const runs = Array.from({ length: RUNS }, () => probe(f.name, emulator))
    const least = Math.min(...runs.map((r) => r.requireMs))
    const p = {
      requireMs: median(runs.map((r) => r.requireMs)),
      sdkMs: median(runs.map((r) => r.sdkMs)),
      firstCallMs: median(runs.map((r) => r.firstCallMs)),
    }
    const okSize = bytes <= GOALS.bundleBytes && !inline
    const okRequire = least <= GOALS.coldRequireMs
    if (!okSize) failures++
    if (!okRequire) failures++
    console.log(
      `  ${f.name.padEnd(10)}  ${kib(bytes).padStart(10)} ${mark(okSize).padEnd(2)}  ${kib(map).padStart(11)}  ${least.toFixed(1).padStart(5)} / ${p.requireMs.toFixed(1).padStart(5)} ms ${mark(okRequire)}  ${p.sdkMs.toFixed(0).padStart(8)} ms  ${p.firstCallMs.toFixed(1).padStart(8)} ms  ${(least + p.sdkMs + p.firstCallMs).toFixed(0).padStart(8)} ms`,
    )
  }

  if (!argv.includes('--no-miniprogram')) {
    await packMiniprogramNpm()
    const sizes = compileOffline()
    const ok = sizes.main <= GOALS.mainPackageBytes
    if (!ok) failures++
    console.log(`小程序 / mini-program (goal: main package ≤ ${kib(GOALS.mainPackageBytes)})`)
    console.log(`  main package   ${kib(sizes.main).padStart(10)} ${mark(ok)}`)
    for (const s of sizes.subpackages) console.log(`  ${s.root.padEnd(14)} ${kib(s.bytes).padStart(10)}`)
    console.log(`  total          ${kib(sizes.total).padStart(10)}`)
  }

  const admin = backOfficeFirstLoad()
  console.log(`直播卖货管理后台 / back office (goal: first load ≤ ${kib(GOALS.backOfficeGzipBytes)} gzip)`)
  if (admin) {
    const ok = admin.gzip <= GOALS.backOfficeGzipBytes
    if (!ok) failures++
    console.log(
      `  first load     ${kib(admin.gzip).padStart(10)} gzip ${mark(ok)}  (${admin.files} files named by index.html)`,
    )
  } else console.log('  未构建 / not built (npm run build:admin)')
  console.log(
    failures === 0 ? '全部达标 / every goal met' : `${failures} 项未达标 / ${failures} goal(s) missed`,
  )
  return failures === 0 ? 0 : 1
}

if (require.main === module) {
  report(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e))
      process.exit(1)
    },
  )
}
