import type { RoomRepo, RoomStatesMark, ShelfRepo } from '../../ports'
import type { RoomRecord, ShelfRecord } from '../../model'
import type { CloudDb } from './cloud-db'
import { shelfKey } from '../../domain/stock'
import { addUnique, C, getAll, getOrNull, withoutId } from './support'

/** live_status of a broadcast not over yet: not started, live, paused, abnormal. */
const OPEN_STATUSES = [101, 102, 105, 106] as const
const STATES_MARK = 'room-states'

export function createRoomRepo(db: CloudDb): RoomRepo {
  const _ = db.command
  return {
    get: (roomId) => getOrNull<RoomRecord>(db, C.rooms, String(roomId)),
    list(filter) {
      const where: Record<string, unknown> = {}
      if (!filter.includeDeleted) where.deletedAt = _.exists(false)
      if (filter.storeId) where.storeId = filter.storeId
      return getAll<RoomRecord>(db, C.rooms, where, ['startAt', 'desc'])
    },
    async listOpen(endedSince) {
      const live = await getAll<RoomRecord>(db, C.rooms, {
        deletedAt: _.exists(false),
        liveStatus: _.in([...OPEN_STATUSES]),
      })
      if (endedSince === undefined) return live
      const ended = await getAll<RoomRecord>(db, C.rooms, {
        deletedAt: _.exists(false),
        endAt: _.gte(endedSince),
      })
      const byId = new Map([...live, ...ended].map((r) => [r.roomId, r]))
      return [...byId.values()]
    },
    statesMark: () => getOrNull<RoomStatesMark & { _id: string }>(db, C.counters, STATES_MARK),
    async putStatesMark(mark) {
      await db
        .collection(C.counters)
        .doc(STATES_MARK)
        .set({ data: { ...mark } })
    },
    async put(room) {
      await db
        .collection(C.rooms)
        .doc(room._id)
        .set({ data: withoutId(room) })
    },
    async update(roomId, patch) {
      await db
        .collection(C.rooms)
        .doc(String(roomId))
        .update({ data: withoutId(patch) })
    },
    async takeDailySlot(day, max) {
      const id = `rooms-created:${day}`
      const inc = () =>
        db
          .collection(C.counters)
          .where({ _id: id, n: _.lt(max) })
          .update({ data: { n: _.inc(1) } })
      if ((await inc()).stats.updated === 1) return true
      if (await addUnique(db, C.counters, { _id: id, n: 1 })) return max >= 1
      return (await inc()).stats.updated === 1
    },
    async giveBackDailySlot(day) {
      await db
        .collection(C.counters)
        .where({ _id: `rooms-created:${day}`, n: _.gt(0) })
        .update({ data: { n: _.inc(-1) } })
    },
    async dailySlotsTaken(day) {
      return (await getOrNull<{ n: number }>(db, C.counters, `rooms-created:${day}`))?.n ?? 0
    },
  }
}

export function createShelfRepo(db: CloudDb): ShelfRepo {
  return {
    get: (roomId, goodsId) => getOrNull<ShelfRecord>(db, C.shelf, shelfKey(roomId, goodsId)),
    listByRoom: (roomId) => getAll<ShelfRecord>(db, C.shelf, { roomId }, ['addedAt', 'asc']),
    listByGoods: (goodsId) => getAll<ShelfRecord>(db, C.shelf, { goodsId }),
    add: (item) => addUnique(db, C.shelf, { ...item }),
    async update(shelfId, patch) {
      await db
        .collection(C.shelf)
        .doc(shelfId)
        .update({ data: withoutId(patch) })
    },
    async remove(shelfId) {
      await db.collection(C.shelf).doc(shelfId).remove()
    },
  }
}
