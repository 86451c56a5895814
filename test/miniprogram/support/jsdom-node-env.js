/* eslint-disable @typescript-eslint/no-require-imports -- a Jest environment is loaded by require() */
// jsdom for miniprogram-simulate, plus the Node globals the in-process local cloud needs (Hono's Node
// server builds Web Request/Response objects, its timers unref() — jsdom's window has neither).
const { TestEnvironment } = require('jest-environment-jsdom')

const NODE_GLOBALS = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'Blob',
  'File',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'TextEncoder',
  'TextDecoder',
  'TextEncoderStream',
  'TextDecoderStream',
  'CompressionStream',
  'DecompressionStream',
  'structuredClone',
  // Buffers are Node's Uint8Array: input checks (instanceof) must see the same class
  'Uint8Array',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'setImmediate',
  'clearImmediate',
  'crypto',
  'performance',
]

class JsdomWithNode extends TestEnvironment {
  constructor(config, context) {
    super(config, context)
    for (const name of NODE_GLOBALS) if (globalThis[name] !== undefined) this.global[name] = globalThis[name]
    // Node's timers (the local cloud unref()s its own), tracked so that teardown clears what a page left
    // running, as jsdom does for its timers when the window closes
    this.timers = new Set()
    const track = (make, clear) => ({
      make: (...args) => {
        const t = make(...args)
        this.timers.add([t, clear])
        return t
      },
      clear: (t) => clear(t),
    })
    const timeout = track(setTimeout, clearTimeout)
    const interval = track(setInterval, clearInterval)
    this.global.setTimeout = timeout.make
    this.global.clearTimeout = timeout.clear
    this.global.setInterval = interval.make
    this.global.clearInterval = interval.clear
  }

  async teardown() {
    for (const [t, clear] of this.timers) clear(t)
    this.timers.clear()
    await super.teardown()
  }
}

module.exports = JsdomWithNode
