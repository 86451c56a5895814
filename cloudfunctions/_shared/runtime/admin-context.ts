/**
 * What an admin handler knows of its HTTP request beyond the action context (the caller's IP, the
 * session cookie) and what it asks of the HTTP reply (set or clear the cookie, send a file instead of
 * the JSON envelope). Kept beside the context, keyed by it, so the declarations stay transport-free.
 */
import type { ActionContext } from './actions'

export interface AdminExchange {
  ip: string
  /** The `sid` cookie as sent. */
  sid?: string
  /** The signed-in session's CSRF token (what `me` hands the page). */
  csrfToken?: string
  /** Set by login: the cookie to send. `null` clears it (logout). */
  cookie?: { sid: string; maxAgeS: number } | null
  /** Set by a POST that changed nothing (a check, a dry run): no audit row for it. */
  readOnly?: boolean
  /** Set by exports: answer `text/csv` with this file name instead of the JSON envelope. */
  file?: { filename: string; contentType: string }
}

const exchanges = new WeakMap<ActionContext, AdminExchange>()

export function bindExchange(ctx: ActionContext, exchange: AdminExchange): void {
  exchanges.set(ctx, exchange)
}

/** The HTTP side of an admin call (an empty one when the handler runs outside HTTP, e.g. in a test). */
export function exchangeOf(ctx: ActionContext): AdminExchange {
  let exchange = exchanges.get(ctx)
  if (!exchange) {
    exchange = { ip: 'local' }
    exchanges.set(ctx, exchange)
  }
  return exchange
}

/** Who did it, for the audit log: the signed-in staff member, or the ERP. */
export function actorOf(ctx: ActionContext): string {
  return ctx.staff?.username ?? 'erp'
}
