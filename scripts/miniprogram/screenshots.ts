/**
 * npm run screenshots:miniprogram — pictures of the member pages for the README: miniprogram-simulate renders
 * each page over the local cloud with the demo data (test/miniprogram/screenshots/member.shot.ts, under
 * Jest's jsdom), then Chromium photographs the rendered tree with the page's WXSS and TDesign's styles at
 * 375 px wide (rpx converted) into docs/screenshots/member-*.png.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'

const ROOT = path.resolve(__dirname, '../..')
const ICONS = path.join(ROOT, 'node_modules', 'tdesign-icons-vue-next', 'esm', 'components')

interface SvgNode {
  tag: string
  attrs: Record<string, string | number>
  children?: SvgNode[]
}

function svgOf(node: SvgNode): string {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => `${k}="${String(v).startsWith('props.') ? 'currentColor' : String(v)}"`)
    .join(' ')
  return `<${node.tag} ${attrs}>${(node.children ?? []).map(svgOf).join('')}</${node.tag}>`
}

/**
 * TDesign's icon font is served from its CDN, which the machine cannot reach: draw the icons a page uses
 * from the same set's SVGs (tdesign-icons-vue-next), as masks in the text colour.
 */
function iconCss(html: string): string {
  const names = new Set([...html.matchAll(/t-icon--t-icon-([a-z0-9-]+)/g)].map((m) => m[1] as string))
  let css = ''
  for (const name of names) {
    const file = path.join(ICONS, `${name}.js`)
    if (!fs.existsSync(file)) continue
    const json = /var element = (\{[\s\S]*?\});\n/.exec(fs.readFileSync(file, 'utf8'))?.[1]
    if (!json) continue
    const svg = svgOf(JSON.parse(json) as SvgNode).replace('width="1em" height="1em"', '')
    const url = `url("data:image/svg+xml;utf8,${encodeURIComponent(svg.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" '))}")`
    css += `.t-icon--t-icon-${name}:before{content:"";display:inline-block;width:1em;height:1em;background:currentColor;-webkit-mask:${url} center/contain no-repeat;mask:${url} center/contain no-repeat}\n`
  }
  return css
}
const HTML = path.join(ROOT, 'dist', 'screenshots', 'member')
const PNG = path.join(ROOT, 'docs', 'screenshots')

async function main(): Promise<void> {
  fs.rmSync(HTML, { recursive: true, force: true })
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--roots',
      '<rootDir>/test/miniprogram/screenshots',
      '--testMatch',
      '**/*.shot.ts',
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, SHOT_OUT: HTML } },
  )
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 })
    // nothing leaves the machine: the pages are files, every other request is refused
    await page.route(/^(?!file:)/, (route) => route.abort())
    fs.mkdirSync(PNG, { recursive: true })
    for (const file of fs
      .readdirSync(HTML)
      .filter((f) => f.endsWith('.html'))
      .sort()) {
      const html = fs.readFileSync(path.join(HTML, file), 'utf8')
      fs.writeFileSync(path.join(HTML, file), html.replace('</style>', `${iconCss(html)}</style>`))
      await page.goto(`file://${path.join(HTML, file)}`)
      const out = path.join(PNG, file.replace(/\.html$/, '.png'))
      await page.screenshot({ path: out })
      console.log(`${path.relative(ROOT, out)}  ${(fs.statSync(out).size / 1024).toFixed(0)} KB`)
    }
  } finally {
    await browser.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
