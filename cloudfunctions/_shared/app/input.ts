/** Input validation shared by the function wrappers and the merchant use cases: zod → INVALID_INPUT. */
import type { z } from 'zod'
import { BizError, ERROR_MESSAGES } from '../domain/errors'

/** A zod failure as the caller sees it: which fields, in Chinese; nothing is written. */
export function invalidInput(error: z.ZodError): BizError {
  const fields = [...new Set(error.issues.map((i) => i.path.join('.') || '(请求)'))]
  return new BizError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}：${fields.join('、')}`, {
    issues: error.issues.map((i) => ({ path: i.path.join('.'), problem: i.code })),
  })
}

/** Parses input or throws INVALID_INPUT. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  throw invalidInput(parsed.error)
}
