import { Hono } from 'hono'
import { BizError } from '../_shared/domain/errors'
import { handleNotice } from '../_shared/app/payment'
import { container } from '../_shared/runtime/container'
import { errorBody, httpFunction, readJson, unknownRoute } from '../_shared/runtime/http'
import { logInfo } from '../_shared/runtime/log'

// 扫呗 posts a JSON body; whatever the content type says, the raw body is parsed as JSON
const app = new Hono()
app.post('*', async (ctx) => {
  const body = await readJson(ctx.req.raw)
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BizError('INVALID_INPUT', '通知内容不是对象')
  const { outcome, reply } = await handleNotice(container(), body as Record<string, unknown>)
  logInfo({ fn: 'payNotify', requestId: ctx.req.header('x-request-id'), outcome })
  return ctx.json(reply)
})
app.all('*', (ctx) => {
  throw ctx.req.method === 'POST'
    ? unknownRoute('POST', ctx.req.path)
    : new BizError('INVALID_INPUT', '只接受 POST 通知')
})
app.onError((e, ctx) => {
  const { status, error } = errorBody(e, { fn: 'payNotify', requestId: ctx.req.header('x-request-id') })
  return ctx.json({ ok: false, error }, status as 400)
})

export const main = httpFunction('payNotify', app)
