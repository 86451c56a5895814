/**
 * setup:cloud's steps against an environment: the first run creates everything the plan names, a second
 * run reads, finds it all in place and writes nothing, a drifted setting is put back, and a function made
 * with the wrong runtime (what miniprogram-ci does) is refused with what to do. Tencent Cloud is replaced
 * by an in-memory environment answering like @cloudbase/manager-node (there is no network here).
 */
import { applyCloudPlan } from '../../scripts/deploy/setup-cloud'
import { planCloud, type CloudPlan } from '../../scripts/deploy/plan'

interface Fn {
  Runtime: string
  Timeout: number
  MemorySize: number
  Triggers: Array<{ TriggerName: string; TriggerDesc: string; Type: string }>
}

function fakeEnvironment() {
  const functions = new Map<string, Fn>()
  const apis: Array<{ Path: string; Name: string }> = []
  const collections = new Map<string, Set<string>>()
  const acl = new Map<string, string>()
  const writes: string[] = []
  const notFound = () =>
    Object.assign(new Error('[GetFunction] ResourceNotFound.Function 函数不存在'), {
      code: 'ResourceNotFound.Function',
    })
  const app = {
    functions: {
      async getFunctionDetail(name: string) {
        const f = functions.get(name)
        if (!f) throw notFound()
        return structuredClone(f)
      },
      async createFunction({
        func,
      }: {
        func: {
          name: string
          runtime: string
          timeout: number
          memorySize: number
          triggers: Array<{ name: string; config: string }>
        }
      }) {
        writes.push(`createFunction ${func.name}`)
        functions.set(func.name, {
          Runtime: func.runtime,
          Timeout: func.timeout,
          MemorySize: func.memorySize,
          Triggers: func.triggers.map((t) => ({ TriggerName: t.name, TriggerDesc: t.config, Type: 'timer' })),
        })
      },
      async updateFunctionConfig({
        name,
        timeout,
        memorySize,
      }: {
        name: string
        timeout: number
        memorySize: number
      }) {
        writes.push(`updateFunctionConfig ${name}`)
        Object.assign(functions.get(name) as Fn, { Timeout: timeout, MemorySize: memorySize })
      },
      async createFunctionTriggers(name: string, triggers: Array<{ name: string; config: string }>) {
        writes.push(`createFunctionTriggers ${name}`)
        for (const t of triggers)
          (functions.get(name) as Fn).Triggers.push({
            TriggerName: t.name,
            TriggerDesc: t.config,
            Type: 'timer',
          })
      },
      async deleteFunctionTrigger(name: string, trigger: string) {
        writes.push(`deleteFunctionTrigger ${name}`)
        const f = functions.get(name) as Fn
        f.Triggers = f.Triggers.filter((t) => t.TriggerName !== trigger)
      },
    },
    access: {
      async getAccessList({ path }: { path: string }) {
        return { APISet: apis.filter((a) => a.Path === path) }
      },
      async createAccess({ name, path }: { name: string; path: string }) {
        writes.push(`createAccess ${path}`)
        apis.push({ Path: path, Name: name })
      },
      async deleteAccess({ path }: { path: string }) {
        writes.push(`deleteAccess ${path}`)
        apis.splice(
          apis.findIndex((a) => a.Path === path),
          1,
        )
      },
    },
    database: {
      async createCollectionIfNotExists(name: string) {
        if (collections.has(name)) return { IsCreated: false }
        writes.push(`createCollection ${name}`)
        collections.set(name, new Set())
        return { IsCreated: true }
      },
      async describeCollection(name: string) {
        return {
          Indexes: [{ Name: '_id_' }, ...[...(collections.get(name) ?? [])].map((Name) => ({ Name }))],
        }
      },
      async updateCollection(
        name: string,
        info: {
          CreateIndexes: Array<{
            IndexName: string
            MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }> }
          }>
        },
      ) {
        writes.push(`updateCollection ${name}`)
        for (const ix of info.CreateIndexes) {
          expect(ix.MgoKeySchema.MgoIndexKeys.every((k) => k.Direction === '1' || k.Direction === '-1')).toBe(
            true,
          )
          collections.get(name)?.add(ix.IndexName)
        }
      },
    },
    commonService: () => ({
      async call({ Action, Param }: { Action: string; Param: { CollectionName: string; AclTag?: string } }) {
        if (Action === 'DescribeDatabaseACL') return { AclTag: acl.get(Param.CollectionName) ?? 'PRIVATE' }
        if (Action === 'ModifyDatabaseACL') {
          writes.push(`ModifyDatabaseACL ${Param.CollectionName}`)
          acl.set(Param.CollectionName, Param.AclTag as string)
          return {}
        }
        throw new Error(`unexpected ${Action}`)
      },
    }),
  }
  return { app, functions, apis, collections, acl, writes }
}

