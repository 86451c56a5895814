/**
 * The back office page as the admin function serves it: built with Vite into cloudfunctions/admin/public
 * unless a build newer than every source file is already there (npm start, npm run build, the browser
 * tests). Jest runs the e2e files in parallel workers, so one build at a time (a lock folder); the
 * others wait for it and reuse it. `npx tsx scripts/admin-page.ts` builds and lists each section's
 * first-load size.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const ROOT = path.resolve(__dirname, '..')
export const WEB = path.join(ROOT, 'cloudfunctions/admin/web')
export const PUBLIC = path.join(ROOT, 'cloudfunctions/admin/public')
// outside the tree (nothing for git to see if a run dies), one per checkout
const LOCK = path.join(
  os.tmpdir(),
  `admin-page-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}.lock`,
)
// types never change the output (Vite does not type-check): only the page's own folder counts
const SOURCES = [WEB]

function newest(dir: string): number {
  let latest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)
  }
  return latest
}

function upToDate(): boolean {
  const index = path.join(PUBLIC, 'index.html')
  if (!fs.existsSync(index) || !fs.existsSync(path.join(PUBLIC, '.vite/manifest.json'))) return false
  const built = fs.statSync(index).mtimeMs
  return SOURCES.every((dir) => newest(dir) <= built)
}

function viteBuild(outDir: string): Promise<void> {
  // vite is ESM-only and jest's module system is CommonJS: run its CLI (the same build() underneath)
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js')
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [vite, 'build', '--config', path.join(WEB, 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir'],
      { cwd: ROOT, env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
      (err, _stdout, stderr) => (err ? reject(new Error(`vite build failed:\n${stderr}`)) : resolve()),
    ),
  )
}

/**
 * Builds beside the served folder, then moves the new files in: hashed assets first, index.html last.
 * Another test file's browser may still be lazily loading the previous build's chunks, so those stay
 * until they are 10 minutes old.
 */
async function buildAndSwap(): Promise<void> {
  const tmp = path.join(os.tmpdir(), `admin-page-${process.pid}-${Date.now()}`)
  fs.rmSync(tmp, { recursive: true, force: true })
  try {
    await viteBuild(tmp)
    fs.mkdirSync(path.join(PUBLIC, 'assets'), { recursive: true })
    fs.mkdirSync(path.join(PUBLIC, '.vite'), { recursive: true })
    const fresh = new Set(fs.readdirSync(path.join(tmp, 'assets')))
    for (const f of fresh) fs.copyFileSync(path.join(tmp, 'assets', f), path.join(PUBLIC, 'assets', f))
    fs.copyFileSync(path.join(tmp, '.vite/manifest.json'), path.join(PUBLIC, '.vite/manifest.json'))
    fs.copyFileSync(path.join(tmp, 'index.html'), path.join(PUBLIC, 'index.html'))
    for (const f of fs.readdirSync(path.join(PUBLIC, 'assets'))) {
      const p = path.join(PUBLIC, 'assets', f)
      if (!fresh.has(f) && Date.now() - fs.statSync(p).mtimeMs > 10 * 60_000) fs.rmSync(p)
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Builds the page once for all the e2e files, unless an up-to-date build exists. */
export async function ensureBuilt(): Promise<void> {
  for (let waited = 0; ; waited += 250) {
    if (upToDate()) return
    try {
      fs.mkdirSync(LOCK)
    } catch {
      // another worker is building: wait for it (a lock older than 2 minutes is a crashed run)
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 120_000) fs.rmSync(LOCK, { recursive: true, force: true })
      if (waited > 120_000) throw new Error('timed out waiting for another worker to build the page')
      await wait(250)
      continue
    }
    try {
      if (!upToDate()) await buildAndSwap()
      return
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true })
    }
  }
}

interface ManifestChunk {
  file: string
  css?: string[]
  imports?: string[]
  isEntry?: boolean
  isDynamicEntry?: boolean
}

/**
 * What a browser downloads to show one section on a first visit: index.html, the entry with its
 * preloads and styles, and the section's chunk with everything it imports (gzip -9 bytes each).
 */
export function firstLoadSizes(): { route: string; gzipBytes: number }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(PUBLIC, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >
  const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(PUBLIC, file)), { level: 9 }).length
  const closure = (key: string, seen: Set<string>): Set<string> => {
    if (seen.has(key)) return seen
    seen.add(key)
    for (const i of manifest[key]?.imports ?? []) closure(i, seen)
    return seen
  }
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry)
  if (!entry) throw new Error('the build has no entry')
  const shell = closure(entry, new Set())
  return Object.keys(manifest)
    .filter((k) => manifest[k]?.isDynamicEntry && k.startsWith('src/pages/'))
    .map((k) => {
      const files = new Set<string>()
      for (const key of closure(k, new Set(shell))) {
        const c = manifest[key]
        if (!c) continue
        files.add(c.file)
        for (const css of c.css ?? []) files.add(css)
      }
      let bytes = gz('index.html')
      for (const f of files) bytes += gz(f)
      return { route: k.replace(/^src\/pages\/|\/index\.vue$/g, ''), gzipBytes: bytes }
    })
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  ensureBuilt()
    .then(() => {
      for (const { route, gzipBytes } of firstLoadSizes())
        console.log(`${route.padEnd(12)} ${(gzipBytes / 1024).toFixed(1)} KiB gzip`)
    })
    .catch((e: unknown) => {
      console.error(e)
      process.exit(1)
    })
}
