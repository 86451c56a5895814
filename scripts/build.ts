/**
 * npm run build: bundles every cloud function with esbuild into a self-contained
 * cloudfunctions/<fn>/index.js (wx-server-sdk stays external: CloudBase installs it from the function's
 * package.json), and compiles the mini-program's TypeScript in place for the devtools and miniprogram-ci.
 */
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { FUNCTIONS } from './local-cloud/functions'

const ROOT = path.resolve(__dirname, '..')

/** Bundles every function; `outRoot` defaults to cloudfunctions/ itself (what the devtools upload). */
export async function buildFunctions(
  outRoot = path.join(ROOT, 'cloudfunctions'),
): Promise<Array<{ fn: string; bytes: number }>> {
  const sizes: Array<{ fn: string; bytes: number }> = []
  for (const fn of FUNCTIONS) {
    const outfile = path.join(outRoot, fn, 'index.js')
    await build({
      entryPoints: [path.join(ROOT, 'cloudfunctions', fn, 'index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      legalComments: 'none',
      logLevel: 'warning',
    })
    sizes.push({ fn, bytes: fs.statSync(outfile).size })
  }
  return sizes
}

function buildMiniprogram(): void {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'miniprogram', 'tsconfig.json')], {
    stdio: 'inherit',
  })
}

async function main(): Promise<void> {
  const sizes = await buildFunctions()
  for (const { fn, bytes } of sizes)
    console.log(`cloudfunctions/${fn}/index.js  ${(bytes / 1024).toFixed(1)} KiB`)
  if (!process.argv.includes('--functions-only')) {
    buildMiniprogram()
    console.log('miniprogram/ compiled')
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
