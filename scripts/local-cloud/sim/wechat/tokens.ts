/**
 * access_token issuance and checking (reference §6.1): 7200 s tokens; a replaced token keeps working
 * for 300 s; stable_token returns the current token while it has more than the grace left;
 * stable and classic (cgi-bin/token) tokens do not replace each other.
 */
import { randomBytes } from 'node:crypto'
import type { SimState, SimToken } from './state'
import { takeQuota } from './state'
import type { Body } from './validation'
import { WxFail } from './validation'

type Kind = 'stable' | 'classic'
type KindToken = SimToken & { kind?: Kind }

function checkCredentials(
  creds: { grantType: unknown; appid: unknown; secret: unknown },
  own: { appid: string; secret: string },
): void {
  if (creds.grantType !== 'client_credential') throw new WxFail(40002, 'invalid grant_type')
  if (creds.appid !== own.appid) throw new WxFail(40013, 'invalid appid')
  if (creds.secret !== own.secret) throw new WxFail(40125, 'invalid appsecret')
}

/** Issues a new token of `kind`; the previous ones of that kind stay valid for the grace period only. */
function issue(state: SimState, kind: Kind, nowSec: number): KindToken {
  const cfg = state.config
  for (const t of state.tokens as KindToken[]) {
    if ((t.kind ?? 'stable') !== kind || t.replacedUntil !== undefined) continue
    t.replacedUntil = Math.min(t.expiresAt, nowSec + cfg.tokenGraceSec)
  }
  const token: KindToken = {
    token: `${nowSec.toString(36)}_${randomBytes(48).toString('base64url')}`,
    issuedAt: nowSec,
    expiresAt: nowSec + cfg.tokenTtlSec,
    kind,
  }
  // drop tokens that stopped working a day ago so the snapshot stays small
  state.tokens = state.tokens.filter((t) => (t.replacedUntil ?? t.expiresAt) > nowSec - 86400).slice(-50)
  state.tokens.push(token)
  return token
}

function current(state: SimState, kind: Kind, nowSec: number): KindToken | undefined {
  return (state.tokens as KindToken[]).find(
    (t) => (t.kind ?? 'stable') === kind && t.replacedUntil === undefined && t.expiresAt > nowSec,
  )
}

/** POST /cgi-bin/stable_token. */
export function stableToken(
  state: SimState,
  body: Body,
  own: { appid: string; secret: string },
  nowSec: number,
): Record<string, unknown> {
  checkCredentials({ grantType: body['grant_type'], appid: body['appid'], secret: body['secret'] }, own)
  const force = body['force_refresh'] === true || body['force_refresh'] === 'true'
  let token = current(state, 'stable', nowSec)
  if (force) {
    if (!takeQuota(state, 'stable_token:force_refresh', state.config.forceRefreshPerDay, nowSec)) {
      throw new WxFail(45009, 'reach max api daily quota limit')
    }
    token = issue(state, 'stable', nowSec)
  } else if (!token || token.expiresAt - nowSec < state.config.tokenGraceSec) {
    // the platform renews a stable token in its last five minutes
    token = issue(state, 'stable', nowSec)
  }
  return { access_token: token.token, expires_in: token.expiresAt - nowSec }
}

/** GET /cgi-bin/token: every call issues a new token and invalidates the previous one (after the grace). */
export function classicToken(
  state: SimState,
  query: URLSearchParams,
  own: { appid: string; secret: string },
  nowSec: number,
): Record<string, unknown> {
  checkCredentials(
    { grantType: query.get('grant_type'), appid: query.get('appid'), secret: query.get('secret') },
    own,
  )
  const token = issue(state, 'classic', nowSec)
  return { access_token: token.token, expires_in: token.expiresAt - nowSec }
}

/** Checks the access_token of a business call. */
export function checkToken(state: SimState, token: string | null, nowSec: number): void {
  if (!token) throw new WxFail(41001, 'access_token missing')
  const found = state.tokens.find((t) => t.token === token)
  if (!found) throw new WxFail(40001, 'invalid credential, access_token is invalid or not latest')
  if (
    found.replacedUntil !== undefined &&
    nowSec >= found.replacedUntil &&
    found.replacedUntil < found.expiresAt
  ) {
    throw new WxFail(40001, 'invalid credential, access_token is invalid or not latest')
  }
  if (nowSec >= found.expiresAt) throw new WxFail(42001, 'access_token expired')
}
