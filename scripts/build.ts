/**
 * npm run build: bundles every cloud function with esbuild into a self-contained, minified
 * cloudfunctions/<fn>/index.js with its source map beside it (index.js.map, not inlined: it is not
 * deployed). wx-server-sdk stays external: CloudBase installs it from the function's package.json.
 * Also type-checks the mini-program's TypeScript: the devtools and miniprogram-ci compile it themselves
 * (project.config.json useCompilerPlugins: typescript); a .js emitted beside each .ts would only go
 * stale, and be what Jest loads in the page tests.
 */
import { build, type Plugin } from 'esbuild'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { FUNCTIONS } from './local-cloud/functions'
import { ensureBuilt } from './admin-page'

const ROOT = path.resolve(__dirname, '..')

/**
 * zod 4 re-exports every locale (`z.locales`, about 260 KB minified, a third of a bundle) although it
 * only ever applies English by default, imported separately; our messages are our own Chinese ones.
 * The namespace becomes empty: `z.locales.xx()` would fail, and nothing calls it.
 */
const dropZodLocales: Plugin = {
  name: 'drop-zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-locales-stub' }
        : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'zod-locales-stub' }, () => ({ contents: 'export {}', loader: 'js' }))
  },
}

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
      minify: true,
      sourcemap: 'external',
      plugins: [dropZodLocales],
      logLevel: 'warning',
    })
    sizes.push({ fn, bytes: fs.statSync(outfile).size })
  }
  return sizes
}

function buildMiniprogram(): void {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '--noEmit', '-p', path.join(ROOT, 'miniprogram', 'tsconfig.json')], {
    stdio: 'inherit',
  })
}

async function main(): Promise<void> {
  const sizes = await buildFunctions()
  for (const { fn, bytes } of sizes)
    console.log(`cloudfunctions/${fn}/index.js  ${(bytes / 1024).toFixed(1)} KiB`)
  if (!process.argv.includes('--functions-only')) {
    await ensureBuilt()
    console.log('cloudfunctions/admin/public/  the back office page (Vite)')
    buildMiniprogram()
    console.log('miniprogram/ type-checked')
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