let plan: CloudPlan
beforeAll(async () => {
  plan = await planCloud()
}, 60_000)

test('the first run creates what the plan names; the second writes nothing and reports everything unchanged', async () => {
  const env = fakeEnvironment()
  const first = await applyCloudPlan(env.app, plan, 'env-1', () => undefined)
  expect([...env.functions.keys()].sort()).toEqual(plan.functions.map((f) => f.name).sort())
  for (const f of plan.functions) {
    expect(env.functions.get(f.name)).toMatchObject({
      Runtime: f.runtime,
      Timeout: f.timeout,
      MemorySize: f.memorySize,
    })
    expect(env.functions.get(f.name)?.Triggers.map((t) => t.TriggerName)).toEqual(
      f.triggers.map((t) => t.name),
    )
  }
  expect(env.apis.map((a) => `${a.Path}→${a.Name}`).sort()).toEqual(['/admin→admin', '/payNotify→payNotify'])
  for (const c of plan.collections) {
    expect([...(env.collections.get(c.name) ?? [])].sort()).toEqual(c.indexes.map((i) => i.name).sort())
    expect(env.acl.get(c.name)).toBe('ADMINONLY')
  }
  expect(first.filter((s) => s.outcome !== 'unchanged').length).toBeGreaterThan(plan.collections.length)

  env.writes.length = 0
  const lines: string[] = []
  const second = await applyCloudPlan(env.app, plan, 'env-1', (l) => lines.push(l))
  expect(env.writes).toEqual([])
  expect(second.filter((s) => s.outcome !== 'unchanged')).toEqual([])
  expect(lines.filter((l) => l.startsWith('  ')).every((l) => l.startsWith('  = '))).toBe(true)
})

test('a drifted timeout, a lost timer and an open collection are put back, nothing else is touched', async () => {
  const env = fakeEnvironment()
  await applyCloudPlan(env.app, plan, 'env-1', () => undefined)
  const sync = env.functions.get('sync') as Fn
  sync.Timeout = 3
  sync.Triggers = []
  env.acl.set('orders', 'READONLY')
  env.writes.length = 0
  const steps = await applyCloudPlan(env.app, plan, 'env-1', () => undefined)
  expect(env.writes.sort()).toEqual([
    'ModifyDatabaseACL orders',
    'createFunctionTriggers sync',
    'updateFunctionConfig sync',
  ])
  expect(
    steps
      .filter((s) => s.outcome !== 'unchanged')
      .map((s) => s.what)
      .sort(),
  ).toEqual(['function sync config', 'rule orders ADMINONLY', 'timer sync/everyMinute'])
})

test('a function created on Node 8.9 (as miniprogram-ci does) is refused, saying how to fix it', async () => {
  const env = fakeEnvironment()
  env.functions.set('order', { Runtime: 'Nodejs8.9', Timeout: 3, MemorySize: 256, Triggers: [] })
  await expect(applyCloudPlan(env.app, plan, 'env-1', () => undefined)).rejects.toThrow(
    /Nodejs8\.9[\s\S]*删除[\s\S]*delete it in the console/,
  )
})
