/** What an API handler receives and returns. */
import type { SimState } from './state'
import type { Body } from './validation'

export interface ApiContext {
  state: SimState
  nowSec: number
  /** Parsed JSON body of a POST ({} when none or not JSON, as WeChat then sees no fields). */
  body: Body
  query: URLSearchParams
  /** Raw body and its content type (media/upload reads the multipart itself). */
  raw: Buffer
  contentType: string
  appid: string
  secret: string
}

/** The success payload; the router adds `errcode: 0` (and `errmsg: "ok"` unless the route omits it). */
export type ApiResult = Record<string, unknown>
