/**
 * What is deployed of each function, copied into dist/deploy/functions/<fn>/: the bundle, package.json,
 * config.json and, for admin, the built page (public/). Never the TypeScript, the page source or the
 * source map: the upload tools pack a whole folder, so they are handed this one.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildFunctions } from '../build'
import { ROOT, type FunctionPlan } from './plan'

export const STAGE_DIR = path.join(ROOT, 'dist', 'deploy', 'functions')

export interface StagedFile {
  path: string
  bytes: number
}
export interface StagedFunction {
  name: string
  dir: string
  files: StagedFile[]
  bytes: number
}

/** Builds the bundles in place (what the devtools would upload too). */
export async function buildBundles(): Promise<void> {
  await buildFunctions()
}

/** `npm run build` (bundles and mini-program), then `npm run build:admin` when the back office has a build. */
export function buildEverything(log: (line: string) => void): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  log('构建云函数与小程序 / npm run build')
  execFileSync(npm, ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  const scripts = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>
    }
  ).scripts
  if (scripts?.['build:admin']) {
    log('构建直播卖货管理后台 / npm run build:admin')
    execFileSync(npm, ['run', '--silent', 'build:admin'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  } else log('跳过后台页面构建：没有 build:admin 脚本 / no build:admin script, back office page not built')
}

function listFiles(dir: string, base = dir): StagedFile[] {
  const out: StagedFile[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...listFiles(full, base))
    else
      out.push({ path: path.relative(base, full).split(path.sep).join('/'), bytes: fs.statSync(full).size })
  }
  return out.sort((a, b) => a.path.localeCompare(b.path))
}

/** Copies each function's deployable files (the bundles must be built) into its own clean folder. */
export function stageFunctions(functions: readonly FunctionPlan[]): StagedFunction[] {
  fs.rmSync(STAGE_DIR, { recursive: true, force: true })
  return functions.map((f) => {
    const dir = path.join(STAGE_DIR, f.name)
    fs.mkdirSync(dir, { recursive: true })
    const bundle = path.join(f.dir, 'index.js')
    if (!fs.existsSync(bundle))
      throw new Error(`${f.name}: 没有构建产物 / no bundle at ${bundle} (npm run build)`)
    fs.copyFileSync(bundle, path.join(dir, 'index.js'))
    fs.copyFileSync(path.join(f.dir, 'package.json'), path.join(dir, 'package.json'))
    if (fs.existsSync(path.join(f.dir, 'config.json')))
      fs.copyFileSync(path.join(f.dir, 'config.json'), path.join(dir, 'config.json'))
    const pub = path.join(f.dir, 'public')
    if (fs.existsSync(pub)) fs.cpSync(pub, path.join(dir, 'public'), { recursive: true })
    const files = listFiles(dir)
    return { name: f.name, dir, files, bytes: files.reduce((n, x) => n + x.bytes, 0) }
  })
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`
}
