/** Input schemas shared by the function entries, and the zod → INVALID_INPUT translation. */
import { z } from 'zod'
import { BizError, ERROR_MESSAGES } from '../domain/errors'

/** WeChat's numeric room id. */
export const roomId = z.number().int().positive()
/** Our live-goods id. */
export const goodsId = z.string().min(1).max(64)
export const orderId = z.string().regex(/^[0-9a-f]{24}$/)

/** The event of an action that takes no input (unknown keys refused, as everywhere). */
export const empty = z.object({}).strict()

/** A zod failure as the caller sees it: which fields, in Chinese. */
export function invalidInput(error: z.ZodError): BizError {
  const fields = [...new Set(error.issues.map((i) => i.path.join('.') || '(请求)'))]
  return new BizError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}：${fields.join('、')}`, {
    issues: error.issues.map((i) => ({ path: i.path.join('.'), problem: i.code })),
  })
}
