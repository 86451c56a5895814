/**
 * The WeChat live service as the use cases need it, in the domain's terms: times in epoch milliseconds,
 * prices in fen, switches as booleans, and the outcomes a use case acts on typed (a room or shelf item
 * that is already gone on WeChat). The adapter in adapters/wechat speaks WeChat's wire format.
 */

/** 手机直播 phone, or 推流设备直播 push device. */
export type RoomKind = 'phone' | 'push'

/** createRoom / editRoom: what a room is made of (images are uploaded media ids). */
export interface RoomDraft {
  name: string
  coverMediaId: string
  shareMediaId: string
  feedsMediaId: string
  startAt: number
  endAt: number
  anchorName: string
  anchorWechat: string
  feedsPublic?: boolean
  likeClosed: boolean
  goodsClosed: boolean
  commentClosed: boolean
  replayClosed?: boolean
  shareClosed?: boolean
  kfClosed?: boolean
}

export interface NewRoom extends RoomDraft {
  kind: RoomKind
  subAnchorWechat?: string
  creatorWechat?: string
}

/** One room as getliveinfo lists it. */
export interface LiveRoom {
  roomId: number
  name: string
  coverUrl: string
  shareUrl: string
  feedsUrl: string
  /** WeChat's live_status (domain/live LIVE_STATUS). */
  liveStatus: number
  startAt: number
  endAt: number
  anchorName: string
  goods: LiveRoomGoods[]
  kind: RoomKind
  replayClosed: boolean
}

/** A goods on a room's shelf on WeChat's side. */
export interface LiveRoomGoods {
  goodsId: number
  name: string
  coverUrl: string
  url: string
  priceFen: number
  price2Fen?: number
  priceType: number
}

export interface Replay {
  mediaUrl: string
  createdAt: number
  expiresAt: number
}

/** goods/add and goods/update: a library goods (price in fen; the adapter sends WeChat yuan). */
export interface GoodsDraft {
  coverMediaId: string
  name: string
  priceType: 1 | 2 | 3
  priceFen: number
  price2Fen?: number
  url: string
  thirdPartyAppid?: string
}

/**
 * A goods of WeChat's library, with its audit status (未审核 0 / 审核中 1 / 审核通过 2 / 审核驳回 3).
 * No price: the unit of these answers is unverified (the doc says yuan, its examples look like fen),
 * and no use case needs it — ours is the stored live price.
 */
export interface LibraryGoods {
  goodsId: number
  name: string
  coverUrl: string
  url: string
  auditStatus: number
}

/** What a delete found: done now, or already gone on WeChat's side (deleted on its platform). */
export type DeleteOutcome = 'deleted' | 'gone'

/**
 * WeChat's mini-program live API. Every method throws BizError (WECHAT_ERROR, WECHAT_RATE_LIMITED,
 * WECHAT_QUOTA_EXCEEDED, WECHAT_UNAVAILABLE) with a Chinese message on failure (WeChat's errcode in
 * `details`, for the log).
 */
export interface WechatLiveApi {
  /** room/create. Never retried blindly: WeChat may have created the room even when it answered -1. */
  createRoom(input: NewRoom): Promise<{ roomId: number }>
  /** room/editroom. */
  editRoom(roomId: number, input: RoomDraft): Promise<void>
  /** room/deleteroom; `gone` when WeChat no longer has the room (300022). */
  deleteRoom(roomId: number): Promise<DeleteOutcome>
  /** room/addgoods: import approved library goods into a room. */
  addGoodsToRoom(roomId: number, wxGoodsIds: number[]): Promise<void>
  /** room/getpushurl (GET). */
  getPushUrl(roomId: number): Promise<{ pushAddr: string }>
  /** room/getsharedcode (GET). */
  getSharedCode(
    roomId: number,
    params?: string,
  ): Promise<{ cdnUrl: string; pagePath: string; posterUrl: string }>
  /** getliveinfo, one page of rooms (WeChat answers at most 50 rows). */
  listRooms(start: number, limit: number): Promise<{ total: number; rooms: LiveRoom[] }>
  /** getliveinfo with action get_replay. */
  getReplay(roomId: number, start: number, limit: number): Promise<{ total: number; replays: Replay[] }>
  /** goods/add: adds to the library and submits for audit. */
  addGoods(info: GoodsDraft): Promise<{ goodsId: number; auditId: number }>
  /** goods/update: send only the fields that change. */
  updateGoods(goodsId: number, info: Partial<GoodsDraft>): Promise<void>
  /** goods/delete: removes from the library and from every room. */
  deleteGoods(goodsId: number): Promise<void>
  /** goods/resetaudit: withdraw a pending audit. */
  resetAudit(goodsId: number, auditId: number): Promise<void>
  /** goods/audit: resubmit; returns the new audit id. */
  resubmitAudit(goodsId: number): Promise<{ auditId: number }>
  /** getgoodswarehouse: at most 20 ids a call. */
  getGoodsWarehouse(goodsIds: number[]): Promise<LibraryGoods[]>
  /** goods/getapproved (GET): one page of goods in an audit status. */
  getApprovedGoods(
    offset: number,
    limit: number,
    status: 0 | 1 | 2 | 3,
  ): Promise<{ total: number; goods: Omit<LibraryGoods, 'auditStatus'>[] }>
  /** goods/onsale. */
  setGoodsOnSale(roomId: number, goodsId: number, onSale: boolean): Promise<void>
  /** goods/deleteInRoom; `gone` when WeChat no longer lists it on the room (300024). */
  deleteGoodsInRoom(roomId: number, goodsId: number): Promise<DeleteOutcome>
  /** goods/push: show a goods on viewers' screens. */
  pushGoods(roomId: number, goodsId: number): Promise<void>
  /** media/upload (type image): a temporary media id, valid 3 days. */
  uploadImage(image: { filename: string; contentType: string; data: Buffer }): Promise<{ mediaId: string }>
}

/** Where the access token is cached and shared by every function instance. */
export interface TokenCache {
  read(key: string): Promise<{ token: string; expiresAt: number } | null>
  /** Writes the token unless a fresher one is already stored. */
  write(key: string, token: string, expiresAt: number): Promise<void>
}
