/* eslint-disable @typescript-eslint/no-require-imports -- plain Node script, run outside Jest */
// Copies TDesign's miniprogram_dist to argv[3] with every .js turned from ES modules into CommonJS
// (what packNpm ships), leaving out type declarations. Run in plain Node by support/root.ts.
const fs = require('node:fs')
const path = require('node:path')
const { transformSync } = require('esbuild')

const [from, to] = process.argv.slice(2)
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const src = path.join(dir, e.name)
    const dst = path.join(to, path.relative(from, src))
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true })
      walk(src)
    } else if (e.name.endsWith('.d.ts')) continue
    else if (e.name.endsWith('.js'))
      fs.writeFileSync(
        dst,
        transformSync(fs.readFileSync(src, 'utf8'), { format: 'cjs', target: 'es2019' }).code,
      )
    else fs.copyFileSync(src, dst)
  }
}
fs.mkdirSync(to, { recursive: true })
walk(from)
fs.writeFileSync(path.join(to, '.done'), 'ok')
