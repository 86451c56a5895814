/**
 * npm run preview [-- --page pages/rooms/index] [-- --query roomId=1]: checks the mini-program and asks
 * WeChat for a preview QR code (miniprogram-ci preview), printed in the terminal and saved to
 * dist/deploy/preview-qrcode.jpg, for the real-phone check (the live plugin cannot be simulated).
 * Settings: WX_APPID and WX_UPLOAD_KEY_PATH from the environment.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { loadCi, makeProject, packMiniprogramNpm } from './ci'
import { ROOT } from './plan'
import { MissingSettings, readSettings, redact, SETTINGS } from './settings'
import { versionAndDesc } from './upload'

function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

export async function preview(argv: readonly string[]): Promise<number> {
  const s = readSettings(['WX_APPID', 'WX_UPLOAD_KEY_PATH'])
  const keyPath = path.resolve(s.WX_UPLOAD_KEY_PATH)
  if (!fs.existsSync(keyPath))
    throw new MissingSettings([
      { ...SETTINGS.WX_UPLOAD_KEY_PATH, help: `文件不存在 / no such file: ${keyPath}` },
    ])
  const key = fs.readFileSync(keyPath, 'utf8')
  const secrets = [key.trim(), ...key.split('\n').filter((l) => l.length > 20)]
  const out = path.join(ROOT, 'dist', 'deploy', 'preview-qrcode.jpg')
  try {
    console.log('[1/3] 检查小程序 TypeScript / type-checking the mini-program (miniprogram-ci compiles it)')
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '-p',
        path.join(ROOT, 'miniprogram', 'tsconfig.json'),
      ],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    )
    console.log('[2/3] 构建 npm / packNpm')
    await packMiniprogramNpm()
    console.log('[3/3] 生成预览二维码 / asking WeChat for the preview QR code')
    fs.mkdirSync(path.dirname(out), { recursive: true })
    const ci = loadCi()
    const project = makeProject(s.WX_APPID, keyPath)
    const { version, desc } = versionAndDesc(argv)
    const page = arg(argv, '--page')
    const query = arg(argv, '--query')
    await ci.preview({
      project,
      version,
      desc,
      robot: 1,
      setting: { useProjectConfig: true },
      qrcodeFormat: 'image',
      qrcodeOutputDest: out,
      ...(page ? { pagePath: page } : {}),
      ...(query ? { searchQuery: query } : {}),
      onProgressUpdate: () => undefined,
    })
    console.log(
      `二维码已保存 / QR code saved: ${path.relative(ROOT, out)} — 用微信扫码在真机上检查直播组件与支付 / scan it with WeChat`,
    )
    return 0
  } catch (e) {
    console.error(`预览失败 / preview failed: ${redact(e instanceof Error ? e.message : String(e), secrets)}`)
    return 1
  }
}

if (require.main === module) {
  process.on('unhandledRejection', () => undefined)
  preview(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e))
      process.exit(1)
    },
  )
}
