/**
 * npm run setup:cloud [-- --dry-run] [-- --json]: makes the CloudBase environment match the plan read from
 * the repository (plan.ts) with @cloudbase/manager-node — functions with a current runtime, their timeout,
 * memory and timers; the HTTP access paths; the collections, their indexes and security rules.
 * Idempotent: each step reads first and changes only what differs; a second run says nothing changed.
 * Credentials: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY and TCB_ENV, from the environment.
 */
import { describePlan, planCloud, type CloudPlan, type FunctionPlan } from './plan'
import { bootstrap, remoteDatabase } from './bootstrap'
import { MissingSettings, readSettings, redact } from './settings'
import { buildBundles, stageFunctions, STAGE_DIR } from './stage'

export type Outcome = 'unchanged' | 'created' | 'updated'
export interface Step {
  what: string
  outcome: Outcome
  detail?: string
}

/* eslint-disable @typescript-eslint/no-explicit-any -- manager-node's answers are loosely typed */
type Manager = any

function isNotFound(e: unknown): boolean {
  const err = e as { code?: string; message?: string }
  return /ResourceNotFound|NotFound|not exist|不存在/i.test(`${err.code ?? ''} ${err.message ?? ''}`)
}

async function ensureFunction(app: Manager, f: FunctionPlan): Promise<Step[]> {
  const steps: Step[] = []
  const fn = app.functions
  let detail: any
  try {
    detail = await fn.getFunctionDetail(f.name)
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
  if (!detail) {
    await fn.createFunction({
      func: {
        name: f.name,
        runtime: f.runtime,
        timeout: f.timeout,
        memorySize: f.memorySize,
        handler: 'index.main',
        installDependency: true,
        triggers: f.triggers,
      },
      functionRootPath: STAGE_DIR,
      force: false,
    })
    steps.push({
      what: `function ${f.name}`,
      outcome: 'created',
      detail: `${f.runtime}, ${f.timeout}s, ${f.memorySize}MB`,
    })
    return steps
  }
  if (detail.Runtime !== f.runtime) {
    // CloudBase fixes the runtime at creation (UpdateFunctionConfiguration has no Runtime)
    throw new Error(
      `云函数 ${f.name} 的运行时是 ${detail.Runtime}，需要 ${f.runtime}，运行时只能在创建时指定：请在云开发控制台删除该函数后重新运行 setup:cloud。\n` +
        `function ${f.name} runs ${detail.Runtime}, not ${f.runtime}; a runtime is fixed at creation: delete it in the console and run setup:cloud again.`,
    )
  }
  if (Number(detail.Timeout) !== f.timeout || Number(detail.MemorySize) !== f.memorySize) {
    await fn.updateFunctionConfig({ name: f.name, timeout: f.timeout, memorySize: f.memorySize })
    steps.push({
      what: `function ${f.name} config`,
      outcome: 'updated',
      detail: `timeout ${detail.Timeout}→${f.timeout}s, memory ${detail.MemorySize}→${f.memorySize}MB`,
    })
  } else steps.push({ what: `function ${f.name}`, outcome: 'unchanged' })

  const existing: Array<{ TriggerName: string; TriggerDesc: string; Type: string }> = detail.Triggers ?? []
  for (const t of f.triggers) {
    const found = existing.find((x) => x.TriggerName === t.name)
    // TriggerDesc comes back as JSON ({"cron":"…"}) on some accounts and as the bare cron on others
    const same = found && (found.TriggerDesc === t.config || String(found.TriggerDesc).includes(t.config))
    if (same) {
      steps.push({ what: `timer ${f.name}/${t.name}`, outcome: 'unchanged' })
      continue
    }
    if (found) await fn.deleteFunctionTrigger(f.name, t.name)
    await fn.createFunctionTriggers(f.name, [t])
    steps.push({
      what: `timer ${f.name}/${t.name}`,
      outcome: found ? 'updated' : 'created',
      detail: t.config,
    })
  }
  return steps
}

async function ensureAccess(app: Manager, f: FunctionPlan): Promise<Step | undefined> {
  if (!f.httpPath) return undefined
  const list = await app.access.getAccessList({ path: f.httpPath })
  const api = (list.APISet ?? []).find((a: { Path: string }) => a.Path === f.httpPath)
  if (api && api.Name === f.name) return { what: `HTTP ${f.httpPath} → ${f.name}`, outcome: 'unchanged' }
  if (api) await app.access.deleteAccess({ path: f.httpPath })
  await app.access.createAccess({ name: f.name, path: f.httpPath, type: 1 })
  return { what: `HTTP ${f.httpPath} → ${f.name}`, outcome: api ? 'updated' : 'created' }
}

async function ensureCollections(app: Manager, plan: CloudPlan, envId: string): Promise<Step[]> {
  const steps: Step[] = []
  const db = app.database
  const tcb = app.commonService('tcb', '2018-06-08')
  for (const c of plan.collections) {
    const created = await db.createCollectionIfNotExists(c.name)
    steps.push({ what: `collection ${c.name}`, outcome: created.IsCreated ? 'created' : 'unchanged' })
    const described = await db.describeCollection(c.name)
    const have = new Set<string>((described.Indexes ?? []).map((i: { Name: string }) => i.Name))
    const missing = c.indexes.filter((ix) => !have.has(ix.name))
    if (missing.length > 0) {
      await db.updateCollection(c.name, {
        CreateIndexes: missing.map((ix) => ({
          IndexName: ix.name,
          MgoKeySchema: {
            MgoIndexKeys: ix.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })),
            MgoIsUnique: false,
          },
        })),
      })
    }
    for (const ix of c.indexes)
      steps.push({ what: `index ${c.name}.${ix.name}`, outcome: have.has(ix.name) ? 'unchanged' : 'created' })
    const acl = await tcb.call({
      Action: 'DescribeDatabaseACL',
      Param: { EnvId: envId, CollectionName: c.name },
    })
    if (acl.AclTag === plan.acl) steps.push({ what: `rule ${c.name} ${plan.acl}`, outcome: 'unchanged' })
    else {
      await tcb.call({
        Action: 'ModifyDatabaseACL',
        Param: { EnvId: envId, CollectionName: c.name, AclTag: plan.acl },
      })
      steps.push({ what: `rule ${c.name} ${plan.acl}`, outcome: 'updated', detail: `was ${acl.AclTag}` })
    }
  }
  return steps
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const MARK: Record<Outcome, string> = { unchanged: '=', created: '+', updated: '~' }

