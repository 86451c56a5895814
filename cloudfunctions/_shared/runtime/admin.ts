/**
 * The generic mount of the back office's declarations on a hono app, under /api/: for each
 * `'METHOD path'` it checks, in this order, the caller (session cookie → 401, or the ERP's Bearer key),
 * the CSRF header on state-changing calls (403), the role of the declaration (403), the input against
 * the schema (400, the field named in Chinese), the assistant's room (403); then runs the handler, and
 * writes an audit row for a state-changing call whose use case wrote none. Nothing runs before the
 * checks pass, so a refused call writes nothing.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Context, Hono } from 'hono'
import { getCookie, setCookie, deleteCookie } from 'hono/cookie'
import type { z } from 'zod'
import type { AuditEntry } from '../model'
import type { CallerRule } from '../contract/define'
import { BizError, ERROR_MESSAGES } from '../domain/errors'
import { invalidInput } from '../app/input'
import { authenticate } from '../app/merchant/staff'
import { verifyErpKey } from '../app/merchant/erp-key'
import type { ActionContext, ActionDecl, ActionTable } from './actions'
import { bindExchange, type AdminExchange } from './admin-context'
import type { Container } from './container'
import { errorBody, readJson, unknownRoute } from './http'
import { localBinding } from './binding'

export const SESSION_COOKIE = 'sid'
export const CSRF_HEADER = 'x-csrf-token'
/** The cookie's path: the back office only (the local cloud and the HTTP access both mount it at /admin). */
export const COOKIE_PATH = '/admin'

const READ_METHODS = new Set(['GET', 'HEAD'])

export interface AdminMountOptions {
  container(): Container
  /** Whether the cookie carries `Secure` (everywhere but the local cloud's plain HTTP). */
  secure?: () => boolean
}

/** Mounts every route of `table` under `/api/`, and the JSON 404 for the rest of `/api/`. */
export function mountAdminApi(app: Hono, table: ActionTable, options: AdminMountOptions): void {
  const secure = options.secure ?? (() => localBinding() === undefined)
  for (const key of Object.keys(table)) {
    const decl = table[key] as ActionDecl
    const [method = '', path = ''] = key.split(' ')
    app.on(method, `/api/${path}`, (c) => handle(c, key, decl, options.container(), secure()))
  }
  app.all('/api/*', (c) => {
    throw unknownRoute(c.req.method, c.req.path)
  })
}

