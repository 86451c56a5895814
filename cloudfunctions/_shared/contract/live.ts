import { z } from 'zod'
import type { ItemView, RoomDetail, RoomSummary } from '../../../typings/views'
import { declare, guest } from './define'
import { goodsId, roomId } from './schemas'

/** live: anyone may watch (FAQ 4); `item` tells a guest why they cannot buy. */
export const liveContract = {
  rooms: declare<{ rooms: RoomSummary[] }>()({
    input: z
      .object({
        storeId: z.string().min(1).max(32).optional(),
        state: z.enum(['upcoming', 'live', 'paused', 'ended', 'replay']).optional(),
      })
      .strict(),
    caller: guest,
  }),
  room: declare<RoomDetail>()({ input: z.object({ roomId }).strict(), caller: guest }),
  item: declare<ItemView>()({ input: z.object({ roomId, goodsId }).strict(), caller: guest }),
}
