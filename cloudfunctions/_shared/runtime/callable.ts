/**
 * The wrapper of every callFunction entry: identity from the WeChat context (rule 1), input validated by
 * zod, BizError → `{ ok: false, error }`, anything unexpected → INTERNAL_ERROR logged with a request id.
 * No stack ever reaches the caller.
 */
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { ApiError, Result } from '../../../typings/api'
import { BizError, ERROR_MESSAGES } from '../domain/errors'
import { container, type Container } from './container'
import { invalidInput } from './schemas'
import { logError } from './log'

export interface CallContext {
  /** The caller's OPENID; empty for timer triggers and other server-side calls. */
  openid: string
  requestId: string
  c: Container
}

export interface Action<I = unknown> {
  input: z.ZodType<I>
  /** Whether the action needs a WeChat user (the member's own OPENID). */
  needsUser: boolean
  run(input: I, ctx: CallContext): Promise<unknown>
}

/** An action for a signed-in WeChat user. */
export function userAction<S extends z.ZodType>(
  input: S,
  run: (input: z.infer<S>, ctx: CallContext) => Promise<unknown>,
): Action<z.infer<S>> {
  return { input: input as z.ZodType<z.infer<S>>, needsUser: true, run }
}

/** An action anyone (or a timer) may trigger. */
export function openAction<S extends z.ZodType>(
  input: S,
  run: (input: z.infer<S>, ctx: CallContext) => Promise<unknown>,
): Action<z.infer<S>> {
  return { input: input as z.ZodType<z.infer<S>>, needsUser: false, run }
}

export interface CallableOptions {
  /** The action a timer trigger's event runs. */
  timerAction?: string
}

type Main = (event: unknown, context?: unknown) => Promise<Result<unknown>>

/** Builds a function's `main` from its table of actions. */
export function callable(fn: string, actions: Record<string, Action>, options: CallableOptions = {}): Main {
  return async (event, context) => {
    const requestId = requestIdOf(context)
    try {
      const c = container()
      const name = actionName(event, options)
      const action = name === undefined ? undefined : actions[name]
      if (!action)
        throw new BizError('UNKNOWN_ACTION', `${ERROR_MESSAGES.UNKNOWN_ACTION}：${String(name ?? '')}`)
      const openid = c.openidOf(context) ?? ''
      if (action.needsUser && !openid) throw new BizError('UNAUTHENTICATED')
      const parsed = action.input.safeParse(withoutAction(event))
      if (!parsed.success) throw invalidInput(parsed.error)
      const data = await action.run(parsed.data, { openid, requestId, c })
      return { ok: true, data }
    } catch (e) {
      return { ok: false, error: toApiError(e, { fn, requestId }) }
    }
  }
}

/** A BizError as it is; anything else logged and hidden behind INTERNAL_ERROR. */
export function toApiError(e: unknown, where: Record<string, unknown>): ApiError {
  if (e instanceof BizError) return e.toApiError()
  logError({ ...where, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
  return { code: 'INTERNAL_ERROR', message: `${ERROR_MESSAGES.INTERNAL_ERROR}（${String(where.requestId)}）` }
}

function actionName(event: unknown, options: CallableOptions): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined
  const e = event as Record<string, unknown>
  if (e.Type === 'Timer' && options.timerAction) return options.timerAction
  return typeof e.action === 'string' ? e.action : undefined
}

function withoutAction(event: unknown): unknown {
  const { action: _a, userInfo: _u, ...rest } = event as Record<string, unknown>
  return rest
}

function requestIdOf(context: unknown): string {
  const id = context as { request_id?: unknown; requestId?: unknown } | undefined
  const given = id?.request_id ?? id?.requestId
  return typeof given === 'string' && given ? given : randomUUID()
}
