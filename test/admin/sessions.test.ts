/** Staff sign-in: limits that never lock the owner out, sessions stored hashed, revoked on logout and password change. */
import { Hono } from 'hono'
import type { SessionRecord } from '../../cloudfunctions/_shared/model'
import { mountAdminApi } from '../../cloudfunctions/_shared/runtime/admin'
import { adminRoutes } from '../../cloudfunctions/_shared/runtime/admin-routes'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { httpFunction } from '../../cloudfunctions/_shared/runtime/http'
import {
  LOGIN_MAX_PER_IP,
  LOGIN_MAX_PER_USER_IP,
  LOGIN_WINDOW_MS,
  SESSION_IDLE_MS,
} from '../../cloudfunctions/_shared/app/merchant/staff'
import type { World } from '../support/world'
import { Client, PASSWORD, signedIn, startAdminWorld } from './support'

let world: World
beforeAll(async () => {
  world = await startAdminWorld()
}, 120_000)
afterAll(() => world.cloud.close())

/** Start each test in a fresh login window, so earlier failures do not count. */
beforeEach(() => {
  const now = world.cloud.clock.now()
  world.cloud.clock.advance(LOGIN_WINDOW_MS - (now % LOGIN_WINDOW_MS) + 1)
})

test('the cookie is HttpOnly, SameSite=Strict, Path=/admin (not Secure on the local cloud); me carries the CSRF token', async () => {
  const c = new Client()
  const res = await c.login('owner')
  expect(res.status).toBe(200)
  const cookie = res.headers['set-cookie'] ?? ''
  expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43};/)
  expect(cookie).toContain('HttpOnly')
  expect(cookie).toContain('SameSite=Strict')
  expect(cookie).toContain('Path=/admin')
  expect(cookie).not.toContain('Secure')
  const me = await c.data<{ username: string; role: string; csrfToken: string }>('GET', 'me')
  expect(me).toMatchObject({ username: 'owner', role: 'owner', csrfToken: c.csrf })
})

test('in production the cookie is Secure', async () => {
  const app = new Hono()
  mountAdminApi(app, adminRoutes, { container, secure: () => true })
  const main = httpFunction('admin', app)
  const out = await main({
    path: '/api/login',
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'owner', password: PASSWORD }),
  })
  expect(out.statusCode).toBe(200)
  expect(out.headers['set-cookie']).toContain('Secure')
})

test('the session is stored by its hash, never as the cookie carries it', async () => {
  const c = await signedIn('op1')
  const sid = c.cookie.slice('sid='.length)
  const stored = (await world.cloud.db.collection('sessions').get()).data as unknown as SessionRecord[]
  expect(stored.length).toBeGreaterThan(0)
  expect(JSON.stringify(stored)).not.toContain(sid)
  expect(stored.some((s) => s.username === 'op1')).toBe(true)
})

test('a wrong password and an unknown user get the same answer', async () => {
  const wrong = await new Client('10.1.0.1').login('owner', 'not-the-password')
  const unknown = await new Client('10.1.0.2').login('nobody', 'not-the-password')
  expect(wrong.status).toBe(401)
  expect(unknown.status).toBe(401)
  expect(wrong.body).toEqual(unknown.body)
})

test("a stranger's failures from another IP never lock the owner out; the stranger is told when to try again", async () => {
  const stranger = new Client('203.0.113.9')
  const answers = []
  for (let i = 0; i < LOGIN_MAX_PER_IP + 5; i++) answers.push(await stranger.login('owner', `guess-${i}`))
  expect(answers.slice(0, LOGIN_MAX_PER_USER_IP).every((a) => a.status === 401)).toBe(true)
  const limited = answers[answers.length - 1]
  expect(limited?.status).toBe(429)
  if (limited && !limited.body.ok) {
    expect(limited.body.error.code).toBe('RATE_LIMITED')
    expect(limited.body.error.message).toMatch(/请\d+分钟后再试/)
  }
  // even the right password is refused from the stranger's address until the window ends
  expect((await stranger.login('owner', PASSWORD)).status).toBe(429)
  // the owner, from their own address, signs in at once
  const owner = new Client('198.51.100.7')
  expect((await owner.login('owner')).status).toBe(200)
  // and after the short window the stranger's address may try again
  world.cloud.clock.advance(LOGIN_WINDOW_MS)
  expect((await stranger.login('owner', 'one-more-guess')).status).toBe(401)
})

test('failures for one account from one address are limited before the address is', async () => {
  const c = new Client('192.0.2.50')
  for (let i = 0; i < LOGIN_MAX_PER_USER_IP; i++) expect((await c.login('op1', 'bad')).status).toBe(401)
  expect((await c.login('op1', PASSWORD)).status).toBe(429)
  // another account from the same address is not locked by that
  expect((await c.login('as1')).status).toBe(200)
})

test('a client-supplied X-Forwarded-For does not pick the counted address', async () => {
  for (let i = 0; i < LOGIN_MAX_PER_USER_IP; i++) {
    const c = new Client(`${i}.0.0.1, 192.0.2.77`)
    expect((await c.login('op1', 'bad')).status).toBe(401)
  }
  expect((await new Client('9.9.9.9, 192.0.2.77').login('op1', PASSWORD)).status).toBe(429)
})

