/**
 * ≥ 2 000 generated bad requests over every admin route (prototype names in paths and keys, deep
 * nesting, huge bodies, wrong types, operator objects where strings go, broken JSON, wrong methods):
 * never a 5xx, never INTERNAL_ERROR, always the envelope with a Chinese message, and nothing written.
 */
import type { z } from 'zod'
import { adminContract } from '../../cloudfunctions/_shared/contract/admin'
import type { World } from '../support/world'
import { type Client, send, signedIn, startAdminWorld, parse } from './support'

let world: World
let owner: Client
let erpKey = ''

beforeAll(async () => {
  world = await startAdminWorld()
  owner = await signedIn('owner')
  erpKey = (await owner.data<{ key: string }>('POST', 'erp-key', { body: {} })).key
}, 120_000)
afterAll(() => world.cloud.close())

const COLLECTIONS = [
  'audit_log',
  'goods',
  'rooms',
  'shelf',
  'orders',
  'prizes',
  'lotteries',
  'staff',
  'admin_meta',
  'stores',
  'cards',
  'stock',
  'settings',
  'members',
  'limits',
]

async function snapshot(): Promise<string> {
  const parts: string[] = []
  for (const name of COLLECTIONS)
    parts.push(JSON.stringify((await world.cloud.db.collection(name).limit(1000).get()).data))
  return parts.join('\n')
}

const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  'valueOf',
]
const BAD_SEGMENTS = [
  ...PROTO_NAMES,
  '..',
  '%2e%2e%2f',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '9'.repeat(40),
  'x'.repeat(300),
  '%00',
  '%E0%A4%A',
  ' ',
  '1.5',
  '0x10',
]

interface Route {
  key: string
  method: string
  path: string
  shape: Record<string, z.ZodType>
}

