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

/**
 * Where upload builds: the function bundles and the back office page go here, not into cloudfunctions/,
 * so an upload never rewrites files a running local cloud or a test is reading.
 */
export const BUILD_DIR = path.join(ROOT, 'dist', 'deploy', 'build')

/** Builds the bundles into BUILD_DIR (setup:cloud creates each function with its code). */
export async function buildBundles(): Promise<void> {
  await buildFunctions(BUILD_DIR)
}

/**
 * What `npm run build` and `npm run build:admin` do, into BUILD_DIR: every function bundle, the
 * mini-program's type check (miniprogram-ci compiles its TypeScript itself), and the back office page
 * when the project has its build.
 */
export async function buildEverything(log: (line: string) => void): Promise<void> {
  log('构建云函数 / bundling the functions')
  fs.rmSync(BUILD_DIR, { recursive: true, force: true })
  await buildFunctions(BUILD_DIR)
  log('检查小程序 TypeScript / type-checking the mini-program')
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--noEmit',
      '-p',
      path.join(ROOT, 'miniprogram', 'tsconfig.json'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  )
  const scripts = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>
    }
  ).scripts
  if (scripts?.['build:admin']) {
    log('构建直播卖货管理后台 / npm run build:admin')
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    execFileSync(
      npm,
      [
        'run',
        '--silent',
        'build:admin',
        '--',
        '--outDir',
        path.join(BUILD_DIR, 'admin', 'public'),
        '--emptyOutDir',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    )
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

/**
 * Copies each function's deployable files into its own clean folder: the bundle and the admin page from
 * BUILD_DIR (falling back to the in-place build), package.json and config.json from the source.
 */
export function stageFunctions(functions: readonly FunctionPlan[]): StagedFunction[] {
  fs.rmSync(STAGE_DIR, { recursive: true, force: true })
  return functions.map((f) => {
    const dir = path.join(STAGE_DIR, f.name)
    fs.mkdirSync(dir, { recursive: true })
    const built = path.join(BUILD_DIR, f.name)
    const from = (name: string) =>
      fs.existsSync(path.join(built, name)) ? path.join(built, name) : path.join(f.dir, name)
    const bundle = from('index.js')
    if (!fs.existsSync(bundle))
      throw new Error(`${f.name}: 没有构建产物 / no bundle at ${bundle} (npm run upload builds it)`)
    fs.copyFileSync(bundle, path.join(dir, 'index.js'))
    fs.copyFileSync(path.join(f.dir, 'package.json'), path.join(dir, 'package.json'))
    if (fs.existsSync(path.join(f.dir, 'config.json')))
      fs.copyFileSync(path.join(f.dir, 'config.json'), path.join(dir, 'config.json'))
    const pub = from('public')
    if (fs.existsSync(pub))
      fs.cpSync(pub, path.join(dir, 'public'), {
        recursive: true,
        // Vite's manifest (.vite/) is for the tests, not for browsers
        filter: (src) => !src.split(path.sep).includes('.vite'),
      })
    const files = listFiles(dir)
    return { name: f.name, dir, files, bytes: files.reduce((n, x) => n + x.bytes, 0) }
  })
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`
}
