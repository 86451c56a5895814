/** 操作日志 (SPEC back office §10): who did what and when, newest first, filtered. */
import type { AuditRow, Page } from '../../../../typings/admin'
import type { AuditFilter } from '../../ports'
import type { MerchantDeps } from './support'

export async function listAuditLog(
  deps: MerchantDeps,
  input: AuditFilter & { page: number; pageSize: number },
): Promise<Page<AuditRow>> {
  const { page, pageSize, ...filter } = input
  const res = await deps.repos.auditQuery.list(filter, (page - 1) * pageSize, pageSize)
  return {
    items: res.items.map((e) => ({
      at: e.at,
      actor: e.actor,
      action: e.action,
      target: e.target,
      ...(e.detail && { detail: e.detail }),
    })),
    total: res.total,
  }
}
