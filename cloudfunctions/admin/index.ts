import { httpFunction, json } from '../_shared/runtime/http'
import { BizError } from '../_shared/domain/errors'

// The back office page and its JSON API come with their own issue; this entry already answers at /admin/.
const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>直播卖货管理</title></head>
<body><h1>直播卖货管理</h1><p>后台页面建设中。</p></body></html>`

export const main = httpFunction('admin', async (req) => {
  if (req.path.startsWith('/api/')) throw new BizError('NOT_FOUND', '接口不存在')
  if (req.method !== 'GET')
    return json(405, { ok: false, error: { code: 'INVALID_INPUT', message: '不支持的请求方法' } })
  return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: PAGE }
})
