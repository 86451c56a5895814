/**
 * One declaration per action: its input schema, who may call it and its handler with a typed result.
 * `callable()` mounts the member-facing declarations, the admin function mounts the merchant routes,
 * the local cloud lists them, and `typings/api.d.ts` derives every request and response type from them.
 */
import type { z } from 'zod'
import type { Container } from './container'

/** 店主 owner / 运营 operator / 助理 assistant (SPEC "Roles"). */
export type StaffRole = 'owner' | 'operator' | 'assistant'

/** The signed-in staff member of a back-office call. */
export interface StaffIdentity {
  username: string
  role: StaffRole
  /** The rooms an assistant is assigned to (empty for owner and operator, who see every room). */
  roomIds: number[]
}

/** Who may call an action. */
export type CallerRule<I = unknown> =
  /** Anyone, signed in to WeChat or not: anyone may watch (FAQ 4). */
  | { kind: 'guest' }
  /** A WeChat user: the OPENID of the WeChat context (rule 1). */
  | { kind: 'member' }
  /** A timer trigger of the function's config.json, or staff through the back office; never a member. */
  | { kind: 'system' }
  /** Back-office staff of the given roles; an assistant only on the rooms `roomOf` names. */
  | { kind: 'staff'; roles: readonly StaffRole[]; roomOf?: (input: I) => number | undefined }
  /** The store ERP, with its Bearer key. */
  | { kind: 'erp' }

export interface ActionContext {
  /** The caller's OPENID; empty for timers and staff. */
  openid: string
  requestId: string
  c: Container
  /** Set for back-office calls. */
  staff?: StaffIdentity
  /** Set when a timer trigger started the call. */
  timer?: { name: string; time: string }
}

export interface ActionDecl<S extends z.ZodType = z.ZodType, O = unknown> {
  input: S
  caller: CallerRule<z.output<S>>
  run(input: z.output<S>, ctx: ActionContext): Promise<O>
}

/** Declares an action; the input type comes from the schema and the result from the handler. */
export function defineAction<S extends z.ZodType, O>(decl: ActionDecl<S, O>): ActionDecl<S, O> {
  return decl
}

export const guest = { kind: 'guest' } as const
export const member = { kind: 'member' } as const
export const system = { kind: 'system' } as const
export const erp = { kind: 'erp' } as const

/** Staff of the given roles; `roomOf` names the room an assistant must be assigned to. */
export function staff<I>(
  roles: readonly StaffRole[],
  roomOf?: (input: I) => number | undefined,
): CallerRule<I> {
  return roomOf ? { kind: 'staff', roles, roomOf } : { kind: 'staff', roles }
}

/** A function's table of actions. */
export type ActionTable = Record<string, ActionDecl<any, any>> // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a caller sends to an action (before the schema's defaults and transforms). */
export type RequestOf<A> = A extends ActionDecl<infer S, unknown> ? z.input<S> : never
/** What an action answers inside `{ ok: true, data }`. */
export type ResponseOf<A> = A extends ActionDecl<any, infer O> ? O : never // eslint-disable-line @typescript-eslint/no-explicit-any
/** The event a callable function takes: one member of the union per action. */
export type EventOf<T extends ActionTable> = {
  [K in keyof T & string]: { action: K } & z.input<T[K]['input']>
}[keyof T & string]
/** Each action's response, by name. */
export type ResponsesOf<T extends ActionTable> = { [K in keyof T]: ResponseOf<T[K]> }
