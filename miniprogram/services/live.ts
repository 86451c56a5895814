/** 直播: rooms, one room's shelf, one goods of a shelf for the goods page. */
import type { RoomsRequest } from '../../typings/api'
import { call } from './api'

export const fetchRooms = (filter: RoomsRequest = {}) => call('live', 'rooms', filter)
export const fetchRoom = (roomId: number) => call('live', 'room', { roomId })
export const fetchItem = (roomId: number, goodsId: string) => call('live', 'item', { roomId, goodsId })
