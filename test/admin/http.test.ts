/** The HTTP wrapper and the admin function's page serving, with CloudBase HTTP access events and through the local cloud. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Hono } from 'hono'
import { mountStatic, PLACEHOLDER } from '../../cloudfunctions/_shared/runtime/admin-static'
import { httpFunction, jsonDepth, readJson } from '../../cloudfunctions/_shared/runtime/http'
import type { World } from '../support/world'
import { PASSWORD, send, startAdminWorld } from './support'

let world: World
let dir: string
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

beforeAll(async () => {
  world = await startAdminWorld()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-public-'))
  fs.mkdirSync(path.join(dir, 'assets'))
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><title>直播卖货管理</title><div id="app"></div>',
  )
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("页面")')
  fs.writeFileSync(path.join(dir, 'assets', 'logo-abc123.png'), PNG)
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not served')
}, 120_000)
afterAll(async () => {
  await world.cloud.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function pageFunction(publicDir: string) {
  const app = new Hono()
  mountStatic(app, publicDir)
  return httpFunction('admin', app)
}

const get = (main: ReturnType<typeof pageFunction>, p: string) =>
  main({
    path: p,
    httpMethod: 'GET',
    headers: {},
    queryStringParameters: {},
    body: '',
    isBase64Encoded: false,
  })

test('index.html at / and /index.html, never cached; assets with their type, cached a year; binary in base64', async () => {
  const main = pageFunction(dir)
  for (const p of ['/', '/index.html']) {
    const res = await get(main, p)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.body).toContain('<div id="app">')
  }
  const js = await get(main, '/assets/index-abc123.js')
  expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
  expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  expect(js.body).toBe('console.log("页面")')
  const png = await get(main, '/assets/logo-abc123.png')
  expect(png.headers['content-type']).toBe('image/png')
  expect(png.isBase64Encoded).toBe(true)
  expect(Buffer.from(png.body, 'base64').equals(PNG)).toBe(true)
})

test('nothing outside assets/ is served, however the path is spelt', async () => {
  const main = pageFunction(dir)
  for (const p of [
    '/assets/../secret.txt',
    '/assets/%2e%2e/secret.txt',
    '/assets/..%2fsecret.txt',
    '/secret.txt',
    '/assets/missing.js',
    '/assets/%00',
  ])
    expect((await get(main, p)).statusCode).toBe(404)
})

test('a clear Chinese placeholder when the page was not built', async () => {
  const res = await get(pageFunction(path.join(dir, 'nope')), '/')
  expect(res.statusCode).toBe(200)
  expect(res.body).toBe(PLACEHOLDER)
  expect(res.body).toContain('后台页面尚未构建')
})

test('a base64 request body is decoded; the JSON reader limits nesting', async () => {
  const body = Buffer.from(JSON.stringify({ username: 'owner', password: PASSWORD })).toString('base64')
  const res = await send('POST', '/api/login', { text: body, base64: true })
  expect(res.statusCode).toBe(200)
  expect(jsonDepth('{"a":"[[[[","b":[{}]}')).toBe(3)
  await expect(
    readJson(new Request('http://x', { method: 'POST', body: '['.repeat(40) + ']'.repeat(40) })),
  ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  await expect(
    readJson(new Request('http://x', { method: 'POST', body: '{"__proto__":{"a":1}}' })),
  ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  expect(({} as Record<string, unknown>).a).toBeUndefined()
})

test('through the local cloud at /admin/: the page, the API and the cookie a browser keeps', async () => {
  const page = await fetch(`${world.cloud.url}/admin/`)
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toContain('text/html')
  const login = await fetch(`${world.cloud.url}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'as1', password: PASSWORD }),
  })
  expect(login.status).toBe(200)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const me = await fetch(`${world.cloud.url}/admin/api/me`, { headers: { cookie } })
  expect(await me.json()).toMatchObject({
    ok: true,
    data: { username: 'as1', role: 'assistant', roomIds: [world.room.roomId] },
  })
  const unknown = await fetch(`${world.cloud.url}/admin/api/constructor`, { headers: { cookie } })
  expect(unknown.status).toBe(404)
  expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } })
})

test('an HTTP access event whose path keeps the /admin prefix reaches the same routes', async () => {
  const res = await send('POST', '/admin/api/login', { body: { username: 'owner', password: PASSWORD } })
  expect(res.statusCode).toBe(200)
  const page = await send('GET', '/admin')
  expect(page.statusCode).toBe(200)
  expect(page.headers['content-type']).toContain('text/html')
  // a path that only starts with the same letters is not under the mount
  expect((await send('GET', '/administrator/api/me')).statusCode).toBe(404)
})
