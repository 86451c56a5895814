/**
 * Goods and rooms made on the WeChat simulator through our own client, as a merchant would: `goods`
 * goods approved by the auditor, and `rooms` rooms with all of them on their shelf. Used by the sync
 * benchmark and the sync tests, so both measure the same shape of data.
 */
import type { NewRoom } from '../../cloudfunctions/_shared/ports'
import type { LocalCloud } from '../local-cloud/server'
import { DEMO_PNG } from '../demo'
import { container } from '../../cloudfunctions/_shared/runtime/container'

/**
 * The i-th room of a seeded set: an hour from `now`, one a minute after the other (WeChat lists the
 * newest schedule first), two hours long, on one uploaded image.
 */
export function seedRoom(name: string, mediaId: string, now: number, i: number): NewRoom {
  const startAt = (Math.floor(now / 1000) + 3600 + i * 60) * 1000
  return {
    name,
    coverMediaId: mediaId,
    shareMediaId: mediaId,
    feedsMediaId: mediaId,
    startAt,
    endAt: startAt + 7_200_000,
    anchorName: '小晋主播',
    anchorWechat: 'anchor_verified',
    kind: 'phone',
    likeClosed: false,
    goodsClosed: false,
    commentClosed: false,
  }
}

/** Creates the goods and rooms; returns the new room ids. */
export async function seedWechatRooms(
  cloud: LocalCloud,
  counts: { rooms: number; goods: number },
): Promise<number[]> {
  const api = await container().wechat()
  const { mediaId } = await api.uploadImage({
    filename: 'cover.png',
    contentType: 'image/png',
    data: DEMO_PNG,
  })
  const goodsIds: number[] = []
  for (let i = 0; i < counts.goods; i++) {
    const { goodsId } = await api.addGoods({
      coverMediaId: mediaId,
      name: `同步测试商品${String(i).padStart(2, '0')}号`,
      priceType: 1,
      priceFen: 990,
      url: `pages/live-goods/index?goodsId=t${i}`,
    })
    await fetch(`${cloud.url}/sim/wechat/goods/${goodsId}/audit`, {
      method: 'POST',
      body: JSON.stringify({ audit_status: 2 }),
    })
    goodsIds.push(goodsId)
  }
  const now = cloud.clock.now()
  const roomIds: number[] = []
  for (let i = 0; i < counts.rooms; i++) {
    const { roomId } = await api.createRoom(seedRoom(`同步测试直播间${i}号`, mediaId, now, i))
    await api.addGoodsToRoom(roomId, goodsIds)
    roomIds.push(roomId)
  }
  return roomIds
}
