/**
 * Back-office staff (SPEC "Roles": 店主 owner, 运营 operator, 助理 assistant), their passwords and their
 * sessions. Sessions live in the database so any stateless function instance can check them; the cookie
 * carries a random id whose SHA-256 is all that is stored. Login failures are counted per username and
 * IP and per IP, never per username alone, so a stranger's failures cannot lock the owner out.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { MeView, StaffRow } from '../../../../typings/admin'
import type { SessionRecord, StaffRecord, StaffRole } from '../../model'
import { BizError } from '../../domain/errors'
import { audit, type MerchantDeps } from './support'

/** A session ends after 2 hours without a request, and 12 hours after login whatever happens. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000
/** `lastSeenAt` is written at most once a minute: the monitor polls every second. */
const TOUCH_EVERY_MS = 60 * 1000

/** Failed logins counted in 5-minute windows: 5 per username and IP, 20 per IP. */
export const LOGIN_WINDOW_MS = 5 * 60 * 1000
export const LOGIN_MAX_PER_USER_IP = 5
export const LOGIN_MAX_PER_IP = 20

const SCRYPT = { N: 16384, r: 8, p: 1, keyLen: 64 }

/** `scrypt$<salt hex>$<hash hex>` with a random 16-byte salt (node's scrypt: N=16384, r=8, p=1). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  return `scrypt$${salt.toString('hex')}$${(await derive(password, salt)).toString('hex')}`
}

/** Compares in constant time; false for any malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, hashHex] = stored.split('$')
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false
  const expected = Buffer.from(hashHex, 'hex')
  const actual = await derive(password, Buffer.from(saltHex, 'hex'))
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, SCRYPT.keyLen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  )
}

/** Checked when the username is unknown, so that an unknown name takes as long as a wrong password. */
const DUMMY_HASH = `scrypt$${'00'.repeat(16)}$${'00'.repeat(64)}`

/** What the store keeps of a session id: its SHA-256 (a leaked sessions collection opens nothing). */
export function sessionKey(sid: string): string {
  return createHash('sha256').update(sid).digest('hex')
}

export interface LoginOutcome {
  me: MeView
  /** The cookie's value (only ever sent to the browser). */
  sid: string
  expiresAt: number
}

/** Signs in: checks the limits, the password and the account, and opens a session. */
export async function login(
  deps: MerchantDeps,
  input: { username: string; password: string },
  ip: string,
): Promise<LoginOutcome> {
  const { repos, clock } = deps
  const now = clock.now()
  // IPv6 addresses carry colons, the separator of limiter keys
  const at = ip.replace(/:/g, '_')
  const userKey = `login:user-ip:${input.username.toLowerCase()}:${at}`
  const ipKey = `login:ip:${at}`
  const [byUser, byIp] = await Promise.all([
    repos.rateLimiter.count(userKey, LOGIN_WINDOW_MS, now),
    repos.rateLimiter.count(ipKey, LOGIN_WINDOW_MS, now),
  ])
  if (byUser >= LOGIN_MAX_PER_USER_IP || byIp >= LOGIN_MAX_PER_IP) throw tooManyAttempts(now)

  const staff = await repos.staff.get(input.username)
  const ok = await verifyPassword(input.password, staff?.passwordHash ?? DUMMY_HASH)
  if (!staff || !ok || !staff.active) {
    await Promise.all([
      repos.rateLimiter.hit(userKey, LOGIN_WINDOW_MS, Number.MAX_SAFE_INTEGER, now),
      repos.rateLimiter.hit(ipKey, LOGIN_WINDOW_MS, Number.MAX_SAFE_INTEGER, now),
    ])
    // one answer whichever half was wrong, and for a disabled account after a right password too
    throw new BizError('UNAUTHENTICATED', ok && staff ? '该账号已停用，请联系店主' : '用户名或密码不正确')
  }
  await repos.rateLimiter.clear(userKey)
  const sid = randomBytes(32).toString('base64url')
  const session: SessionRecord = {
    _id: sessionKey(sid),
    username: staff._id,
    csrfToken: randomBytes(32).toString('base64url'),
    ip,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + SESSION_MAX_MS,
  }
  await repos.sessions.create(session)
  await audit(deps, staff._id, 'staff.login', staff._id, { ip })
  return { me: meOf(staff, session), sid, expiresAt: session.expiresAt }
}

function tooManyAttempts(now: number): BizError {
  const windowEnd = (Math.floor(now / LOGIN_WINDOW_MS) + 1) * LOGIN_WINDOW_MS
  const minutes = Math.max(1, Math.ceil((windowEnd - now) / 60_000))
  return new BizError('RATE_LIMITED', `登录失败次数过多，请${minutes}分钟后再试`, {
    retryAt: windowEnd,
  })
}

export interface SignedIn {
  staff: StaffRecord
  session: SessionRecord
}

/** The signed-in staff member of a session cookie, or null when missing, expired, revoked or disabled. */
export async function authenticate(deps: MerchantDeps, sid: string | undefined): Promise<SignedIn | null> {
  if (!sid || sid.length > 128) return null
  const { repos, clock } = deps
  const id = sessionKey(sid)
  const session = await repos.sessions.get(id)
  if (!session) return null
  const now = clock.now()
  if (now >= session.expiresAt || now - session.lastSeenAt >= SESSION_IDLE_MS) {
    await repos.sessions.remove(id)
    return null
  }
  const staff = await repos.staff.get(session.username)
  if (!staff || !staff.active) return null
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await repos.sessions.touch(id, now)
  return { staff, session }
}

