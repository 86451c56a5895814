/** Small HTTP helpers of the simulator: bodies, multipart, replies, image sizes. */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

/** WeChat appends a request id to every errmsg: "... rid: xxxxxxxx-xxxxxxxx-xxxxxxxx". */
export function withRid(errmsg: string): string {
  const part = (): string => randomBytes(4).toString('hex')
  return `${errmsg} rid: ${part()}-${part()}-${part()}`
}

export interface UploadedFile {
  field: string
  filename: string
  contentType: string
  data: Buffer
}

/** Parses multipart/form-data; enough for media/upload's single `media` part. */
export function parseMultipart(body: Buffer, contentType: string): UploadedFile[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const boundary = m?.[1] ?? m?.[2]
  if (!boundary) return []
  const delimiter = Buffer.from(`--${boundary}`)
  const files: UploadedFile[] = []
  let pos = body.indexOf(delimiter)
  while (pos !== -1) {
    const next = body.indexOf(delimiter, pos + delimiter.length)
    if (next === -1) break
    const part = body.subarray(pos + delimiter.length + 2, next - 2) // skip CRLF after delimiter and before next
    const file = parsePart(part)
    if (file) files.push(file)
    pos = next
  }
  return files
}

function parsePart(part: Buffer): UploadedFile | null {
  const split = part.indexOf('\r\n\r\n')
  if (split === -1) return null
  const head = part.subarray(0, split).toString('utf8')
  const field = /name="([^"]*)"/i.exec(head)?.[1]
  if (field === undefined) return null
  return {
    field,
    filename: /filename="([^"]*)"/i.exec(head)?.[1] ?? '',
    contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream',
    data: part.subarray(split + 4),
  }
}

/** Pixel size of a PNG or JPEG, when the header can be read (WeChat checks goods images ≤ 300 px). */
export function imageSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47) {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpegSize(data)
  return undefined
}

function jpegSize(data: Buffer): { width: number; height: number } | undefined {
  let pos = 2
  while (pos + 9 < data.length) {
    if (data[pos] !== 0xff) return undefined
    const marker = data[pos + 1] ?? 0
    const length = data.readUInt16BE(pos + 2)
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(pos + 5), width: data.readUInt16BE(pos + 7) }
    }
    pos += 2 + length
  }
  return undefined
}
