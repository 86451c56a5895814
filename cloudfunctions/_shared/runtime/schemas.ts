/** Input schemas shared by the function entries, and the zod → INVALID_INPUT translation. */
import { z } from 'zod'
export { invalidInput } from '../app/input'

/** WeChat's numeric room id. */
export const roomId = z.number().int().positive()
/** Our live-goods id. */
export const goodsId = z.string().min(1).max(64)
export const orderId = z.string().regex(/^[0-9a-f]{24}$/)

/** The event of an action that takes no input (unknown keys refused, as everywhere). */
export const empty = z.object({}).strict()
