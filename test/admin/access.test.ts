/**
 * Every declared back-office route, enumerated from adminContract (a new route cannot escape): 401
 * without a session, 403 for each role the declaration does not allow, 403 for a state-changing call
 * without the CSRF header, 403 for an assistant on a room not assigned — and none of them writes.
 */
import { adminContract } from '../../cloudfunctions/_shared/contract/admin'
import type { CallerRule, StaffRole } from '../../cloudfunctions/_shared/contract/define'
import type { World } from '../support/world'
import { Client, signedIn, startAdminWorld } from './support'

let world: World
const sessions: Partial<Record<StaffRole, Client>> = {}
const ROLES: StaffRole[] = ['owner', 'operator', 'assistant']
const USER: Record<StaffRole, string> = { owner: 'owner', operator: 'op1', assistant: 'as1' }
/** A room the demo assistant is not assigned to (no such room needs to exist: the check comes first). */
const OTHER_ROOM = 987654

beforeAll(async () => {
  world = await startAdminWorld()
  for (const role of ROLES) sessions[role] = await signedIn(USER[role])
}, 120_000)
afterAll(() => world.cloud.close())

const routes = Object.entries(adminContract).map(([key, decl]) => {
  const [method = '', path = ''] = key.split(' ')
  return { key, method, path, caller: decl.caller as CallerRule }
})

/** The route's path with its params filled in. */
function pathOf(path: string, roomId = world.room.roomId): string {
  const goodsId = Object.values(world.goods)[0]?._id ?? 'g1'
  return path
    .replace(':roomId', String(roomId))
    .replace(':goodsId', goodsId)
    .replace(':orderId', '0123456789abcdef01234567')
    .replace(':code', 'NOCODE1')
    .replace(':username', 'op1')
    .replace(':lotteryId', 'L1-abc')
    .replace(':cardNo', 'JY000001')
}

async function writesSoFar(): Promise<number> {
  const names = [
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
  ]
  let n = 0
  for (const name of names) n += (await world.cloud.db.collection(name).count()).total
  return n
}

test('the contract declares the routes of ADMIN_API.md, each with a caller rule', () => {
  expect(routes.length).toBeGreaterThanOrEqual(53)
  for (const r of routes) expect(['guest', 'staff', 'erp']).toContain(r.caller.kind)
  expect(routes.filter((r) => r.caller.kind === 'guest').map((r) => r.key)).toEqual(['POST login'])
})

test.each(routes.filter((r) => r.caller.kind === 'staff').map((r) => [r.key, r] as const))(
  '%s: 401 without a session',
  async (_key, r) => {
    const before = await writesSoFar()
    const res = await new Client().call(r.method, pathOf(r.path), { body: {} })
    expect(res.status).toBe(401)
    expect(res.body.ok).toBe(false)
    if (!res.body.ok) expect(res.body.error.code).toBe('UNAUTHENTICATED')
    expect(await writesSoFar()).toBe(before)
  },
)

test.each(routes.filter((r) => r.caller.kind === 'erp').map((r) => [r.key, r] as const))(
  '%s: 401 without the ERP key, and a staff session is no ERP key',
  async (_key, r) => {
    const before = await writesSoFar()
    for (const client of [new Client(), sessions.owner as Client]) {
      const res = await client.call(r.method, pathOf(r.path), {
        body: { rows: [{ storeId: 'S9', name: '新店' }] },
        headers: { authorization: 'Bearer erp_not-the-key' },
      })
      expect(res.status).toBe(401)
    }
    expect(await writesSoFar()).toBe(before)
  },
)

const forbidden = routes.flatMap((r) =>
  r.caller.kind === 'staff'
    ? ROLES.filter((role) => !(r.caller as { roles: readonly StaffRole[] }).roles.includes(role)).map(
        (role) => [r.key, role, r] as const,
      )
    : [],
)

test('every role is refused somewhere and allowed somewhere', () => {
  expect(new Set(forbidden.map(([, role]) => role))).toEqual(new Set(['operator', 'assistant']))
})

test.each(forbidden)('%s: 403 for %s', async (_key, role, r) => {
  const before = await writesSoFar()
  const res = await (sessions[role] as Client).call(r.method, pathOf(r.path), { body: {} })
  expect(res.status).toBe(403)
  if (!res.body.ok) expect(res.body.error.code).toBe('FORBIDDEN')
  expect(await writesSoFar()).toBe(before)
})

const writes = routes.flatMap((r) =>
  r.caller.kind === 'staff' && r.method !== 'GET'
    ? (r.caller as { roles: readonly StaffRole[] }).roles.map((role) => [r.key, role, r] as const)
    : [],
)

test.each(writes)('%s: 403 for %s without the CSRF header', async (_key, role, r) => {
  const before = await writesSoFar()
  const res = await (sessions[role] as Client).call(r.method, pathOf(r.path), { body: {}, noCsrf: true })
  expect(res.status).toBe(403)
  if (!res.body.ok) expect(res.body.error.message).toContain('安全校验')
  // a wrong token is no better than none
  const wrong = await (sessions[role] as Client).call(r.method, pathOf(r.path), {
    body: {},
    noCsrf: true,
    headers: { 'x-csrf-token': 'x'.repeat(43) },
  })
  expect(wrong.status).toBe(403)
  expect(await writesSoFar()).toBe(before)
})

const roomRoutes = routes.filter(
  (r) => r.caller.kind === 'staff' && r.caller.roomOf && r.caller.roles.includes('assistant'),
)

test('the assistant may act on rooms: monitor, 上新链接, grab, push', () => {
  expect(roomRoutes.map((r) => r.key).sort()).toEqual(
    [
      'GET rooms/:roomId',
      'GET rooms/:roomId/monitor',
      'POST rooms/:roomId/goods',
      'POST rooms/:roomId/goods/:goodsId/grab',
      'POST rooms/:roomId/goods/:goodsId/push',
    ].sort(),
  )
})

test.each(roomRoutes.map((r) => [r.key, r] as const))(
  '%s: the assistant is refused on a room not assigned',
  async (_key, r) => {
    const before = await writesSoFar()
    const res = await (sessions.assistant as Client).call(r.method, pathOf(r.path, OTHER_ROOM), {
      body: r.path.endsWith('/goods') ? { goodsIds: ['g1'] } : r.path.endsWith('/grab') ? { open: true } : {},
    })
    expect(res.status).toBe(403)
    if (!res.body.ok) expect(res.body.error.message).toContain('未分配')
    expect(await writesSoFar()).toBe(before)
  },
)

test('…and served on the room assigned to them; the room list shows only theirs', async () => {
  const as1 = sessions.assistant as Client
  const snap = await as1.data<{ room: { roomId: number } }>('GET', `rooms/${world.room.roomId}/monitor`)
  expect(snap.room.roomId).toBe(world.room.roomId)
  const list = await as1.data<{ items: Array<{ roomId: number }> }>('GET', 'rooms')
  expect(list.items.map((r) => r.roomId)).toEqual([world.room.roomId])
})
