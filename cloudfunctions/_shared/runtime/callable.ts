/**
 * The wrapper of every callFunction entry: the declared caller rule (rule 1: identity from the WeChat
 * context), input validated by the declaration's schema, BizError → `{ ok: false, error }` worded for a
 * member, anything unexpected → INTERNAL_ERROR logged with a request id. No stack, no raw detail of an
 * outside service ever reaches the caller.
 */
import { randomUUID } from 'node:crypto'
import type { ApiError, Result } from '../../../typings/api'
import { BizError, ERROR_MESSAGES, forMember } from '../domain/errors'
import { container } from './container'
import { invalidInput } from '../app/input'
import { logError, logInfo } from './log'
import { lookup, type ActionDecl, type ActionTable } from './actions'
import { withinDepth } from './limits'

export type { ActionContext } from './actions'

export interface CallableOptions {
  /** The action a timer trigger of config.json runs (CloudBase's `{ Type: 'Timer', … }` event). */
  timer?: string
}

type Main = (event: unknown, context?: unknown) => Promise<Result<unknown>>

/** CloudBase's timer trigger event. */
interface TimerEvent {
  Type: 'Timer'
  TriggerName: string
  Time: string
}

/** Builds a function's `main` from its table of declared actions. */
export function callable(fn: string, actions: ActionTable, options: CallableOptions = {}): Main {
  return async (event, context) => {
    const requestId = requestIdOf(context)
    try {
      const c = container()
      const openid = c.openidOf(context) ?? ''
      if (typeof event !== 'object' || event === null || Array.isArray(event))
        throw new BizError('INVALID_INPUT', '请求内容不是对象')
      if (!withinDepth(event)) throw new BizError('INVALID_INPUT', '请求内容嵌套过深')
      const e = event as Record<string, unknown>
      // a timer event counts only without a caller: a member cannot dress up as the timer
      if (isTimerEvent(e) && openid) throw new BizError('FORBIDDEN', '此操作只由定时任务或后台员工发起')
      const timer = isTimerEvent(e) ? e : undefined
      const name = timer ? options.timer : e.action
      const action = lookup(actions, name)
      if (!action)
        throw new BizError(
          'UNKNOWN_ACTION',
          `${ERROR_MESSAGES.UNKNOWN_ACTION}：${typeof name === 'string' ? name.slice(0, 40) : ''}`,
        )
      allowCaller(action, openid, timer !== undefined)
      const parsed = action.input.safeParse(timer ? {} : withoutEnvelope(e))
      if (!parsed.success) throw invalidInput(parsed.error)
      const data = await action.run(parsed.data, {
        openid,
        requestId,
        c,
        ...(timer && { timer: { name: String(timer.TriggerName), time: String(timer.Time) } }),
      })
      return { ok: true, data }
    } catch (e) {
      return { ok: false, error: forMember(toApiError(e, { fn, requestId })) }
    }
  }
}

/** The declared caller rule, for a callFunction call. */
function allowCaller(action: ActionDecl, openid: string, isTimer: boolean): void {
  switch (action.caller.kind) {
    case 'guest':
      return
    case 'member':
      if (!openid) throw new BizError('UNAUTHENTICATED', '请在微信小程序中使用')
      return
    case 'timer':
      if (!isTimer) throw new BizError('FORBIDDEN', '此操作只由定时任务或后台员工发起')
      return
    default:
      // staff and the ERP reach their actions through the admin function, never through callFunction
      throw new BizError('FORBIDDEN')
  }
}

/** A BizError as it is (its details logged, not shown); anything else logged and hidden. */
export function toApiError(e: unknown, where: Record<string, unknown>): ApiError {
  if (e instanceof BizError) {
    const error = e.toApiError()
    if (error.details && error.code !== 'INVALID_INPUT')
      logInfo({ ...where, code: error.code, details: error.details })
    return error
  }
  logError({ ...where, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
  return { code: 'INTERNAL_ERROR', message: `${ERROR_MESSAGES.INTERNAL_ERROR}（${String(where.requestId)}）` }
}

function isTimerEvent(e: Record<string, unknown>): e is Record<string, unknown> & TimerEvent {
  return e.Type === 'Timer' && typeof e.TriggerName === 'string'
}

/** The action's own fields: without `action`, and without the `userInfo` wx.cloud adds. */
function withoutEnvelope(e: Record<string, unknown>): Record<string, unknown> {
  const { action: _a, userInfo: _u, ...rest } = e
  return rest
}

function requestIdOf(context: unknown): string {
  const id = context as { request_id?: unknown; requestId?: unknown } | undefined
  const given = id?.request_id ?? id?.requestId
  return typeof given === 'string' && given ? given.slice(0, 64) : randomUUID()
}