const routes: Route[] = Object.entries(adminContract).map(([key, decl]) => {
  const [method = '', path = ''] = key.split(' ')
  const shape = (decl.input as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {}
  return { key, method, path, shape }
})

/** A value of a JSON kind the field does not take: an object (a NoSQL operator) where a scalar goes, else a string. */
function wrongFor(field: z.ZodType): unknown {
  let def = (field as unknown as { def: { type: string; innerType?: z.ZodType } }).def
  while ((def.type === 'optional' || def.type === 'default') && def.innerType)
    def = (def.innerType as unknown as { def: { type: string; innerType?: z.ZodType } }).def
  return def.type === 'object' || def.type === 'record' ? 'not-an-object' : { $gt: '' }
}

function isNumber(field: z.ZodType): boolean {
  let def = (field as unknown as { def: { type: string; innerType?: z.ZodType } }).def
  while ((def.type === 'optional' || def.type === 'default') && def.innerType)
    def = (def.innerType as unknown as { def: { type: string; innerType?: z.ZodType } }).def
  return def.type === 'number' || def.type === 'union'
}

function isArray(field: z.ZodType): boolean {
  let def = (field as unknown as { def: { type: string; innerType?: z.ZodType } }).def
  while ((def.type === 'optional' || def.type === 'default') && def.innerType)
    def = (def.innerType as unknown as { def: { type: string; innerType?: z.ZodType } }).def
  return def.type === 'array'
}

function fill(path: string, seg?: string): string {
  return path
    .replace(':roomId', seg ?? String(world.room.roomId))
    .replace(':goodsId', seg ?? 'g1')
    .replace(':orderId', seg ?? '0123456789abcdef01234567')
    .replace(':code', seg ?? 'CODE1')
    .replace(':username', seg ?? 'op1')
    .replace(':lotteryId', seg ?? 'L1')
    .replace(':cardNo', seg ?? 'JY000001')
}

interface Case {
  name: string
  method: string
  path: string
  body?: string
  query?: Record<string, string>
  base64?: boolean
  erp?: boolean
}

function cases(): Case[] {
  const out: Case[] = []
  for (const r of routes) {
    const erp = r.path.startsWith('erp/')
    const base = { method: r.method, erp }
    const path = fill(r.path)
    const isGet = r.method === 'GET'
    const keys = Object.keys(r.shape)
    const withKey = (k: string, v: unknown): Case =>
      isGet
        ? {
            ...base,
            name: `${r.key} ?${k}`,
            path,
            query: { [k]: typeof v === 'string' ? v : JSON.stringify(v) },
          }
        : { ...base, name: `${r.key} .${k}`, path, body: `{${JSON.stringify(k)}:${JSON.stringify(v)}}` }
    // unknown and prototype keys, top level and nested
    for (const name of PROTO_NAMES) {
      out.push(withKey(name, 'x'))
      out.push(withKey(name, { polluted: true }))
      if (!isGet)
        out.push({
          ...base,
          name: `${r.key} nested ${name}`,
          path,
          body: `{"a":{${JSON.stringify(name)}:{"isAdmin":true}}}`,
        })
    }
    // every field of the wrong JSON kind (alone: so the request is surely invalid whatever else is optional)
    for (const k of keys) {
      // a query value is text: only a number field can be of the wrong kind there
      if (isGet && !isNumber(r.shape[k] as z.ZodType)) continue
      out.push(isGet ? withKey(k, 'abc') : withKey(k, wrongFor(r.shape[k] as z.ZodType)))
      if (!isArray(r.shape[k] as z.ZodType)) out.push(withKey(k, [1, [2, [3]]]))
    }
    // bad path parameters
    if (r.path.includes(':'))
      for (const seg of BAD_SEGMENTS)
        out.push({ ...base, name: `${r.key} /${seg}`, path: fill(r.path, seg), body: '{}' })
    if (!isGet) {
      for (const text of [
        '[]',
        '1',
        '"x"',
        'null',
        'true',
        '{',
        '{"a":',
        '\u0000',
        '{"a":1}}',
        '\uFEFF[]',
        '{"a":"\ud800"}',
        `{"x":${'['.repeat(200)}${']'.repeat(200)}}`,
        '{'.repeat(5000),
      ])
        out.push({ ...base, name: `${r.key} body ${text.slice(0, 12)}`, path, body: text })
      out.push({ ...base, name: `${r.key} deep`, path, body: `${'{"a":'.repeat(100)}1${'}'.repeat(100)}` })
      out.push({
        ...base,
        name: `${r.key} base64 garbage`,
        path,
        body: Buffer.from([0xff, 0xfe, 0x00, 0x81]).toString('base64'),
        base64: true,
      })
    } else {
      out.push({ ...base, name: `${r.key} page`, path, query: { page: '-1' } })
      out.push({ ...base, name: `${r.key} pageSize`, path, query: { pageSize: '100000' } })
      out.push({ ...base, name: `${r.key} page text`, path, query: { page: 'abc', unknown: '1' } })
    }
    // wrong methods on the route's path
    for (const m of ['PATCH', 'OPTIONS', r.method === 'GET' ? 'POST' : 'GET'])
      if (!routes.some((x) => x.method === m && fill(x.path) === path))
        out.push({ ...base, name: `${r.key} as ${m}`, method: m, path, body: '{}' })
  }
  // unknown routes, prototype names as routes ('..' is the URL's own business: it leaves /api/)
  for (const seg of BAD_SEGMENTS.filter((x) => x !== '..')) {
    out.push({ name: `unknown /${seg}`, method: 'GET', path: seg })
    out.push({ name: `unknown POST /${seg}`, method: 'POST', path: seg, body: '{}' })
    out.push({ name: `unknown rooms/1/${seg}`, method: 'GET', path: `rooms/1/${seg}` })
  }
  return out
}

test('≥ 2 000 bad requests: no 5xx, no INTERNAL_ERROR, a Chinese message, nothing written', async () => {
  const all = cases()
  expect(all.length).toBeGreaterThanOrEqual(2000)
  const before = await snapshot()
  const failures: string[] = []
  const statuses = new Map<number, number>()
  for (const c of all) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-forwarded-for': '10.9.9.9',
    }
    if (c.erp) headers.authorization = `Bearer ${erpKey}`
    if (c.method !== 'GET') headers['x-csrf-token'] = owner.csrf
    const out = await send(c.method, `/api/${c.path}`, {
      headers,
      cookie: owner.cookie,
      text: c.body ?? '',
      ...(c.query && { query: c.query }),
      ...(c.base64 && { base64: true }),
    })
    const res = parse(out)
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    const body = res.body as { ok: boolean; error?: { code: string; message: string } }
    if (
      res.status >= 500 ||
      res.status < 400 ||
      body.ok !== false ||
      body.error?.code === 'INTERNAL_ERROR' ||
      !/[\u4e00-\u9fff]/.test(body.error?.message ?? '')
    )
      failures.push(`${c.name} → ${res.status} ${JSON.stringify(body).slice(0, 200)}`)
  }
  expect(failures).toEqual([])
  expect(await snapshot()).toBe(before)
  // the fuzz ran signed in all along (no case logged the owner out)
  expect((await owner.call('GET', 'me')).status).toBe(200)
  console.log(`fuzz: ${all.length} requests`, Object.fromEntries([...statuses].sort()))
}, 300_000)

test('huge bodies are refused with 413 before anything reads them', async () => {
  const before = await snapshot()
  const big = JSON.stringify({ rows: [], pad: 'x'.repeat(6 * 1024 * 1024 + 10) })
  for (const path of ['lottery/import', 'feeds/stores', 'goods', 'rooms', 'erp/stock', 'login']) {
    const res = parse(
      await send('POST', `/api/${path}`, {
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': owner.csrf,
          authorization: `Bearer ${erpKey}`,
        },
        cookie: owner.cookie,
        text: big,
      }),
    )
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
  }
  const text = parse(
    await send('POST', '/api/feeds/cards', {
      headers: { 'content-type': 'text/plain', 'x-csrf-token': owner.csrf },
      cookie: owner.cookie,
      text: 'x'.repeat(101 * 1024),
    }),
  )
  expect(text.status).toBe(413)
  expect(await snapshot()).toBe(before)
})
