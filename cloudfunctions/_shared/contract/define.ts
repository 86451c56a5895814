/**
 * The contract, declared once: each action's input schema, who may call it and the type of its result.
 * This folder is pure (zod and typings/ only), so the mini-program and the back-office page compile
 * against it directly; the function entries attach the handlers with `implement()`, which checks each
 * handler's input and result against its declaration — a drift on either side is a compile error.
 */
import type { z } from 'zod'

/** 店主 owner / 运营 operator / 助理 assistant (SPEC "Roles"). */
export type StaffRole = 'owner' | 'operator' | 'assistant'

/** Who may call an action. */
export type CallerRule<I = unknown> =
  /** Anyone, signed in to WeChat or not: anyone may watch (FAQ 4). */
  | { kind: 'guest' }
  /** A WeChat user: the OPENID of the WeChat context (rule 1). */
  | { kind: 'member' }
  /** A timer trigger of the function's config.json (no OPENID); never a member. */
  | { kind: 'timer' }
  /** Back-office staff of the given roles; an assistant only on the rooms `roomOf` names. */
  | { kind: 'staff'; roles: readonly StaffRole[]; roomOf?: (input: I) => number | undefined }
  /** The store ERP, with its Bearer key. */
  | { kind: 'erp' }

/** One declared action; `result` exists only in the type (what `{ ok: true, data }` carries). */
export interface Declared<S extends z.ZodType = z.ZodType, O = unknown> {
  input: S
  caller: CallerRule<z.output<S>>
  readonly result?: O
}

/** Declares an action answering `O`: `declare<OrderView>()({ input, caller })`. */
export function declare<O>() {
  return <S extends z.ZodType>(decl: { input: S; caller: CallerRule<z.output<S>> }): Declared<S, O> => decl
}

export const guest = { kind: 'guest' } as const
export const member = { kind: 'member' } as const
export const timer = { kind: 'timer' } as const
export const erp = { kind: 'erp' } as const

/** Staff of the given roles; `roomOf` names the room an assistant must be assigned to. */
export function staff<I>(
  roles: readonly StaffRole[],
  roomOf?: (input: I) => number | undefined,
): CallerRule<I> {
  return roomOf ? { kind: 'staff', roles, roomOf } : { kind: 'staff', roles }
}

/** A function's declarations, by action name. */
export type Contract = Record<string, Declared<z.ZodType, unknown>>

/** What a caller sends to an action (before the schema's defaults and transforms). */
export type RequestOf<D> = D extends Declared<infer S, unknown> ? Fields<z.input<S>> : never
/** A strict empty object's input is an index signature of `never`; as a request it is "no fields". */
type Fields<T> = string extends keyof T ? Record<never, never> : T
/** What the schema hands the handler. */
export type InputOf<D> = D extends Declared<infer S, unknown> ? z.output<S> : never
/** What an action answers inside `{ ok: true, data }`. */
export type ResponseOf<D> = D extends Declared<z.ZodType, infer O> ? O : never
/** The event a callable function takes: one member of the union per action. */
export type EventOf<C extends Contract> = {
  [K in keyof C & string]: { action: K } & RequestOf<C[K]>
}[keyof C & string]
/** Each action's request, by name. */
export type RequestsOf<C extends Contract> = { [K in keyof C]: RequestOf<C[K]> }
/** Each action's response, by name. */
export type ResponsesOf<C extends Contract> = { [K in keyof C]: ResponseOf<C[K]> }
