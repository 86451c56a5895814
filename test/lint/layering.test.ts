/** STYLE.md's layering, checked on every test run with the same rules `npm run lint` applies. */
import { execFileSync } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

interface Cruise {
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string }>; totalCruised: number }
}

test('imports run one way: domain pure, adapters only from the composition root, client shares only typings', () => {
  const bin = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs')
  let printed: string
  try {
    printed = execFileSync(
      process.execPath,
      [
        bin,
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'json',
        'cloudfunctions',
        'scripts',
        'miniprogram',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    )
  } catch (e) {
    // depcruise exits non-zero when it finds violations; its JSON is still on stdout
    printed = (e as { stdout: string }).stdout
  }
  const result = JSON.parse(printed) as Cruise
  expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([])
  expect(result.summary.totalCruised).toBeGreaterThan(50)
}, 60_000)
