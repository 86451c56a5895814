/** The client's own small memory on the phone (wx storage); nothing here is trusted by the server. */

export interface LastRoom {
  roomId: number
  storeId: string
  enteredAt: number
}

interface Purchase {
  roomId: number
  goodsId: string
  qty: number
  requestId: string
}

const LAST_ROOM = 'live:lastRoom'
const PURCHASE = 'order:purchase'

function read<T>(key: string): T | undefined {
  try {
    const v = wx.getStorageSync(key) as T | '' | undefined
    return v === '' || v === undefined || v === null ? undefined : v
  } catch {
    return undefined
  }
}

function write(key: string, value: unknown): void {
  try {
    wx.setStorageSync(key, value)
  } catch {
    // storage full or unavailable: the fallbacks that read it simply find nothing
  }
}

export const lastRoom = (): LastRoom | undefined => read<LastRoom>(LAST_ROOM)
export const rememberRoom = (room: LastRoom): void => write(LAST_ROOM, room)

/** The purchase in progress (its idempotency key), so that a retry after a lost answer reuses the key. */
export const pendingPurchase = (): Purchase | undefined => read<Purchase>(PURCHASE)
export const rememberPurchase = (p: Purchase): void => write(PURCHASE, p)
export const forgetPurchase = (): void => {
  try {
    wx.removeStorageSync(PURCHASE)
  } catch {
    // nothing to forget
  }
}
