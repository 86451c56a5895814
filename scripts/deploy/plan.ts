/**
 * What a CloudBase environment must contain, read from the repository: the functions (every folder of
 * cloudfunctions/ with index.ts and package.json, except _shared) with their config.json, and the
 * collections with the indexes their queries need (queries.ts). Shared by setup:cloud, upload and report.
 */
import fs from 'node:fs'
import path from 'node:path'
import { planCollections, type CollectionPlan } from './queries'

export const ROOT = path.resolve(__dirname, '../..')
export const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions')

/**
 * The runtime every function is created with: the newest Node.js CloudBase offers that wx-server-sdk
 * supports (CloudBase lists 16.13 … 24.11; manager-node defaults to 20.19). A runtime is fixed when the
 * function is created, which is why functions are created here and not by miniprogram-ci (Nodejs8.9).
 */
export const RUNTIME = 'Nodejs20.19'
/** CloudBase's own default is 3 s: too short for a call that waits on WeChat or 扫呗. */
export const DEFAULT_TIMEOUT_S = 10
export const DEFAULT_MEMORY_MB = 256

/** The HTTP access paths (云接入 / HTTP 访问服务) of the functions that answer browsers and 扫呗. */
export const HTTP_PATHS: Readonly<Record<string, string>> = { admin: '/admin', payNotify: '/payNotify' }

/** Every collection is reachable only through the functions (rule 1: the client never reads the database). */
export const COLLECTION_ACL = 'ADMINONLY'

export interface Trigger {
  name: string
  type: 'timer'
  config: string
}

export interface FunctionPlan {
  name: string
  dir: string
  runtime: string
  timeout: number
  memorySize: number
  triggers: Trigger[]
  httpPath?: string
}

interface ConfigJson {
  timeout?: number
  memorySize?: number
  runtime?: string
  triggers?: Array<{ name: string; type: string; config: string }>
}

/** Every deployable function, from the folders (so a new function cannot be left out). */
export function planFunctions(): FunctionPlan[] {
  return fs
    .readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
    .filter(
      (d) =>
        fs.existsSync(path.join(FUNCTIONS_DIR, d.name, 'index.ts')) &&
        fs.existsSync(path.join(FUNCTIONS_DIR, d.name, 'package.json')),
    )
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(FUNCTIONS_DIR, name)
      const configFile = path.join(dir, 'config.json')
      const config: ConfigJson = fs.existsSync(configFile)
        ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as ConfigJson)
        : {}
      const triggers = (config.triggers ?? []).map((t) => {
        if (t.type !== 'timer')
          throw new Error(`${name}/config.json: trigger ${t.name} is ${t.type}, only timer is supported`)
        return { name: t.name, type: 'timer' as const, config: t.config }
      })
      const plan: FunctionPlan = {
        name,
        dir,
        runtime: config.runtime ?? RUNTIME,
        timeout: config.timeout ?? DEFAULT_TIMEOUT_S,
        memorySize: config.memorySize ?? DEFAULT_MEMORY_MB,
        triggers,
      }
      const httpPath = HTTP_PATHS[name]
      if (httpPath) plan.httpPath = httpPath
      return plan
    })
}

export interface CloudPlan {
  functions: FunctionPlan[]
  collections: CollectionPlan[]
  acl: string
  /** Repository methods that sent no query when sampled: their indexes are unknown (queries.ts SAMPLES). */
  unsampled: string[]
}

export async function planCloud(): Promise<CloudPlan> {
  const { collections, unsampled } = await planCollections()
  return { functions: planFunctions(), collections, acl: COLLECTION_ACL, unsampled }
}

/** The plan as the dry run prints it. */
export function describePlan(plan: CloudPlan): string {
  const lines: string[] = ['云函数 / cloud functions:']
  for (const f of plan.functions) {
    const extra = [
      ...f.triggers.map((t) => `timer ${t.name} "${t.config}"`),
      ...(f.httpPath ? [`HTTP ${f.httpPath}`] : []),
    ]
    lines.push(
      `  ${f.name.padEnd(10)} ${f.runtime} timeout ${f.timeout}s memory ${f.memorySize}MB${extra.length ? '  ' + extra.join(', ') : ''}`,
    )
  }
  lines.push(`集合与索引 / collections and indexes (security rule ${plan.acl} on each):`)
  for (const c of plan.collections) {
    lines.push(`  ${c.name}`)
    for (const ix of c.indexes)
      lines.push(
        `    index ${ix.name} (${ix.keys.map((k) => `${k.field} ${k.direction === 1 ? 'asc' : 'desc'}`).join(', ')})`,
      )
  }
  if (plan.unsampled.length > 0)
    lines.push(
      `注意：这些仓储方法用占位参数没有发出查询，其索引未知，请在 scripts/deploy/queries.ts 的 SAMPLES 中为它们补充调用 / ` +
        `warning: these repository methods sent no query with placeholder arguments; add calls for them to SAMPLES in scripts/deploy/queries.ts: ${plan.unsampled.join(', ')}`,
    )
  return lines.join('\n')
}
