/**
 * Typed calls of the callable functions: `call('order', 'create', { roomId, goodsId, qty, requestId })`
 * answers `Result<OrderResponses['create']>`, all from typings/api.d.ts.
 */
import type { CallableFunctions, Result } from '../../typings/api'
import { transport } from './transport'

export type Fn = keyof CallableFunctions
type EventOf<F extends Fn> = CallableFunctions[F]['event']
export type ActionOf<F extends Fn> = Extract<EventOf<F>, { action: string }>['action'] &
  keyof CallableFunctions[F]['responses']
export type PayloadOf<F extends Fn, A extends ActionOf<F>> = Omit<
  Extract<EventOf<F>, { action: A }>,
  'action'
>
export type ResponseOf<F extends Fn, A extends ActionOf<F>> = CallableFunctions[F]['responses'][A]

/** Calls one action of a cloud function through the configured transport. */
export function call<F extends Fn, A extends ActionOf<F>>(
  fn: F,
  action: A,
  payload: PayloadOf<F, A>,
): Promise<Result<ResponseOf<F, A>>> {
  return transport()(fn, { ...(payload as object), action }) as Promise<Result<ResponseOf<F, A>>>
}
