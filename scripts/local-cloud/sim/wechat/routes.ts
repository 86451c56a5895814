/**
 * The API router: one table of WeChat paths, and the pipeline every call goes through —
 * count → injected fault → HTTP method → access_token → daily quota → time sweep → handler.
 */
import type { ApiContext, ApiResult } from './api-context'
import * as goods from './goods'
import * as rooms from './rooms'
import type { SimState } from './state'
import { sweep, takeQuota } from './state'
import { checkToken, classicToken, stableToken } from './tokens'
import type { Body } from './validation'
import { WxFail } from './validation'

/** 'ok': {errcode:0, errmsg:'ok', ...}; 'no-errmsg': {errcode:0, ...} (goods/add); 'bare': payload only. */
type Envelope = 'ok' | 'no-errmsg' | 'bare'

interface ApiRoute {
  method: 'GET' | 'POST'
  handler: (ctx: ApiContext) => ApiResult
  /** Token endpoints authenticate with appid/secret instead of access_token. */
  public?: boolean
  envelope?: Envelope
}

const B = '/wxaapi/broadcast'

export const ROUTES: Record<string, ApiRoute> = {
  '/cgi-bin/stable_token': {
    method: 'POST',
    public: true,
    envelope: 'bare',
    handler: (c) => stableToken(c.state, c.body, c, c.nowSec),
  },
  '/cgi-bin/token': {
    method: 'GET',
    public: true,
    envelope: 'bare',
    handler: (c) => classicToken(c.state, c.query, c, c.nowSec),
  },
  '/cgi-bin/media/upload': { method: 'POST', envelope: 'bare', handler: goods.uploadMedia },
  [`${B}/room/create`]: { method: 'POST', handler: rooms.createRoom },
  [`${B}/room/editroom`]: { method: 'POST', handler: rooms.editRoom },
  [`${B}/room/deleteroom`]: { method: 'POST', handler: rooms.deleteRoom },
  [`${B}/room/addgoods`]: { method: 'POST', handler: rooms.addGoodsToRoom },
  [`${B}/room/getpushurl`]: { method: 'GET', handler: rooms.getPushUrl },
  [`${B}/room/getsharedcode`]: { method: 'GET', handler: rooms.getSharedCode },
  [`${B}/room/updatereplay`]: { method: 'POST', handler: rooms.updateReplay },
  '/wxa/business/getliveinfo': { method: 'POST', handler: rooms.getLiveInfo },
  [`${B}/goods/add`]: { method: 'POST', envelope: 'no-errmsg', handler: goods.addGoods },
  [`${B}/goods/update`]: { method: 'POST', handler: goods.updateGoods },
  [`${B}/goods/delete`]: { method: 'POST', handler: goods.deleteGoods },
  [`${B}/goods/resetaudit`]: { method: 'POST', handler: goods.resetAudit },
  [`${B}/goods/audit`]: { method: 'POST', handler: goods.resubmitAudit },
  '/wxa/business/getgoodswarehouse': { method: 'POST', handler: goods.getGoodsWarehouse },
  [`${B}/goods/getapproved`]: { method: 'GET', handler: goods.getApproved },
  [`${B}/goods/onsale`]: { method: 'POST', handler: goods.setOnSale },
  [`${B}/goods/deleteInRoom`]: { method: 'POST', handler: goods.deleteInRoom },
  [`${B}/goods/push`]: { method: 'POST', handler: goods.pushGoods },
}

export interface ApiRequest {
  method: string
  path: string
  query: URLSearchParams
  raw: Buffer
  contentType: string
}

export interface ApiReply {
  status: number
  body: Record<string, unknown>
}

/** Everything after the fault check: method, token, quota, handler. Mutates `state`. */
export function runApi(
  state: SimState,
  req: ApiRequest,
  own: { appid: string; secret: string },
  nowSec: number,
): Record<string, unknown> {
  const route = ROUTES[req.path]
  try {
    if (!route) throw new WxFail(40066, 'invalid url')
    checkMethod(route, req.method)
    const body = route.method === 'POST' ? parseJson(req) : {}
    if (!route.public) checkToken(state, req.query.get('access_token'), nowSec)
    const quota = state.config.dailyQuota[req.path]
    if (quota !== undefined && !takeQuota(state, req.path, quota, nowSec))
      throw new WxFail(45009, 'reach max api daily quota limit')
    sweep(state, nowSec)
    const ctx: ApiContext = {
      state,
      nowSec,
      body,
      query: req.query,
      raw: req.raw,
      contentType: req.contentType,
      ...own,
    }
    return envelope(route.envelope ?? 'ok', route.handler(ctx))
  } catch (e) {
    if (e instanceof WxFail) return { errcode: e.errcode, errmsg: e.errmsg, ...e.extra }
    throw e
  }
}

function checkMethod(route: ApiRoute, method: string): void {
  if (route.method === method) return
  if (route.method === 'GET') throw new WxFail(43001, 'require GET method')
  throw new WxFail(43002, 'require POST method')
}

/** A JSON body only when sent as JSON: other content types leave WeChat with no fields (→ 200002 later). */
function parseJson(req: ApiRequest): Body {
  if (!/json/i.test(req.contentType) || req.raw.length === 0) return {}
  try {
    const parsed: unknown = JSON.parse(req.raw.toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object')
    return parsed as Body
  } catch {
    throw new WxFail(47001, 'data format error')
  }
}

function envelope(kind: Envelope, payload: ApiResult): Record<string, unknown> {
  if (kind === 'bare') return payload
  if (kind === 'no-errmsg') return { errcode: 0, ...payload }
  return { errcode: 0, errmsg: 'ok', ...payload }
}
