/** Injected faults: the next N calls to a path answer an errcode, or hang first (then run normally). */
import { z } from 'zod'

export const FaultSchema = z
  .object({
    /** A WeChat API path, or '*' for every business API (token endpoints must be named explicitly). */
    path: z.string().min(1),
    errcode: z.number().int().optional(),
    errmsg: z.string().optional(),
    hangMs: z.number().int().positive().max(600_000).optional(),
    count: z.number().int().positive().default(1),
    /** Perform the call anyway and answer the errcode (WeChat's "-1 but the room was created"). */
    apply: z.boolean().default(false),
  })
  .refine((f) => f.errcode !== undefined || f.hangMs !== undefined, {
    message: 'errcode or hangMs is required',
  })

export type FaultSpec = z.infer<typeof FaultSchema>

/** The errmsg WeChat sends with the errcodes tests usually inject. */
const FAULT_MESSAGES: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40014: 'invalid access_token',
  42001: 'access_token expired',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  48001: 'api unauthorized',
}

export class FaultRegistry {
  private faults: Array<FaultSpec & { remaining: number }> = []

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.count })
  }

  clear(): void {
    this.faults = []
  }

  list(): Array<FaultSpec & { remaining: number }> {
    return this.faults.map((f) => ({ ...f }))
  }

  /** Consumes one use of the first fault matching `path`. */
  take(path: string): FaultSpec | undefined {
    const fault = this.faults.find(
      (f) => f.path === path || (f.path === '*' && !path.startsWith('/cgi-bin/')),
    )
    if (!fault) return undefined
    fault.remaining -= 1
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault)
    return fault
  }
}

export function faultBody(fault: FaultSpec): Record<string, unknown> {
  const errcode = fault.errcode ?? -1
  const body: Record<string, unknown> = {
    errcode,
    errmsg: fault.errmsg ?? FAULT_MESSAGES[errcode] ?? 'injected fault',
  }
  if (errcode === 300036) body['qrcode_url'] = 'https://res.wx.qq.com/op_res/live-verify-injected.png'
  return body
}
