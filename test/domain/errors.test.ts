/**
 * Issue 8.5: every code that can reach a caller is in the one catalogue with a Chinese message — found by
 * reading the code that answers (every BizError, envelope and failure code), so a new one cannot slip by.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ERROR_MESSAGES, MEMBER_MESSAGES, forMember } from '../../cloudfunctions/_shared/domain/errors'

const ROOT = path.resolve(__dirname, '../..')
const CJK = /[\u4e00-\u9fff]/

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory())
      return e.name === 'node_modules' || e.name === 'web' || e.name === 'public' ? [] : sources(p)
    return e.name.endsWith('.ts') ? [p] : []
  })
}

const answered = new Set<string>()
for (const file of [
  ...sources(path.join(ROOT, 'cloudfunctions')),
  ...sources(path.join(ROOT, 'scripts/local-cloud')),
]) {
  if (file.includes(`${path.sep}sim${path.sep}`)) continue // the simulators answer in WeChat's and 扫呗's own words
  const text = fs.readFileSync(file, 'utf8')
  for (const m of text.matchAll(/(?:BizError|envelope)\(\s*'([A-Z][A-Z0-9_]+)'/g)) answered.add(m[1]!)
  for (const m of text.matchAll(/failedCode: '([A-Z][A-Z0-9_]+)'/g)) answered.add(m[1]!)
}

test('the code answers with at least the SPEC codes of order.create', () => {
  for (const code of ['NOT_MEMBER', 'ROOM_NOT_FOUND', 'NOT_ON_SHELF', 'INVALID_INPUT', 'PAUSED'])
    expect(ERROR_MESSAGES).toHaveProperty(code)
  expect(answered.size).toBeGreaterThan(20)
})

test.each([...answered].sort())('%s is in the catalogue with a Chinese message', (code) => {
  expect(Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code)).toBe(true)
  expect(ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES]).toMatch(CJK)
})

test.each(Object.entries(ERROR_MESSAGES))(
  '%s: %s is Chinese, with no English word in it',
  (_code, message) => {
    expect(message).toMatch(CJK)
    expect(message).not.toMatch(/[A-Za-z]{4,}/)
  },
)

test("a member never reads an outside service's raw details or a merchant's task", () => {
  for (const [code, message] of Object.entries(MEMBER_MESSAGES)) {
    expect(message).toMatch(CJK)
    expect(message).not.toMatch(/后台|重置|配置|errcode/)
    const seen = forMember({
      code: code as never,
      message: '今日微信接口调用次数已达上限，请在小程序后台重置',
      details: { errcode: 45009 },
    })
    expect(seen).toEqual({ code, message })
  }
})