/** Ends the session of this cookie (the others of the same staff member stay). */
export async function logout(deps: MerchantDeps, sid: string | undefined, actor: string): Promise<void> {
  if (!sid) return
  await deps.repos.sessions.remove(sessionKey(sid))
  await audit(deps, actor, 'staff.logout', actor)
}

export function meOf(staff: StaffRecord, session: SessionRecord): MeView {
  return { username: staff._id, role: staff.role, roomIds: roomsOf(staff), csrfToken: session.csrfToken }
}

function roomsOf(staff: StaffRecord): number[] {
  return staff.role === 'assistant' ? staff.roomIds : []
}

function rowOf(s: StaffRecord): StaffRow {
  return { username: s._id, role: s.role, roomIds: roomsOf(s), disabled: !s.active, createdAt: s.createdAt }
}

export async function listStaff(deps: MerchantDeps): Promise<{ items: StaffRow[] }> {
  return { items: (await deps.repos.staff.list()).map(rowOf) }
}

export interface NewStaff {
  username: string
  password: string
  role: StaffRole
  roomIds: number[]
}

/** Adds an account; an assistant's rooms must exist. */
export async function addStaff(deps: MerchantDeps, actor: string, input: NewStaff): Promise<StaffRow> {
  await checkRooms(deps, input.role, input.roomIds)
  const now = deps.clock.now()
  const record: StaffRecord = {
    _id: input.username,
    name: input.username,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    roomIds: input.role === 'assistant' ? [...new Set(input.roomIds)] : [],
    active: true,
    createdAt: now,
    updatedAt: now,
  }
  if (!(await deps.repos.staff.add(record))) throw new BizError('CONFLICT', `账号 ${input.username} 已存在`)
  await audit(deps, actor, 'staff.add', input.username, { role: input.role, roomIds: record.roomIds })
  return rowOf(record)
}

export interface StaffChange {
  username: string
  role?: StaffRole
  roomIds?: number[]
  password?: string
  disabled?: boolean
}

/**
 * Changes role, rooms, password or the disabled flag. A new password or disabling ends every session of
 * the account; the last active owner can be neither demoted nor disabled.
 */
export async function updateStaff(deps: MerchantDeps, actor: string, input: StaffChange): Promise<StaffRow> {
  const current = await existing(deps, input.username)
  const role = input.role ?? current.role
  const active = input.disabled === undefined ? current.active : !input.disabled
  if (current.role === 'owner' && current.active && (role !== 'owner' || !active))
    await keepAnOwner(deps, current._id)
  const roomIds = role === 'assistant' ? [...new Set(input.roomIds ?? current.roomIds)] : []
  if (input.roomIds) await checkRooms(deps, role, roomIds)
  const patch: Partial<StaffRecord> = { role, roomIds, active, updatedAt: deps.clock.now() }
  if (input.password !== undefined) patch.passwordHash = await hashPassword(input.password)
  await deps.repos.staff.update(current._id, patch)
  const demoted = current.role === 'owner' && current.active && (role !== 'owner' || !active)
  // two owners demoting each other at once both pass the check above: whoever finds no owner left undoes
  if (demoted && !(await anOwnerLeft(deps))) {
    await deps.repos.staff.update(current._id, {
      role: current.role,
      active: current.active,
      roomIds: current.roomIds,
    })
    throw new BizError('CONFLICT', '至少需要保留一个启用的店主账号')
  }
  if (input.password !== undefined || !active) await deps.repos.sessions.removeByUser(current._id)
  await audit(deps, actor, 'staff.update', current._id, {
    role,
    roomIds,
    disabled: !active,
    passwordChanged: input.password !== undefined,
  })
  return rowOf({ ...current, ...patch })
}

/** Removes an account and ends its sessions; never the last active owner. */
export async function removeStaff(deps: MerchantDeps, actor: string, username: string): Promise<void> {
  const current = await existing(deps, username)
  if (current.role === 'owner' && current.active) await keepAnOwner(deps, current._id)
  await deps.repos.staff.remove(current._id)
  if (current.role === 'owner' && current.active && !(await anOwnerLeft(deps))) {
    await deps.repos.staff.add(current)
    throw new BizError('CONFLICT', '至少需要保留一个启用的店主账号')
  }
  await deps.repos.sessions.removeByUser(current._id)
  await audit(deps, actor, 'staff.remove', current._id, { role: current.role })
}

async function existing(deps: MerchantDeps, username: string): Promise<StaffRecord> {
  const staff = await deps.repos.staff.get(username)
  if (!staff) throw new BizError('NOT_FOUND', `账号 ${username} 不存在`)
  return staff
}

async function keepAnOwner(deps: MerchantDeps, leaving: string): Promise<void> {
  const owners = (await deps.repos.staff.list()).filter((s) => s.role === 'owner' && s.active)
  if (!owners.some((s) => s._id !== leaving)) throw new BizError('CONFLICT', '至少需要保留一个启用的店主账号')
}

async function anOwnerLeft(deps: MerchantDeps): Promise<boolean> {
  return (await deps.repos.staff.list()).some((s) => s.role === 'owner' && s.active)
}

async function checkRooms(deps: MerchantDeps, role: StaffRole, roomIds: number[]): Promise<void> {
  if (role !== 'assistant') return
  for (const roomId of roomIds) {
    const room = await deps.repos.rooms.get(roomId)
    if (!room || room.deletedAt) throw new BizError('NOT_FOUND', `直播间 ${roomId} 不存在`)
  }
}
