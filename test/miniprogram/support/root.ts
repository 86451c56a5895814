/**
 * The tree miniprogram-simulate loads pages from: what `packNpm` would make of the mini-program, built in a
 * temporary folder. Templates and styles are linked; the TypeScript is copied, because Jest resolves a
 * link to its real folder, where a compiled .js (from an older build) would win over the .ts; every .json is
 * rewritten so that the npm component paths (`tdesign-miniprogram/<c>/<c>`), the live plugin's components
 * (`plugin-private://…`) and root-absolute paths become relative ones, which is how simulate and wcc resolve
 * them. TDesign's miniprogram_dist is ES modules; it is turned into CommonJS once, as packNpm would ship it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'

const REPO = path.resolve(__dirname, '../../..')
const SRC = path.join(REPO, 'miniprogram')
const TDESIGN = path.join(REPO, 'node_modules', 'tdesign-miniprogram')
const STUBS = path.join(__dirname, '..', 'stubs')
const PLUGIN_PREFIX = 'plugin-private://wx2b03c6e691cd7370/components/'

/** TDesign as packNpm ships it (CommonJS), built once per TDesign version under node_modules/.cache. */
export function tdesignDist(): string {
  const version = (
    JSON.parse(fs.readFileSync(path.join(TDESIGN, 'package.json'), 'utf8')) as { version: string }
  ).version
  const out = path.join(REPO, 'node_modules', '.cache', `mp-tdesign-${version}`)
  if (fs.existsSync(path.join(out, '.done'))) return out
  const tmp = `${out}.${process.pid}.${Date.now()}`
  // esbuild refuses to run inside jsdom (its Uint8Array differs), so the conversion runs in plain Node
  execFileSync(
    process.execPath,
    [path.join(__dirname, 'tdesign-cjs.js'), path.join(TDESIGN, 'miniprogram_dist'), tmp],
    {
      stdio: 'inherit',
    },
  )
  try {
    fs.renameSync(tmp, out)
  } catch {
    // another worker won the race: its copy is the same
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  return out
}

/** Rewrites one usingComponents path so that it resolves relative to the component at `fromDir`. */
function relink(root: string, fromDir: string, value: string): string {
  let target: string
  if (value.startsWith(PLUGIN_PREFIX))
    target = path.join(root, '__plugin__', value.slice(PLUGIN_PREFIX.length))
  else if (value.startsWith('tdesign-miniprogram/')) target = path.join(root, 'miniprogram_npm', value)
  else if (value.startsWith('/')) target = path.join(root, value)
  else return value
  const rel = path.relative(fromDir, target).replace(/\\/g, '/')
  return rel.startsWith('.') ? rel : `./${rel}`
}

function mirror(root: string, from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true })
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.name === 'miniprogram_npm' || e.name === 'node_modules') continue
    const src = path.join(from, e.name)
    const dst = path.join(to, e.name)
    if (e.isDirectory()) mirror(root, src, dst)
    else if (e.name.endsWith('.json')) {
      const json = JSON.parse(fs.readFileSync(src, 'utf8')) as { usingComponents?: Record<string, string> }
      for (const [tag, value] of Object.entries(json.usingComponents ?? {}))
        json.usingComponents![tag] = relink(root, to, value)
      fs.writeFileSync(dst, JSON.stringify(json))
    } else if (e.name.endsWith('.ts')) fs.copyFileSync(src, dst)
    else if (!e.name.endsWith('.js')) fs.symlinkSync(src, dst)
  }
}

let built: string | undefined

/** Builds (once per test file) the root folder: our mini-program, TDesign in miniprogram_npm, plugin stubs. */
export function testRoot(): string {
  if (built) return built
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-root-'))
  mirror(root, SRC, root)
  fs.mkdirSync(path.join(root, 'miniprogram_npm'))
  fs.symlinkSync(tdesignDist(), path.join(root, 'miniprogram_npm', 'tdesign-miniprogram'))
  mirror(root, STUBS, path.join(root, '__plugin__'))
  // TDesign requires tslib and dayjs by bare name; resolve them from the repository's node_modules
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'))
  built = root
  return root
}

/** Removes the root folder; its links are removed, never followed (the sources and node_modules stay). */
export function disposeTestRoot(): void {
  if (built) fs.rmSync(built, { recursive: true, force: true })
  built = undefined
}

/** Every .wxml and .wxs under the root (wcc wants the whole list; glob does not follow our links). */
export function templateLists(root: string): { wxmlList: string[]; wxsList: string[] } {
  const wxmlList: string[] = []
  const wxsList: string[] = []
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue
      const full = path.join(dir, e.name)
      const stat = fs.statSync(full)
      if (stat.isDirectory()) walk(full)
      else if (e.name.endsWith('.wxml')) wxmlList.push(path.relative(root, full))
      else if (e.name.endsWith('.wxs')) wxsList.push(path.relative(root, full))
    }
  }
  walk(root)
  return { wxmlList, wxsList }
}
