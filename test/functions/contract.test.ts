/**
 * Issue 9: every member-facing action is declared once — an input schema and a caller rule each — and
 * each function mounts exactly its declarations (nothing more, nothing less), checked through the real
 * entries with events the declarations refuse.
 */
import { memberContract } from '../../cloudfunctions/_shared/contract/member'
import { liveContract } from '../../cloudfunctions/_shared/contract/live'
import { orderContract } from '../../cloudfunctions/_shared/contract/order'
import { syncContract } from '../../cloudfunctions/_shared/contract/sync'
import type { Contract } from '../../cloudfunctions/_shared/contract/define'
import type { Result } from '../../typings/api'
import { startWorld, type World } from '../support/world'

const CONTRACTS: Record<string, Contract> = {
  member: memberContract,
  live: liveContract,
  order: orderContract,
  sync: syncContract,
}
const declared = Object.entries(CONTRACTS).flatMap(([fn, c]) =>
  Object.entries(c).map(([name, d]) => [fn, name, d] as const),
)

let world: World
beforeAll(async () => {
  world = await startWorld({ demo: false })
})
afterAll(() => world.cloud.close())

test.each(declared)('%s.%s has an input schema and a caller rule', (_fn, _name, decl) => {
  expect(typeof decl.input.safeParse).toBe('function')
  expect(['guest', 'member', 'timer', 'staff', 'erp']).toContain(decl.caller.kind)
  // every input refuses keys it does not declare (a caller cannot smuggle a field in)
  expect(decl.input.safeParse({ __smuggled: 1 }).success).toBe(false)
})

test.each(declared)(
  '%s.%s is mounted: the entry knows the action and checks its input',
  async (fn, name, decl) => {
    const res = await world.cloud.call<Result<unknown>>(fn, { action: name, __smuggled: 1 }, 'o_contract')
    expect(res.ok).toBe(false)
    if (res.ok) return
    // a timer action is refused for a member before its input is looked at; the others validate
    expect(res.error.code).toBe(decl.caller.kind === 'timer' ? 'FORBIDDEN' : 'INVALID_INPUT')
  },
)

test.each(Object.keys(CONTRACTS))('%s mounts nothing it does not declare', async (fn) => {
  const res = await world.cloud.call<Result<unknown>>(fn, { action: 'undeclared' }, 'o_contract')
  expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } })
})

test('member actions need a WeChat user; a guest may watch', async () => {
  for (const [name, d] of Object.entries(memberContract)) {
    expect(d.caller.kind).toBe('member')
    expect(await world.cloud.call<Result<unknown>>('member', { action: name })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
  }
  for (const d of Object.values(liveContract)) expect(d.caller.kind).toBe('guest')
})

test('the local cloud lists every declared action with its caller rule, read from the declarations', async () => {
  const index = (await (await fetch(`${world.cloud.url}/`)).json()) as {
    data: { actions: Record<string, Record<string, string>>; admin: { api: Record<string, string> } }
  }
  for (const [fn, contract] of Object.entries(CONTRACTS))
    expect(Object.keys(index.data.actions[fn] ?? {}).sort()).toEqual(Object.keys(contract).sort())
  expect(index.data.actions.order?.create).toBe('member')
  expect(index.data.actions.sync?.run).toBe('timer')
  expect(index.data.admin.api['GET rooms/:roomId/monitor']).toMatch(/^staff: /)
})
