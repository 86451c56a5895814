/** Small HTTP helpers of the WeChat simulator: request ids in errmsg, multipart uploads. */
import { randomBytes } from 'node:crypto'

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
