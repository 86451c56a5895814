/// <reference lib="dom" />
/**
 * Mounts a real page or component of the mini-program with miniprogram-simulate: WXML compiled by the
 * official compiler (wcc), TDesign resolved from miniprogram_npm, the live plugin's components stubbed.
 */
import path from 'node:path'
import simulate from 'miniprogram-simulate'
import { disposeTestRoot, templateLists, testRoot } from './root'

type Comp = ReturnType<typeof simulate.render>

const loaded = new Map<string, string>()
afterAll(() => disposeTestRoot())

// simulate runs each component's code with require() and expects a second load to run it again; Jest's
// registry would hand back the cached module instead (so the component never registers). Run each in
// its own registry, as a fresh page load on the phone would.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path at run time
const simulateUtils = require('miniprogram-simulate/src/utils') as { runJs: (file: string) => void }
simulateUtils.runJs = (file: string) => {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path at run time
    require(file)
  })
}

/** Loads `rel` (e.g. 'pages/rooms/index') once per test file and renders a fresh instance attached to a page. */
export function mount(rel: string, props: Record<string, unknown> = {}): Comp {
  if (typeof (globalThis as { getApp?: unknown }).getApp !== 'function')
    throw new Error('call installWx() before mounting: TDesign needs getApp()')
  const root = testRoot()
  let id = loaded.get(rel)
  if (!id) {
    id = simulate.load(path.join(root, rel), 'main', {
      rootPath: root,
      compiler: 'official',
      compilerOptions: { ...templateLists(root), maxBuffer: 64 * 1024 * 1024 },
    } as Parameters<typeof simulate.load>[2])
    loaded.set(rel, id)
  }
  const comp = simulate.render(id, props)
  comp.attach(document.createElement('parent-wrapper'))
  return comp
}

/** Lets promises, events and simulate's async work settle: a few zero-delay turns, never a wait. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setTimeout(r, 0))
}

/** The element matching `selector` (throws when absent, so a test fails at the right line). */
export function q(comp: Comp, selector: string): NonNullable<ReturnType<Comp['querySelector']>> {
  const el = comp.querySelector(selector)
  if (!el) throw new Error(`no element ${selector} in:\n${comp.dom?.innerHTML ?? ''}`)
  return el
}

export function qa(comp: Comp, selector: string): NonNullable<ReturnType<Comp['querySelector']>>[] {
  return comp.querySelectorAll(selector) as NonNullable<ReturnType<Comp['querySelector']>>[]
}

/** Visible text of the element, whitespace collapsed. */
export function text(el: { dom?: Element | null } | Comp): string {
  return (el.dom?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

export type { Comp }

/** Taps a TDesign button: the host (`t-button` is a virtual host) by our class, then its inner button. */
export function tapButton(comp: Comp, hostSelector: string): void {
  q(comp, `${hostSelector} >>> .t-button`).dispatchEvent('tap')
}