test('logout revokes the session: the old cookie answers 401', async () => {
  const c = await signedIn('op1', '10.2.0.1')
  const cookie = c.cookie
  expect((await c.call('GET', 'me')).status).toBe(200)
  expect((await c.call('POST', 'logout', { body: {} })).status).toBe(200)
  const replay = new Client('10.2.0.1')
  replay.cookie = cookie
  expect((await replay.call('GET', 'me')).status).toBe(401)
})

test('a new password or disabling the account ends every session of it; the last owner cannot be disabled', async () => {
  const owner = await signedIn('owner', '10.3.0.1')
  const op = await signedIn('op1', '10.3.0.2')
  const opElsewhere = await signedIn('op1', '10.3.0.3')
  await owner.data('PUT', 'staff/op1', { body: { password: 'a-new-passw0rd' } })
  expect((await op.call('GET', 'me')).status).toBe(401)
  expect((await opElsewhere.call('GET', 'me')).status).toBe(401)
  expect((await new Client('10.3.0.2').login('op1', PASSWORD)).status).toBe(401)
  const again = new Client('10.3.0.4')
  expect((await again.login('op1', 'a-new-passw0rd')).status).toBe(200)
  await owner.data('PUT', 'staff/op1', { body: { disabled: true } })
  expect((await again.call('GET', 'me')).status).toBe(401)
  expect((await new Client('10.3.0.5').login('op1', 'a-new-passw0rd')).status).toBe(401)
  await owner.data('PUT', 'staff/op1', { body: { disabled: false, password: PASSWORD } })

  const last = await owner.call('PUT', 'staff/owner', { body: { disabled: true } })
  expect(last.status).toBe(409)
  expect((await owner.call('DELETE', 'staff/owner', { body: {} })).status).toBe(409)
  expect((await owner.call('PUT', 'staff/owner', { body: { role: 'operator' } })).status).toBe(409)
  expect((await owner.call('GET', 'me')).status).toBe(200)
})

test('a session ends after two idle hours', async () => {
  const c = await signedIn('as1', '10.4.0.1')
  world.cloud.clock.advance(SESSION_IDLE_MS - 60_000)
  expect((await c.call('GET', 'me')).status).toBe(200)
  world.cloud.clock.advance(SESSION_IDLE_MS - 60_000)
  expect((await c.call('GET', 'me')).status).toBe(200)
  world.cloud.clock.advance(SESSION_IDLE_MS + 1)
  expect((await c.call('GET', 'me')).status).toBe(401)
})

test('staff CRUD: an assistant gets rooms, a role change applies at once', async () => {
  const owner = await signedIn('owner', '10.5.0.1')
  const row = await owner.data<{ username: string; roomIds: number[] }>('POST', 'staff', {
    body: { username: 'as2', password: 'helper-passw0rd', role: 'assistant', roomIds: [world.room.roomId] },
  })
  expect(row).toMatchObject({ username: 'as2', roomIds: [world.room.roomId] })
  expect(
    (
      await owner.call('POST', 'staff', {
        body: { username: 'as2', password: 'x'.repeat(8), role: 'assistant' },
      })
    ).status,
  ).toBe(409)
  expect(
    (
      await owner.call('POST', 'staff', {
        body: { username: 'as3', password: 'x'.repeat(8), role: 'assistant', roomIds: [424242] },
      })
    ).status,
  ).toBe(404)
  const as2 = new Client('10.5.0.2')
  expect((await as2.login('as2', 'helper-passw0rd')).status).toBe(200)
  expect((await as2.call('GET', 'orders')).status).toBe(403)
  await owner.data('PUT', 'staff/as2', { body: { role: 'operator' } })
  expect((await as2.call('GET', 'orders')).status).toBe(200)
  await owner.data('DELETE', 'staff/as2', { body: {} })
  expect((await as2.call('GET', 'me')).status).toBe(401)
  const log = await owner.data<{ items: Array<{ action: string; target: string }> }>('GET', 'audit-log', {
    query: { actor: 'owner', action: 'staff.' },
  })
  expect(log.items.map((e) => e.action)).toEqual(
    expect.arrayContaining(['staff.add', 'staff.update', 'staff.remove']),
  )
})

test('two owners disabling each other at the same moment: an active owner always remains', async () => {
  const owner = await signedIn('owner', '10.6.0.1')
  await owner.data('POST', 'staff', {
    body: { username: 'owner2', password: 'second-owner-pw', role: 'owner', roomIds: [] },
  })
  const owner2 = new Client('10.6.0.2')
  expect((await owner2.login('owner2', 'second-owner-pw')).status).toBe(200)
  const [a, b] = await Promise.all([
    owner.call('PUT', 'staff/owner2', { body: { disabled: true } }),
    owner2.call('PUT', 'staff/owner', { body: { disabled: true } }),
  ])
  expect([a.status, b.status].filter((s) => s === 200).length).toBeLessThanOrEqual(1)
  const staff = (await world.cloud.db.collection('staff').get()).data as Array<{
    role: string
    active: boolean
  }>
  expect(staff.some((s) => s.role === 'owner' && s.active)).toBe(true)
  // put things back for the other tests
  for (const name of ['owner', 'owner2'])
    await world.cloud.db
      .collection('staff')
      .doc(name)
      .update({ data: { active: true } })
})
