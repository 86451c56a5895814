/**
 * `npm run upload` without network: each missing setting is named; with fake settings it builds, then
 * fails on the first network step with a clear message and a non-zero exit, printing nothing of the key
 * and copying it nowhere. `--dry-run` (reusing that build) prints every function and the mini-program
 * with sizes. One build is shared: the failing upload runs first and builds, the dry run reuses it.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { planFunctions } from '../../scripts/deploy/plan'

const ROOT = path.resolve(__dirname, '../..')
const KEY_BODY = `MIIEpQIBAAKCAQEA${'Zk9'.repeat(20)}TESTONLYNOTAKEY`
let tmp: string
let keyPath: string

async function upload(args: string[], env: Record<string, string>): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/deploy/upload.ts', ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        encoding: 'utf8',
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    )
    return { out: stdout + stderr, code: 0 }
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number }
    return {
      out: `${err.stdout ?? ''}${err.stderr ?? ''}`,
      code: typeof err.code === 'number' ? err.code : 1,
    }
  }
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isSymbolicLink()) return []
    return e.isDirectory() ? filesUnder(full) : [full]
  })
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-key-'))
  keyPath = path.join(tmp, 'private.wx0123456789abcdef.key')
  fs.writeFileSync(keyPath, `-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}\n-----END RSA PRIVATE KEY-----\n`)
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

test('each missing setting is named, in Chinese and English, before anything is built', async () => {
  const { out, code } = await upload([], {})
  expect(code).not.toBe(0)
  expect(out).toMatch(/缺少设置 \/ missing settings \(3\)/)
  for (const name of ['WX_APPID', 'WX_UPLOAD_KEY_PATH', 'TCB_ENV']) expect(out).toContain(name)
  expect(out).not.toContain('[1/')
}, 60_000)

describe('with fake settings and no network', () => {
  let result: { out: string; code: number }
  beforeAll(async () => {
    result = await upload([], {
      WX_APPID: 'wx0123456789abcdef',
      WX_UPLOAD_KEY_PATH: keyPath,
      TCB_ENV: 'env-offline-0',
    })
  }, 250_000)

  test('fails on the first network step (the first function upload) with a clear message and a non-zero exit', () => {
    expect(result.code).not.toBe(0)
    expect(result.out).toMatch(/\[4\/6\] 离线编译/)
    expect(result.out).toMatch(/上传失败（第 5 步）\/ upload failed at step 5/)
    expect(result.out).toMatch(/IP 白名单|whitelist/)
  })

  test('prints nothing of the key and copies it nowhere in the tree', () => {
    expect(result.out).not.toContain(KEY_BODY)
    expect(result.out).not.toContain('PRIVATE KEY')
    for (const dir of ['dist', 'miniprogram', 'cloudfunctions']) {
      for (const file of filesUnder(path.join(ROOT, dir))) {
        if (fs.statSync(file).size > 5_000_000) continue
        expect(fs.readFileSync(file, 'latin1').includes(KEY_BODY)).toBe(false)
      }
    }
  })

  test('--dry-run (reusing the build) lists every function and the mini-program with sizes, offline', async () => {
    const { out, code } = await upload(['--dry-run', '--no-build'], {})
    expect(code).toBe(0)
    for (const f of planFunctions()) expect(out).toMatch(new RegExp(`\\n\\s+${f.name}\\s+[\\d.]+ KiB`))
    expect(out).toMatch(/index\.js\s+[\d.]+ KiB/)
    expect(out).toMatch(/main package [\d.]+ KiB/)
    expect(out).toMatch(/subpackage \S+\s+[\d.]+ KiB/)
    expect(out).toContain('tdesign-miniprogram')
    // the back office's page source is not part of what is uploaded
    expect(fs.existsSync(path.join(ROOT, 'dist/deploy/functions/admin/web'))).toBe(false)
    expect(fs.existsSync(path.join(ROOT, 'dist/deploy/functions/admin/index.ts'))).toBe(false)
    expect(fs.existsSync(path.join(ROOT, 'dist/deploy/functions/admin/index.js.map'))).toBe(false)
  }, 200_000)
})
