/** Input schemas shared by several declarations. */
import { z } from 'zod'

/** WeChat's numeric room id (the plugin's room_id). */
export const roomId = z.number().int().positive()
/** Our live-goods id, carried in the goods page URL registered with WeChat. */
export const goodsId = z.string().min(1).max(64)
export const orderId = z.string().regex(/^[0-9a-f]{24}$/)
/** Client-made idempotency key of one purchase (rule 8), e.g. a UUID. */
export const requestId = z.string().min(8).max(64)

/** The input of an action that takes none (unknown keys refused, as everywhere). */
export const empty = z.object({}).strict()
