/** The WeChat live service as the use cases need it; the adapter in adapters/wechat speaks WeChat's wire format. */


/** createRoom / editRoom fields, exactly as WeChat names them (times in unix seconds). */
export interface WxRoomInput {
  name: string
  coverImg: string
  startTime: number
  endTime: number
  anchorName: string
  anchorWechat: string
  shareImg: string
  feedsImg: string
  isFeedsPublic?: 0 | 1
  closeLike: 0 | 1
  closeGoods: 0 | 1
  closeComment: 0 | 1
  closeReplay?: 0 | 1
  closeShare?: 0 | 1
  closeKf?: 0 | 1
}

export interface WxCreateRoomInput extends WxRoomInput {
  /** 1 push-stream device (推流设备直播), 0 phone (手机直播). */
  type: 0 | 1
  subAnchorWechat?: string
  createrWechat?: string
}

/** One row of getliveinfo's room_info (note WeChat's lowercase `roomid`). */
export interface WxRoomInfo {
  roomid: number
  name: string
  cover_img: string
  share_img: string
  feeds_img?: string
  live_status: number
  start_time: number
  end_time: number
  anchor_name: string
  goods: WxRoomGoods[]
  live_type?: number
  close_like?: number
  close_goods?: number
  close_comment?: number
  close_kf?: number
  close_replay?: number
  is_feeds_public?: number
  creater_openid?: string
}

export interface WxRoomGoods {
  goods_id: number
  name: string
  cover_img: string
  url: string
  /** Fen, per WeChat's doc. */
  price: number
  price2?: number
  price_type: number
  third_party_appid?: string
}

export interface WxReplay {
  create_time: string | number
  expire_time: string | number
  media_url: string
}

/** goods/add and goods/update's goodsInfo (prices in yuan, as WeChat wants them). */
export interface WxGoodsInput {
  coverImgUrl: string
  name: string
  priceType: 1 | 2 | 3
  price: number
  price2?: number
  url: string
  thirdPartyAppid?: string
}

export interface WxWarehouseGoods {
  goods_id: number
  name: string
  cover_img_url: string
  url: string
  price_type: number
  price: number
  price2?: number
  audit_status: number
  third_party_tag?: number
}

export interface WxApprovedGoods {
  goodsId: number
  name: string
  coverImgUrl: string
  url: string
  priceType: number
  price: number
  price2?: number
  thirdPartyTag?: number
}

/**
 * WeChat's mini-program live API. Every method throws BizError (WECHAT_ERROR, WECHAT_RATE_LIMITED,
 * WECHAT_QUOTA_EXCEEDED, WECHAT_UNAVAILABLE) with `details.errcode` and a Chinese message on failure.
 */
export interface WechatLiveApi {
  /** room/create. Never retried blindly: WeChat may have created the room even when it answered -1. */
  createRoom(input: WxCreateRoomInput): Promise<{ roomId: number }>
  /** room/editroom. */
  editRoom(input: WxRoomInput & { id: number }): Promise<void>
  /** room/deleteroom. */
  deleteRoom(roomId: number): Promise<void>
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
  listRooms(start: number, limit: number): Promise<{ total: number; rooms: WxRoomInfo[] }>
  /** getliveinfo with action get_replay. */
  getReplay(roomId: number, start: number, limit: number): Promise<{ total: number; replays: WxReplay[] }>
  /** goods/add: adds to the library and submits for audit. */
  addGoods(info: WxGoodsInput): Promise<{ goodsId: number; auditId: number }>
  /** goods/update: send only the fields that change. */
  updateGoods(info: Partial<WxGoodsInput> & { goodsId: number }): Promise<void>
  /** goods/delete: removes from the library and from every room. */
  deleteGoods(goodsId: number): Promise<void>
  /** goods/resetaudit: withdraw a pending audit. */
  resetAudit(goodsId: number, auditId: number): Promise<void>
  /** goods/audit: resubmit; returns the new audit id. */
  resubmitAudit(goodsId: number): Promise<{ auditId: number }>
  /** getgoodswarehouse: at most 20 ids a call. */
  getGoodsWarehouse(goodsIds: number[]): Promise<WxWarehouseGoods[]>
  /** goods/getapproved (GET): one page of goods in an audit status. */
  getApprovedGoods(
    offset: number,
    limit: number,
    status: 0 | 1 | 2 | 3,
  ): Promise<{ total: number; goods: WxApprovedGoods[] }>
  /** goods/onsale. */
  setGoodsOnSale(roomId: number, goodsId: number, onSale: boolean): Promise<void>
  /** goods/deleteInRoom. */
  deleteGoodsInRoom(roomId: number, goodsId: number): Promise<void>
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

