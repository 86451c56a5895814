import { httpFunction, json } from '../_shared/runtime/http'
import { BizError } from '../_shared/domain/errors'
import { handleNotice } from '../_shared/app/payment'
import { logInfo } from '../_shared/runtime/log'

// 扫呗 posts a JSON body; whatever the content type says, the raw body is parsed as JSON
export const main = httpFunction('payNotify', async (req, c) => {
  if (req.method !== 'POST') throw new BizError('INVALID_INPUT', '只接受 POST 通知')
  let body: unknown
  try {
    body = JSON.parse(req.body)
  } catch {
    throw new BizError('INVALID_INPUT', '通知内容不是 JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BizError('INVALID_INPUT', '通知内容不是对象')
  const { outcome, reply } = await handleNotice(c, body as Record<string, unknown>)
  logInfo({ fn: 'payNotify', requestId: req.requestId, outcome })
  return json(200, reply)
})
