/**
 * The one transport to the back end: every service calls `call`, never wx.cloud directly.
 * Errors come back as `{ ok: false, error }` from the functions; a failed call is turned into the same shape.
 */
import type { CallableFunctions, Result } from '../../typings/api'

type Fn = keyof CallableFunctions
type Actions<F extends Fn> = CallableFunctions[F]['event']
type Answer<F extends Fn, A extends string> = A extends keyof CallableFunctions[F]['responses']
  ? CallableFunctions[F]['responses'][A]
  : never

/** Calls one action of a cloud function. */
export async function call<F extends Fn, E extends Actions<F>>(
  name: F,
  event: E,
): Promise<Result<Answer<F, E extends { action: infer A extends string } ? A : never>>> {
  try {
    const res = await wx.cloud.callFunction({ name, data: event as unknown as WechatMiniprogram.IAnyObject })
    return res.result as Result<Answer<F, E extends { action: infer A extends string } ? A : never>>
  } catch {
    return { ok: false, error: { code: 'INTERNAL_ERROR', message: '网络不给力，请稍后再试' } }
  }
}
