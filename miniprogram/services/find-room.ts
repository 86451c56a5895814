/**
 * The goods page's last way to find its room when the plugin, custom_params and storage all gave nothing:
 * ask the server for the rooms and pick the one whose shelf holds the goods, a live room first.
 * The server re-checks everything when the item is read and when an order is made.
 */
import type { RoomState } from '../../typings/api'
import { fetchRoom, fetchRooms } from './live'

const PREFERENCE: RoomState[] = ['live', 'paused', 'upcoming', 'replay', 'ended']

export async function findRoomOfGoods(goodsId: string): Promise<number | undefined> {
  const res = await fetchRooms({})
  if (!res.ok) return undefined
  const rooms = [...res.data.rooms].sort((a, b) => PREFERENCE.indexOf(a.state) - PREFERENCE.indexOf(b.state))
  for (const room of rooms) {
    const detail = await fetchRoom(room.roomId)
    if (detail.ok && detail.data.shelf.some((item) => item.goodsId === goodsId)) return room.roomId
  }
  return undefined
}
