/**
 * npm run size:miniprogram — the mini-program's package sizes as WeChat counts them: the npm build of the
 * components the pages use (packNpmManually), then miniprogram-ci's offline compile with the default
 * project attributes and the unused-file filter upload applies; prints the main package and each
 * subpackage. Fails when the main package passes the goal (600 KB; WeChat's hard limit is 2 MB).
 */
import { compileOffline, packMiniprogramNpm } from '../deploy/ci'

export const MAIN_GOAL_BYTES = 600 * 1024
export const HARD_LIMIT_BYTES = 2 * 1024 * 1024

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

async function main(): Promise<void> {
  const npm = await packMiniprogramNpm()
  console.log(
    `npm 构建 / packNpm: ${npm.packages.join(', ')} (${npm.packed} packed, ${npm.warnings} warnings)`,
  )
  const sizes = compileOffline()
  console.log(`离线编译 / offline compile: ${sizes.files} files in ${sizes.ms} ms`)
  console.log(`主包 main package          ${kb(sizes.main).padStart(10)}   (goal ≤ ${kb(MAIN_GOAL_BYTES)})`)
  for (const s of sizes.subpackages) console.log(`分包 ${s.root.padEnd(22)}${kb(s.bytes).padStart(10)}`)
  console.log(`合计 total                 ${kb(sizes.total).padStart(10)}`)
  if (sizes.main > MAIN_GOAL_BYTES || sizes.subpackages.some((s) => s.bytes > HARD_LIMIT_BYTES)) {
    console.error('包体积超出目标 / a package is over its goal')
    process.exit(1)
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
