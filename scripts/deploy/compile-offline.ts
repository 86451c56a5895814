/**
 * Child process of ci.ts `compileOffline()`: compiles the mini-program with miniprogram-ci, offline, and
 * prints one JSON line with the size of every file of the package. Its own process, because ci caches a
 * project within a process.
 */
import { loadCi, makeProject } from './ci'

process.on('unhandledRejection', (e: unknown) => {
  // ci's signer can reject outside our await chain; report it as this run's result
  console.log(JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) }))
  process.exit(1)
})

async function main(): Promise<void> {
  const ci = loadCi()
  const project = makeProject('touristappid', undefined)
  const started = Date.now()
  const result = await ci.getCompiledResult({
    project,
    version: '0.0.0',
    setting: { useProjectConfig: true },
  } as Parameters<typeof ci.getCompiledResult>[0])
  // what upload sends: ci drops the files nothing uses (ignoreUploadUnusedFiles, on unless switched off)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { filterUnusedFile } = require('miniprogram-ci/dist/ci/utils/filterUnusedFile') as {
    filterUnusedFile(
      forPreview: boolean,
      p: unknown,
      codes: Record<string, string | Buffer>,
    ): Promise<Record<string, string | Buffer>>
  }
  const uploaded = await filterUnusedFile(false, project, result)
  const files: Record<string, number> = {}
  for (const [file, content] of Object.entries(uploaded))
    files[file] = typeof content === 'string' ? Buffer.byteLength(content) : content.length
  console.log(JSON.stringify({ ok: true, files, ms: Date.now() - started }))
  // ci leaves its forked compiler running: end the process, the result is printed
  process.exit(0)
}

main().catch((e: unknown) => {
  console.log(JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) }))
  process.exit(1)
})
