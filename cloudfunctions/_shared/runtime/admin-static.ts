/**
 * The built back-office page (Vite's output in cloudfunctions/admin/public: index.html + assets/),
 * served by the admin function: index.html never cached (it names the hashed assets), assets cached
 * for a year. When the page was not built, a Chinese placeholder says how to build it.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Context, Hono } from 'hono'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

export const PLACEHOLDER = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>直播卖货管理</title></head>
<body style="font-family:sans-serif;margin:3em"><h1>直播卖货管理</h1>
<p>后台页面尚未构建。请在项目目录运行 <code>npm run build</code>（会生成 cloudfunctions/admin/public/），然后刷新本页。</p>
<p>接口已可用：<code>/admin/api/</code></p></body></html>`

/** Serves `publicDir` at `/`, `/index.html` and `/assets/*`. */
export function mountStatic(app: Hono, publicDir: string): void {
  const cache = new Map<string, Buffer | null>()
  const read = (file: string): Buffer | null => {
    if (!cache.has(file)) {
      try {
        cache.set(file, fs.readFileSync(file))
      } catch {
        return null // not cached: the page may be built while the function runs locally
      }
    }
    return cache.get(file) ?? null
  }
  const index = (c: Context) => {
    const html = read(path.join(publicDir, 'index.html'))
    c.header('cache-control', 'no-cache')
    c.header('x-content-type-options', 'nosniff')
    return c.html(html ? html.toString('utf8') : PLACEHOLDER)
  }
  app.get('/', index)
  app.get('/index.html', index)
  app.get('/assets/*', (c) => {
    const root = path.join(publicDir, 'assets')
    const rel = decodeSafe(c.req.path.slice('/assets/'.length))
    if (rel === null) return notFound(c)
    const file = path.resolve(root, rel)
    if (!file.startsWith(root + path.sep)) return notFound(c)
    const body = read(file)
    if (!body) return notFound(c)
    c.header('content-type', TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream')
    c.header('cache-control', 'public, max-age=31536000, immutable')
    c.header('x-content-type-options', 'nosniff')
    return c.body(new Uint8Array(body))
  })
}

function decodeSafe(s: string): string | null {
  try {
    const d = decodeURIComponent(s)
    return d.includes('\0') ? null : d
  } catch {
    return null
  }
}

function notFound(c: Context): Response {
  return c.json({ ok: false, error: { code: 'NOT_FOUND', message: '文件不存在' } }, 404)
}
