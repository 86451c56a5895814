/**
 * npm run upload [-- --dry-run] [-- --version 1.2.0 --desc "…"]: builds everything, then uploads every
 * function's code (miniprogram-ci cloud.uploadFunction: code only — the functions must exist, created by
 * setup:cloud with their runtime and timeout) and the mini-program (miniprogram-ci upload).
 * Settings from the environment: WX_APPID, WX_UPLOAD_KEY_PATH (the code-upload key, outside the tree), TCB_ENV.
 * The key is read by miniprogram-ci from its path; this script only reads it to scrub it from messages.
 * `--dry-run` does everything that needs no network and prints what would be uploaded; `--no-build`
 * reuses the last build; `--only order,live` uploads just those functions' code (a rollback), not the
 * mini-program.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { compileOffline, loadCi, makeProject, packMiniprogramNpm } from './ci'
import { planFunctions, ROOT } from './plan'
import { MissingSettings, readSettings, redact, SETTINGS } from './settings'
import { buildEverything, kib, stageFunctions } from './stage'

function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

/** Version and description: from the arguments, else package.json's version and the last commit. */
export function versionAndDesc(argv: readonly string[]): { version: string; desc: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  let commit = ''
  try {
    commit = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd: ROOT, encoding: 'utf8' }).trim()
  } catch {
    // not a git checkout: the description says so
  }
  return {
    version: arg(argv, '--version') ?? pkg.version,
    desc: (arg(argv, '--desc') ?? (commit || 'upload')).slice(0, 200),
  }
}

/**
 * miniprogram-ci creates a missing function with Node 8.9 and a 3 s timeout: with the Tencent Cloud keys
 * at hand, make sure setup:cloud created each one first; without them, say that it was not checked.
 */
async function checkFunctionsExist(env: string, names: readonly string[]): Promise<void> {
  const secretId = process.env.TENCENTCLOUD_SECRETID
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY
  if (!secretId || !secretKey) {
    console.log(
      '      未设置腾讯云 API 密钥，未核对云函数是否已创建：请确认已运行 npm run setup:cloud / TENCENTCLOUD_SECRETID/KEY not set: not checked that setup:cloud created the functions',
    )
    return
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node') as new (config: object) => {
    functions: { getFunctionDetail(name: string): Promise<{ Runtime: string }> }
  }
  const app = new CloudBase({ secretId, secretKey, envId: env })
  const wrong: string[] = []
  for (const name of names) {
    const expected = planFunctions().find((f) => f.name === name)?.runtime
    try {
      const detail = await app.functions.getFunctionDetail(name)
      if (detail.Runtime !== expected) wrong.push(`${name} (${detail.Runtime})`)
    } catch (e) {
      if (!/NotFound|not exist|不存在/i.test(e instanceof Error ? e.message : String(e))) throw e
      wrong.push(`${name} (不存在 / missing)`)
    }
  }
  if (wrong.length > 0)
    throw new Error(
      `这些云函数尚未由 setup:cloud 创建或运行时不对：${wrong.join('、')}。请先运行 npm run setup:cloud / ` +
        `run npm run setup:cloud first: these functions are missing or run another runtime: ${wrong.join(', ')}`,
    )
}