async function handle(
  c: Context,
  key: string,
  decl: ActionDecl,
  container: Container,
  secure: boolean,
): Promise<Response> {
  const method = c.req.method.toUpperCase()
  const requestId = c.req.header('x-request-id') ?? ''
  const exchange: AdminExchange = { ip: clientIp(c) }
  const sid = getCookie(c, SESSION_COOKIE)
  if (sid) exchange.sid = sid
  const ctx: ActionContext = { openid: '', requestId, c: container }
  bindExchange(ctx, exchange)

  const caller = decl.caller as CallerRule
  if (caller.kind === 'staff') {
    const signedIn = await authenticate(container, sid)
    if (!signedIn) throw new BizError('UNAUTHENTICATED', '请先登录（登录已过期或已退出）')
    if (!READ_METHODS.has(method) && !sameToken(c.req.header(CSRF_HEADER), signedIn.session.csrfToken))
      throw new BizError('FORBIDDEN', '页面已过期，请刷新页面后重试（缺少安全校验）')
    const { staff } = signedIn
    if (!caller.roles.includes(staff.role))
      throw new BizError('FORBIDDEN', `${ERROR_MESSAGES.FORBIDDEN}（${roleName(staff.role)}）`)
    ctx.staff = {
      username: staff._id,
      role: staff.role,
      roomIds: staff.role === 'assistant' ? staff.roomIds : [],
    }
    exchange.csrfToken = signedIn.session.csrfToken
  } else if (caller.kind === 'erp') {
    const auth = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(auth)
    if (!match?.[1] || !(await verifyErpKey(container, match[1])))
      throw new BizError('UNAUTHENTICATED', 'ERP 密钥不正确或已更换，请在“数据对接”中查看')
  } else if (caller.kind !== 'guest') {
    throw new BizError('FORBIDDEN')
  }

  const input = await inputOf(c, decl.input, method)
  if (caller.kind === 'staff' && caller.roomOf && ctx.staff?.role === 'assistant') {
    const roomId = caller.roomOf(input)
    if (roomId === undefined || !ctx.staff.roomIds.includes(roomId))
      throw new BizError('FORBIDDEN', '该直播间未分配给您，请联系店主分配')
  }

  let audited = false
  const writes = !READ_METHODS.has(method)
  const run = writes ? auditing(container, () => (audited = true)) : container
  ctx.c = run
  const data = await decl.run(input, ctx)
  if (writes && !audited && !exchange.readOnly && ctx.staff)
    await container.repos.audit.append(autoAudit(ctx.staff.username, key, c.req.path, input, container))

  if (exchange.cookie) {
    setCookie(c, SESSION_COOKIE, exchange.cookie.sid, {
      httpOnly: true,
      sameSite: 'Strict',
      path: COOKIE_PATH,
      secure,
      maxAge: exchange.cookie.maxAgeS,
    })
  } else if (exchange.cookie === null) {
    deleteCookie(c, SESSION_COOKIE, { path: COOKIE_PATH, secure, httpOnly: true, sameSite: 'Strict' })
  }
  c.header('cache-control', 'no-store')
  if (exchange.file) {
    c.header('content-type', exchange.file.contentType)
    c.header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(exchange.file.filename)}`,
    )
    return c.body(String(data))
  }
  return c.json({ ok: true, data })
}

/** Path params and the query (GET) or the JSON body, on an object without a prototype. */
async function inputOf(c: Context, schema: z.ZodType, method: string): Promise<unknown> {
  const numeric = numericKeys(schema)
  const input: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  if (READ_METHODS.has(method)) {
    const queries = c.req.queries()
    for (const name of Object.keys(queries)) {
      const values = queries[name] ?? []
      if (values.length !== 1)
        throw new BizError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}：${name.slice(0, 40)}（重复）`)
      input[name] = coerce(values[0] ?? '', numeric.has(name))
    }
  } else {
    const body = await readJson(c.req.raw)
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BizError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}：请求内容需为 JSON 对象`)
    for (const name of Object.keys(body)) input[name] = (body as Record<string, unknown>)[name]
  }
  const params = c.req.param() as Record<string, string>
  for (const name of Object.keys(params)) {
    // the address names the record: a body or query naming it too is refused, never silently overridden
    if (Object.prototype.hasOwnProperty.call(input, name))
      throw new BizError(
        'INVALID_INPUT',
        `${ERROR_MESSAGES.INVALID_INPUT}：${name} 已由地址指定，请求内容中不能再填写`,
      )
    input[name] = coerce(decodeParam(params[name] ?? ''), numeric.has(name))
  }
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw fieldError(parsed.error)
  return parsed.data
}

/** The form fields in the merchant's words (SPEC and the manual). */
const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  role: '角色',
  roomIds: '负责的直播间',
  disabled: '停用',
  storeId: '门店',
  productCode: '商品编码',
  packUnit: '包装单位',
  unit: '单位',
  name: '直播展示品名',
  quota: '单场直播可抢数量',
  perOrderLimit: '每单限购数量',
  livePriceFen: '直播优惠价',
  grabTiming: '抢购时机',
  cover: '商品图片',
  goodsId: '商品',
  goodsIds: '商品',
  roomId: '直播间',
  type: '直播类型',
  title: '直播标题',
  startAt: '开播时间',
  endAt: '结束时间',
  anchorName: '主播昵称',
  anchorWechat: '主播微信账号',
  coverImage: '直播间背景图',
  shareImage: '分享卡片封面',
  feedsImage: '购物直播频道封面',
  open: '抢购开关',
  orderId: '订单号',
  status: '状态',
  from: '开始时间',
  to: '结束时间',
  page: '页码',
  pageSize: '每页条数',
  keyword: '关键词',
  auditStatus: '审核状态',
  lotteryName: '抽奖名称',
  lotteryId: '抽奖',
  mapping: '列对应关系',
  rows: '数据行',
  dryRun: '预览',
  prizeName: '奖品',
  code: '兑奖码',
  state: '兑奖状态',
  receiverName: '收货人',
  phone: '手机号',
  address: '收货地址',
  carrier: '快递公司',
  trackingNo: '快递单号',
  offset: '起始行',
  cardNo: '卡号',
  figures: '准入数据',
  wechat: '微信设置',
  saobei: '扫呗设置',
  paymentTimeoutMin: '支付超时时间',
  notifyUrl: '支付通知地址',
  actor: '操作人',
  action: '操作',
}

/** INVALID_INPUT naming each field as the form calls it, with the schema's Chinese hint where it has one. */
function fieldError(error: z.ZodError): BizError {
  const base = invalidInput(error)
  const parts = new Set<string>()
  for (const issue of error.issues.slice(0, 5)) {
    const top = issue.path[0]
    const key = typeof top === 'string' ? top : ''
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined
    if (unknownKeys) {
      parts.add(
        `不认识的字段 ${unknownKeys
          .slice(0, 3)
          .map((k) => k.slice(0, 30))
          .join('、')}`,
      )
      continue
    }
    const label = Object.prototype.hasOwnProperty.call(FIELD_LABELS, key)
      ? FIELD_LABELS[key]
      : key.slice(0, 30)
    const where = issue.path.length > 1 ? `${label}（${issue.path.join('.').slice(0, 60)}）` : label || '请求'
    parts.add(/[\u4e00-\u9fff]/.test(issue.message) ? `${where}：${issue.message}` : where)
  }
  return new BizError(
    'INVALID_INPUT',
    `${ERROR_MESSAGES.INVALID_INPUT}：${[...parts].join('；')}`,
    base.details,
  )
}

function decodeParam(v: string): string {
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

/** A query or path value where the schema wants a number: a canonical decimal becomes that number. */
function coerce(value: string, numeric: boolean): unknown {
  return numeric && /^-?\d{1,16}(\.\d{1,6})?$/.test(value) ? Number(value) : value
}

/** The top-level keys whose schema (through optional/default) is a number or number literals. */
function numericKeys(schema: z.ZodType): Set<string> {
  const out = new Set<string>()
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape
  if (!shape) return out
  for (const key of Object.keys(shape)) if (isNumeric(shape[key])) out.add(key)
  return out
}

function isNumeric(s: z.ZodType | undefined): boolean {
  const def = (
    s as unknown as {
      def?: { type: string; innerType?: z.ZodType; options?: z.ZodType[]; values?: unknown[] }
    }
  )?.def
  if (!def) return false
  if (def.type === 'number') return true
  if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable')
    return isNumeric(def.innerType)
  if (def.type === 'union') return (def.options ?? []).every(isNumeric)
  if (def.type === 'literal') return (def.values ?? []).every((v) => typeof v === 'number')
  return false
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The client's address: the last entry of X-Forwarded-For is the one our gateway appended (earlier
 * entries are whatever the client claimed).
 */
function clientIp(c: Context): string {
  const forwarded = c.req.header('x-forwarded-for')
  const last = forwarded?.split(',').pop()?.trim()
  return (last || c.req.header('x-real-ip') || 'local').slice(0, 64)
}

function roleName(role: string): string {
  return role === 'owner' ? '店主' : role === 'operator' ? '运营' : '助理'
}

/** The container with an audit log that notes whether the use case wrote to it. */
function auditing(c: Container, wrote: () => void): Container {
  return {
    ...c,
    repos: {
      ...c.repos,
      audit: {
        append: (entry: AuditEntry) => {
          wrote()
          return c.repos.audit.append(entry)
        },
      },
    },
  }
}

const SECRET_KEYS = /password|secret|token|key|dataBase64|rows/i

function autoAudit(actor: string, key: string, path: string, input: unknown, c: Container): AuditEntry {
  const detail: Record<string, unknown> = {}
  if (typeof input === 'object' && input !== null)
    for (const [k, v] of Object.entries(input)) detail[k] = SECRET_KEYS.test(k) ? '(略)' : redact(v)
  return { at: c.clock.now(), actor, action: key, target: path.replace(/^\/api\//, ''), detail }
}

function redact(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'string' ? v.slice(0, 200) : v
  return '(对象)'
}

/** The JSON envelope of any error of the API (hono's onError). */
export function adminError(e: unknown, c: Context): Response {
  const { status, error } = errorBody(e, { fn: 'admin', requestId: c.req.header('x-request-id') })
  c.header('cache-control', 'no-store')
  return c.json({ ok: false, error }, status as 400)
}
