/**
 * miniprogram-ci, as upload, preview and report use it: the project (the key is read by the tool from its
 * path and never by us, except to scrub it from messages), the npm build of the components the pages use,
 * and the mini-program's package sizes.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type * as MiniprogramCi from 'miniprogram-ci'
import { ROOT } from './plan'

export const MINIPROGRAM_DIR = path.join(ROOT, 'miniprogram')
const NPM_STAGE = path.join(ROOT, 'dist', 'deploy', 'miniprogram-npm')

type Ci = typeof MiniprogramCi

/** miniprogram-ci is loaded on first use: it is large, and setup:cloud and the plan never need it. */
export const loadCi = (): Ci =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('miniprogram-ci') as Ci

export type CiProject = InstanceType<ReturnType<typeof loadCi>['Project']>

/** The project for miniprogram-ci. Without a key (dry run) the project can only work offline. */
export function makeProject(appid: string, keyPath: string | undefined): CiProject {
  const ci = loadCi()
  const project = new ci.Project({
    appid,
    type: 'miniProgram',
    projectPath: ROOT,
    ...(keyPath ? { privateKeyPath: keyPath } : { privateKey: 'offline' }),
    ignores: [
      'node_modules/**/*',
      'dist/**/*',
      'cloudfunctions/**/*',
      'test/**/*',
      '**/*.test.ts',
      '**/*.map',
    ],
  })
  if (!keyPath) {
    // offline: the project attributes normally come from WeChat's servers, signed with the key
    ;(project as unknown as { attr: () => Promise<unknown> }).attr = async () => ci.DefaultProjectAttr
  }
  return project
}

function jsonFiles(dir: string): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'miniprogram_npm' || e.name === 'node_modules') continue
    const full = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...jsonFiles(full))
    else if (e.name.endsWith('.json')) out.push(full)
  }
  return out
}

/** The npm packages the pages' `usingComponents` name (e.g. tdesign-miniprogram), from the pages themselves. */
export function componentPackages(): string[] {
  const names = new Set<string>()
  for (const file of jsonFiles(MINIPROGRAM_DIR)) {
    let json: { usingComponents?: Record<string, string> }
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof json
    } catch {
      continue
    }
    for (const target of Object.values(json.usingComponents ?? {})) {
      if (/^(\.|\/|plugin:|plugin-private:)/.test(target)) continue
      const parts = target.split('/')
      names.add(target.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string))
    }
  }
  return [...names].sort()
}

/**
 * miniprogram-ci's npm build (packNpmManually) into miniprogram/miniprogram_npm, of only the packages the
 * pages use: the repository's own package.json lists the server's dependencies, which must not ship.
 */
export async function packMiniprogramNpm(): Promise<{
  packages: string[]
  packed: number
  warnings: number
}> {
  const ci = loadCi()
  const packages = componentPackages()
  fs.rmSync(NPM_STAGE, { recursive: true, force: true })
  fs.mkdirSync(path.join(NPM_STAGE, 'node_modules'), { recursive: true })
  const dependencies: Record<string, string> = {}
  for (const name of packages) {
    const installed = path.join(ROOT, 'node_modules', name)
    if (!fs.existsSync(installed))
      throw new Error(`小程序组件包 ${name} 未安装 / component package ${name} is not installed`)
    dependencies[name] = (
      JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string }
    ).version
    fs.mkdirSync(path.dirname(path.join(NPM_STAGE, 'node_modules', name)), { recursive: true })
    fs.symlinkSync(installed, path.join(NPM_STAGE, 'node_modules', name), 'dir')
  }
  fs.writeFileSync(
    path.join(NPM_STAGE, 'package.json'),
    JSON.stringify({ name: 'miniprogram-npm', private: true, dependencies }),
  )
  const res = await ci.packNpmManually({
    packageJsonPath: path.join(NPM_STAGE, 'package.json'),
    miniprogramNpmDistDir: MINIPROGRAM_DIR,
  })
  return { packages, packed: res.miniProgramPackNum + res.otherNpmPackNum, warnings: res.warnList.length }
}

export interface PackageSizes {
  files: number
  main: number
  subpackages: Array<{ root: string; bytes: number }>
  total: number
  ms: number
}

/** Splits compiled files into the main package and the subpackages of app.json. */
export function packageSizes(files: Record<string, number>, ms: number): PackageSizes {
  const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_DIR, 'app.json'), 'utf8')) as {
    subpackages?: Array<{ root: string }>
    subPackages?: Array<{ root: string }>
  }
  const roots = (app.subpackages ?? app.subPackages ?? []).map((s) => s.root.replace(/^\/|\/?$/g, '') + '/')
  const subpackages = roots.map((root) => ({ root, bytes: 0 }))
  let main = 0
  for (const [file, bytes] of Object.entries(files)) {
    const rel = file.replace(/^\/?(miniprogram\/)?/, '')
    const sub = subpackages.find((s) => rel.startsWith(s.root))
    if (sub) sub.bytes += bytes
    else main += bytes
  }
  return {
    files: Object.keys(files).length,
    main,
    subpackages,
    total: main + subpackages.reduce((n, s) => n + s.bytes, 0),
    ms,
  }
}

/**
 * The offline compile (miniprogram-ci getCompiledResult with the default project attributes), in a fresh
 * process: ci caches the project within a process and would answer stale results after an edit.
 */
export function compileOffline(): PackageSizes {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'compile-offline.ts')],
    {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  const line = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'))
  if (!line) throw new Error(`离线编译没有结果 / the offline compile printed no result:\n${out}`)
  const parsed = JSON.parse(line) as {
    ok: boolean
    error?: string
    files?: Record<string, number>
    ms?: number
  }
  if (!parsed.ok) throw new Error(`离线编译失败 / the offline compile failed: ${parsed.error}`)
  return packageSizes(parsed.files ?? {}, parsed.ms ?? 0)
}
