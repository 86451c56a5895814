/**
 * The store ERP's push key (数据对接): created or rotated by the owner, shown once, stored as a SHA-256
 * (the key is 32 random bytes: a fast hash is enough, nothing to brute-force).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ErpKeyView } from '../../../../typings/admin'
import type { ErpKeyRecord } from '../../model'
import { audit, type MerchantDeps } from './support'

function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest()
}

export async function erpKeyInfo(deps: MerchantDeps): Promise<ErpKeyView> {
  const doc = await deps.repos.meta.get<ErpKeyRecord>('erp-key')
  return doc ? { exists: true, createdAt: doc.createdAt, hint: doc.hint } : { exists: false }
}

/** A new key; the previous one stops working at once. */
export async function rotateErpKey(
  deps: MerchantDeps,
  actor: string,
): Promise<{ key: string; createdAt: number; hint: string }> {
  const key = `erp_${randomBytes(32).toString('base64url')}`
  const createdAt = deps.clock.now()
  const hint = `****${key.slice(-4)}`
  const previous = await deps.repos.meta.get<ErpKeyRecord>('erp-key')
  await deps.repos.meta.put<ErpKeyRecord>({
    _id: 'erp-key',
    hash: hashKey(key).toString('hex'),
    hint,
    createdAt,
    by: actor,
  })
  await audit(deps, actor, previous ? 'erpKey.rotate' : 'erpKey.create', 'erp-key', { hint })
  return { key, createdAt, hint }
}

/** Whether `key` is the current ERP key (constant-time comparison). */
export async function verifyErpKey(deps: MerchantDeps, key: string): Promise<boolean> {
  if (!key || key.length > 200) return false
  const doc = await deps.repos.meta.get<ErpKeyRecord>('erp-key')
  if (!doc) return false
  const expected = Buffer.from(doc.hash, 'hex')
  const actual = hashKey(key)
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}
