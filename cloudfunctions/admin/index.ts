import path from 'node:path'
import { Hono } from 'hono'
import { adminRoutes } from '../_shared/runtime/admin-routes'
import { adminError, COOKIE_PATH, mountAdminApi } from '../_shared/runtime/admin'
import { mountStatic } from '../_shared/runtime/admin-static'
import { container } from '../_shared/runtime/container'
import { httpFunction } from '../_shared/runtime/http'

// 直播卖货管理: the JSON API under /api/ (ADMIN_API.md) and the built page from ./public
const app = new Hono()
mountAdminApi(app, adminRoutes, { container })
mountStatic(app, path.join(__dirname, 'public'))
app.notFound((c) => c.json({ ok: false, error: { code: 'NOT_FOUND', message: '页面不存在' } }, 404))
app.onError(adminError)

// the cookie's path is /admin: the HTTP access route is /admin, whether or not the event's path keeps it
export const main = httpFunction('admin', app, { mountedAt: COOKIE_PATH })
