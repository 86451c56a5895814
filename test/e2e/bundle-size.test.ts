/**
 * The built page's first load (goal: ≤ 500 KB gzip): index.html, the entry with its preloads and
 * styles, and the opened section's chunk with everything it imports — for every section, the monitor
 * (ECharts) being the heaviest. TDesign components and ECharts are imported one by one, so an unused
 * component or chart type never reaches a browser.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { ensureBuilt, firstLoadSizes, PUBLIC } from './support/build'

const LIMIT = 500 * 1024

beforeAll(() => ensureBuilt(), 120_000)

test('every section opens within 500 KB gzip on a first visit', () => {
  const sizes = firstLoadSizes()
  expect(sizes.map((s) => s.route).sort()).toEqual([
    'audit-log',
    'enablement',
    'feeds',
    'goods',
    'login',
    'lottery',
    'monitor',
    'orders',
    'rooms',
    'settings',
    'shelf',
    'staff',
  ])
  console.log(sizes.map((s) => `${s.route} ${(s.gzipBytes / 1024).toFixed(1)} KiB`).join('\n'))
  for (const s of sizes)
    expect({ route: s.route, ok: s.gzipBytes <= LIMIT }).toEqual({ route: s.route, ok: true })
})

test('the built page refers to its assets relatively (served at /admin/ and behind CloudBase HTTP access)', () => {
  const html = fs.readFileSync(path.join(PUBLIC, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '')
  expect(refs.length).toBeGreaterThan(1)
  for (const ref of refs) expect(ref).toMatch(/^\.\/assets\//)
  // no full TDesign stylesheet: only the styles of the components in use
  const css = fs
    .readdirSync(path.join(PUBLIC, 'assets'))
    .filter((f) => f.endsWith('.css'))
    .reduce((n, f) => n + fs.statSync(path.join(PUBLIC, 'assets', f)).size, 0)
  const full = fs.statSync(
    path.join(__dirname, '../../node_modules/tdesign-vue-next/dist/tdesign.min.css'),
  ).size
  expect(css).toBeLessThan(full)
})

test('the page type-checks against typings/ (vue-tsc): a changed route shape fails here, not in a browser', async () => {
  const vueTsc = path.join(__dirname, '../../node_modules/vue-tsc/bin/vue-tsc.js')
  const tsconfig = path.join(__dirname, '../../cloudfunctions/admin/web/tsconfig.json')
  const out = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [vueTsc, '-p', tsconfig, '--noEmit'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('close', (code) => resolve({ code, output }))
  })
  expect(out).toEqual({ code: 0, output: '' })
}, 120_000)