const formatStep = (st: Step) => `  ${MARK[st.outcome]} ${st.what}${st.detail ? `  (${st.detail})` : ''}`

/**
 * Steps 2–4 against an environment (`app`: a @cloudbase/manager-node instance): functions, HTTP access,
 * collections with indexes and rules. Each step reads before it writes; what already matches is reported
 * unchanged.
 */
export async function applyCloudPlan(
  app: unknown,
  plan: CloudPlan,
  envId: string,
  log: (line: string) => void,
): Promise<Step[]> {
  const steps: Step[] = []
  const report = (list: Array<Step | undefined>) => {
    for (const st of list) {
      if (!st) continue
      steps.push(st)
      log(formatStep(st))
    }
  }
  log(`[2/5] 云函数 / functions in ${envId}`)
  for (const f of plan.functions) report(await ensureFunction(app, f))
  log(`[3/5] HTTP 访问服务 / HTTP access`)
  for (const f of plan.functions) report([await ensureAccess(app, f)])
  log(`[4/5] 数据库集合、索引与安全规则 / collections, indexes, security rules`)
  report(await ensureCollections(app, plan, envId))
  return steps
}

export async function setupCloud(argv: readonly string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run')
  const plan = await planCloud()
  if (argv.includes('--json')) {
    console.log(JSON.stringify(plan, null, 2))
    if (dryRun) return 0
  }
  if (dryRun) {
    console.log('setup:cloud --dry-run：以下为计划，未连接网络 / the plan, no network used\n')
    console.log(describePlan(plan))
    console.log(
      '初始数据 / initial data: settings (WeChat and 扫呗 addresses, payNotify URL; secrets filled in 设置) unless present; account owner (店主, password ADMIN_PASSWORD) unless any staff exists',
    )
    console.log(
      '\n真正执行时读取 TCB_ENV、TENCENTCLOUD_SECRETID、TENCENTCLOUD_SECRETKEY / a real run reads TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY',
    )
    return 0
  }
  const s = readSettings(['TCB_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'])
  const secrets = [s.TENCENTCLOUD_SECRETID, s.TENCENTCLOUD_SECRETKEY]
  try {
    console.log(`[1/5] 构建云函数 / building the function bundles`)
    await buildBundles()
    stageFunctions(plan.functions)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const CloudBase = require('@cloudbase/manager-node') as new (config: object) => unknown
    const app = new CloudBase({
      secretId: s.TENCENTCLOUD_SECRETID,
      secretKey: s.TENCENTCLOUD_SECRETKEY,
      envId: s.TCB_ENV,
    })
    const steps = await applyCloudPlan(app, plan, s.TCB_ENV, (line) => console.log(line))
    const report = (list: Step[]) => {
      for (const st of list) {
        steps.push(st)
        console.log(formatStep(st))
      }
    }
    console.log(`[5/5] 初始设置与首个店主账号 / initial settings and the first owner account`)
    const domain = (await (app as Manager).access.getDomainList()) as { DefaultDomain?: string }
    const boot = await bootstrap(
      remoteDatabase(s.TCB_ENV, s.TENCENTCLOUD_SECRETID, s.TENCENTCLOUD_SECRETKEY),
      {
        appid: process.env.WX_APPID ?? '',
        notifyUrl: domain.DefaultDomain ? `https://${domain.DefaultDomain}/payNotify` : '',
        ownerPassword: process.env.ADMIN_PASSWORD,
      },
    )
    report([
      { what: 'settings (secrets empty: fill them in 设置)', outcome: boot.settings },
      ...(boot.owner === 'skipped'
        ? []
        : [{ what: 'back-office account owner (店主)', outcome: boot.owner }]),
    ])
    if (boot.note) console.log(`  ! ${boot.note}`)
    const changed = steps.filter((st) => st.outcome !== 'unchanged').length
    console.log(
      changed === 0
        ? '\n无需变更：环境已与计划一致 / nothing to change: the environment already matches the plan'
        : `\n完成：${changed} 项变更 / done: ${changed} change(s)`,
    )
    return 0
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    console.error(`\nsetup:cloud 失败 / failed: ${redact(message, secrets)}`)
    return 1
  }
}

if (require.main === module) {
  setupCloud(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof MissingSettings ? e.message : e instanceof Error ? e.message : String(e))
      process.exit(1)
    },
  )
}
