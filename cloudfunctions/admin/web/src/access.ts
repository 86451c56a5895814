/**
 * Permission codes per role (vben's access codes, mapped to SPEC's three roles). The page only hides
 * what a role may not do; every route checks the role again on the server.
 */
import { session } from './api/session'
import type { Role } from './api/contract'

export type AccessCode =
  | 'enablement:view'
  | 'enablement:write'
  | 'goods:view'
  | 'goods:write'
  | 'rooms:view'
  | 'rooms:write'
  | 'shelf:write'
  | 'monitor:view'
  | 'monitor:control'
  | 'orders:view'
  | 'orders:refund'
  | 'lottery:view'
  | 'lottery:write'
  | 'feeds:write'
  | 'erp-key'
  | 'settings'
  | 'staff'
  | 'audit-log'

const OPERATOR: AccessCode[] = [
  'enablement:view',
  'goods:view',
  'goods:write',
  'rooms:view',
  'rooms:write',
  'shelf:write',
  'monitor:view',
  'monitor:control',
  'orders:view',
  'orders:refund',
  'lottery:view',
  'lottery:write',
  'feeds:write',
]

const CODES: Record<Role, ReadonlySet<AccessCode>> = {
  owner: new Set<AccessCode>([...OPERATOR, 'enablement:write', 'erp-key', 'settings', 'staff', 'audit-log']),
  operator: new Set(OPERATOR),
  // SPEC: the live monitor of their own rooms (grab switch, 上新链接, 推送); read-only elsewhere
  assistant: new Set<AccessCode>([
    'goods:view',
    'rooms:view',
    'monitor:view',
    'monitor:control',
    'lottery:view',
  ]),
}

/** True when the signed-in role may use `code`; for room-scoped codes an assistant needs the room too. */
export function can(code: AccessCode, roomId?: number): boolean {
  const user = session.user
  if (!user || !CODES[user.role].has(code)) return false
  if (roomId !== undefined && user.role === 'assistant') return user.roomIds.includes(roomId)
  return true
}
