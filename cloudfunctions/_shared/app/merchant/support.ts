/** What every merchant use case shares: its dependencies, input parsing, the audit log, uploaded images. */
import { z } from 'zod'
import type { ErrorCode } from '../../../../typings/api'
import type { Clock, Repos, WechatLiveApi } from '../../ports'
import { BizError } from '../../domain/errors'
import { imageSize } from '../../domain/image'

export interface MerchantDeps {
  repos: Repos
  clock: Clock
  wechat(): Promise<WechatLiveApi>
}

export { parse } from '../input'

/** Throws the domain's error code when a rule said no. */
export function refuseIf(code: ErrorCode | null): void {
  if (code !== null) throw new BizError(code)
}

/** One audit log row: who did what to which record (SPEC back office §10). */
export async function audit(
  deps: MerchantDeps,
  actor: string,
  action: string,
  target: string | number,
  detail?: Record<string, unknown>,
): Promise<void> {
  await deps.repos.audit.append({
    at: deps.clock.now(),
    actor,
    action,
    target: String(target),
    ...(detail && { detail }),
  })
}

/** An image a merchant uploads (bytes as received by the back office). */
export const imageSchema = z.object({
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.length > 0, '图片为空'),
  filename: z.string().min(1).max(100).optional(),
  contentType: z
    .string()
    .regex(/^image\//)
    .optional(),
})
export type ImageInput = z.infer<typeof imageSchema>

/** WeChat's temporary image material takes at most 2 MB (40009 otherwise). */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024

/** Refuses an image WeChat would refuse: larger than 2 MB, or (goods covers) wider or taller than `maxPx`. */
export function checkImage(image: ImageInput, label: string, maxPx?: number): void {
  if (image.data.length > IMAGE_MAX_BYTES) throw new BizError('INVALID_INPUT', `${label}大小不能超过2M`)
  const size = imageSize(image.data)
  if (maxPx !== undefined && size && (size.width > maxPx || size.height > maxPx)) {
    throw new BizError('INVALID_INPUT', `${label}尺寸不能超过${maxPx}×${maxPx}像素`)
  }
}

/** Uploads one image as WeChat media; returns the media id the room/goods calls take. */
export async function uploadImage(api: WechatLiveApi, image: ImageInput, name: string): Promise<string> {
  const contentType = image.contentType ?? sniffType(image.data)
  const filename = image.filename ?? `${name}.${contentType === 'image/jpeg' ? 'jpg' : 'png'}`
  const { mediaId } = await api.uploadImage({ filename, contentType, data: Buffer.from(image.data) })
  return mediaId
}

function sniffType(data: Uint8Array): string {
  return data[0] === 0xff && data[1] === 0xd8 ? 'image/jpeg' : 'image/png'
}
