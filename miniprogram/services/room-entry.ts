/**
 * Entering a live room through the live-player-plugin, and learning which room a goods page came from.
 * The only code that builds the plugin's page path.
 */
import { lastRoom, rememberRoom } from './storage'

export const LIVE_PLUGIN_APPID = 'wx2b03c6e691cd7370'

/** What we put in custom_params (≤ 600 characters): our room and store, read back on the goods page. */
export interface CustomParams {
  roomId: number
  storeId: string
}

/** plugin-private://…/pages/live-player-plugin?room_id=…&custom_params=… */
export function roomUrl(roomId: number, storeId: string): string {
  const params = encodeURIComponent(JSON.stringify({ roomId, storeId } satisfies CustomParams))
  return `plugin-private://${LIVE_PLUGIN_APPID}/pages/live-player-plugin?room_id=${roomId}&custom_params=${params}`
}

/** Remembers the room (the goods page's third way to find it) and opens the plugin's player page. */
export function enterRoom(roomId: number, storeId: string): void {
  rememberRoom({ roomId, storeId, enteredAt: Date.now() })
  wx.navigateTo({ url: roomUrl(roomId, storeId) })
}

/** custom_params as the plugin hands it over: URI-encoded once or twice, JSON inside. */
export function parseCustomParams(raw: string | undefined): Partial<CustomParams> {
  if (!raw) return {}
  let text = raw
  for (let i = 0; i < 3; i++) {
    try {
      const parsed = JSON.parse(text) as unknown
      if (parsed && typeof parsed === 'object') return parsed as Partial<CustomParams>
      if (typeof parsed === 'string') {
        text = parsed
        continue
      }
      return {}
    } catch {
      try {
        const decoded = decodeURIComponent(text)
        if (decoded === text) return {}
        text = decoded
      } catch {
        return {}
      }
    }
  }
  return {}
}

/** Where the goods page learnt its room: the plugin, our custom_params, or the member's last room. */
export type RoomSource = 'plugin' | 'params' | 'storage'

/**
 * The room a goods page belongs to, from what the page was opened with: the plugin's room_id, else our
 * custom_params, else the room this member last entered. Undefined = ask the server.
 */
export function roomFromOptions(
  options: Record<string, string | undefined>,
): { roomId: number; source: RoomSource } | undefined {
  const fromPlugin = Number(options.room_id)
  if (Number.isInteger(fromPlugin) && fromPlugin > 0) return { roomId: fromPlugin, source: 'plugin' }
  const fromParams = Number(parseCustomParams(options.custom_params).roomId)
  if (Number.isInteger(fromParams) && fromParams > 0) return { roomId: fromParams, source: 'params' }
  const last = lastRoom()?.roomId
  return last ? { roomId: last, source: 'storage' } : undefined
}

/** Back to the live room: the plugin page is under this one when the member came from the shelf. */
export function backToRoom(roomId: number, storeId: string): void {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : []
  if (pages.length > 1) wx.navigateBack({ delta: 1 })
  else enterRoom(roomId, storeId)
}
