/**
 * Declarations with their handlers: what `callable()` mounts for the member-facing functions and the
 * admin function mounts under /admin/api/. The declarations themselves live in `contract/` (pure, so
 * the clients compile against them); `implement()` attaches a handler to each and checks its types.
 */
import type { z } from 'zod'
import type { CallerRule, Contract, InputOf, ResponseOf, StaffRole } from '../contract/define'
import type { Container } from './container'

/** The signed-in staff member of a back-office call. */
export interface StaffIdentity {
  username: string
  role: StaffRole
  /** The rooms an assistant is assigned to (empty for owner and operator, who see every room). */
  roomIds: number[]
}

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

/** A declaration with its handler. */
export interface ActionDecl<S extends z.ZodType = z.ZodType, O = unknown> {
  input: S
  caller: CallerRule<z.output<S>>
  run(input: z.output<S>, ctx: ActionContext): Promise<O>
}

/** A function's table of actions. */
export type ActionTable = Record<string, ActionDecl<z.ZodType, unknown>>

/** One handler per declaration, each taking the declared input and answering the declared result. */
export type Handlers<C extends Contract> = {
  [K in keyof C]: (input: InputOf<C[K]>, ctx: ActionContext) => Promise<ResponseOf<C[K]>>
}

/** Attaches the handlers to a contract's declarations. */
export function implement<C extends Contract>(contract: C, handlers: Handlers<C>): ActionTable {
  const table: ActionTable = Object.create(null) as ActionTable
  for (const name of Object.keys(contract)) {
    const decl = contract[name] as C[keyof C]
    const run = handlers[name as keyof C] as ActionDecl['run']
    table[name] = { input: decl.input, caller: decl.caller as CallerRule, run }
  }
  return table
}

/** The declaration of `name`, own properties only: a caller's name never reaches a prototype. */
export function lookup<T>(table: Record<string, T>, name: unknown): T | undefined {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(table, name)
    ? table[name]
    : undefined
}