export async function upload(argv: readonly string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run')
  const total = dryRun ? 5 : 6
  let n = 0
  const step = (text: string) => console.log(`[${++n}/${total}] ${text}`)

  // settings first: a missing one is named before minutes of building
  const s = dryRun ? undefined : readSettings(['WX_APPID', 'WX_UPLOAD_KEY_PATH', 'TCB_ENV'])
  const secrets: string[] = []
  if (s) {
    const keyPath = path.resolve(s.WX_UPLOAD_KEY_PATH)
    if (!fs.existsSync(keyPath) || !fs.statSync(keyPath).isFile())
      throw new MissingSettings([
        { ...SETTINGS.WX_UPLOAD_KEY_PATH, help: `文件不存在 / no such file: ${keyPath}` },
      ])
    if (keyPath.startsWith(ROOT + path.sep))
      console.warn(
        '注意：上传密钥在仓库目录内，请移到仓库之外 / warning: the upload key lies inside the repository; keep it outside',
      )
    const key = fs.readFileSync(keyPath, 'utf8')
    secrets.push(key.trim(), ...key.split('\n').filter((l) => l.length > 20))
  }
  const { version, desc } = versionAndDesc(argv)

  try {
    step('构建 / build')
    if (argv.includes('--no-build')) console.log('      --no-build：沿用上次构建 / reusing the last build')
    else await buildEverything((line) => console.log(`      ${line}`))

    step('云函数打包 / staging the function code (bundle, package.json, config.json, admin public/)')
    const only = arg(argv, '--only')?.split(',').filter(Boolean)
    const planned = planFunctions()
    const unknown = (only ?? []).filter((name) => !planned.some((f) => f.name === name))
    if (unknown.length) throw new Error(`没有这个云函数 / no such function: ${unknown.join(', ')}`)
    const staged = stageFunctions(only ? planned.filter((f) => only.includes(f.name)) : planned)
    for (const f of staged) {
      console.log(`      ${f.name.padEnd(10)} ${kib(f.bytes).padStart(11)}  ${f.files.length} files`)
      for (const file of f.files.filter((x) => !x.path.startsWith('public/')))
        console.log(`        ${file.path.padEnd(14)} ${kib(file.bytes)}`)
      const pub = f.files.filter((x) => x.path.startsWith('public/'))
      if (pub.length)
        console.log(
          `        public/        ${kib(pub.reduce((a, x) => a + x.bytes, 0))} (${pub.length} files)`,
        )
    }

    step('构建 npm / packNpm (miniprogram-ci) of the packages the pages use')
    const npm = await packMiniprogramNpm()
    console.log(
      `      ${npm.packages.join(', ') || '(none)'}: ${npm.packed} packed, ${npm.warnings} warnings`,
    )

    step('离线编译小程序 / offline compile of the mini-program (fresh process)')
    const sizes = compileOffline()
    console.log(
      `      ${sizes.files} files, main package ${kib(sizes.main)}, compiled in ${(sizes.ms / 1000).toFixed(1)} s`,
    )
    for (const sub of sizes.subpackages)
      console.log(`      subpackage ${sub.root.padEnd(14)} ${kib(sub.bytes)}`)

    if (dryRun) {
      step(
        `待上传 / would upload: ${staged.length} functions and mini-program version ${version} (“${desc}”)`,
      )
      console.log(
        `      functions ${kib(staged.reduce((a, f) => a + f.bytes, 0))} in total; mini-program ${kib(sizes.total)} in total`,
      )
      console.log('upload --dry-run 完成，未连接网络 / done, nothing was sent')
      return 0
    }

    const settings = s as NonNullable<typeof s>
    const ci = loadCi()
    const project = makeProject(settings.WX_APPID, path.resolve(settings.WX_UPLOAD_KEY_PATH))
    step(
      `上传云函数到 ${settings.TCB_ENV} / uploading function code (the functions must exist: npm run setup:cloud)`,
    )
    secrets.push(process.env.TENCENTCLOUD_SECRETID ?? '', process.env.TENCENTCLOUD_SECRETKEY ?? '')
    await checkFunctionsExist(
      settings.TCB_ENV,
      staged.map((f) => f.name),
    )
    for (const f of staged) {
      process.stdout.write(`      ${f.name} … `)
      const res = await ci.cloud.uploadFunction({
        project,
        env: settings.TCB_ENV,
        name: f.name,
        path: f.dir,
        remoteNpmInstall: true,
      })
      console.log(`ok (${res.filesCount} files, ${kib(res.packSize)})`)
    }

    if (only) {
      console.log(
        '只上传了指定的云函数（--only），小程序未上传 / only the named functions were uploaded (--only)',
      )
      return 0
    }
    step(`上传小程序 / uploading the mini-program, version ${version}`)
    const res = await ci.upload({
      project,
      version,
      desc,
      robot: 1,
      setting: { useProjectConfig: true },
      onProgressUpdate: () => undefined,
    })
    for (const p of res.subPackageInfo ?? []) console.log(`      ${p.name.padEnd(14)} ${kib(p.size)}`)
    console.log(
      '上传完成：请在微信公众平台「版本管理」提交审核 / uploaded: submit it for review under 版本管理',
    )
    return 0
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e)
    const offline = /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo|network/i.test(raw)
    console.error(
      `\n上传失败（第 ${n} 步）/ upload failed at step ${n}: ${redact(raw, secrets)}` +
        (offline
          ? '\n无法连接微信服务器：请检查网络，以及本机出口 IP 是否在「小程序代码上传」的 IP 白名单中 / cannot reach WeChat: check the network and that this machine’s IP is on the code-upload IP whitelist'
          : ''),
    )
    return 1
  }
}

if (require.main === module) {
  process.on('unhandledRejection', () => {
    // ci's signer may reject outside the awaited chain; the awaited call reports the failure
  })
  upload(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e))
      process.exit(1)
    },
  )
}
