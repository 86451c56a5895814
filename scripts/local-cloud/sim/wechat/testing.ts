/**
 * Test harness: the simulator behind a node HTTP server on 127.0.0.1 (random port), mounted at
 * /sim/wechat as the local cloud mounts it, plus a settable clock and a tiny PNG maker for uploads.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'
import type { WechatSimConfig, WechatSimulator } from './index'
import { createWechatSimulator } from './index'

export interface ManualClock {
  now(): number
  set(ms: number): void
  advance(ms: number): void
}

export function manualClock(start: number): ManualClock {
  let t = start
  return { now: () => t, set: (ms) => void (t = ms), advance: (ms) => void (t += ms) }
}

export interface SimServer {
  sim: WechatSimulator
  /** http://127.0.0.1:port/sim/wechat — the client's baseUrl. */
  base: string
  close(): Promise<void>
}

export async function startWechatSimServer(opts: {
  clock: { now(): number }
  appid: string
  secret: string
  file?: string
  config?: Partial<WechatSimConfig>
}): Promise<SimServer> {
  const sim = createWechatSimulator(opts)
  const server = createAdaptorServer({ fetch: new Hono().route('/sim/wechat', sim.app).fetch }) as Server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    sim,
    base: `http://127.0.0.1:${port}/sim/wechat`,
    close: async () => {
      sim.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A PNG header of the given size: enough for the simulator's 300×300 goods-image check. */
export function pngOf(width: number, height: number): Buffer {
  const head = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  ])
  const dims = Buffer.alloc(8)
  dims.writeUInt32BE(width, 0)
  dims.writeUInt32BE(height, 4)
  return Buffer.concat([head, dims, Buffer.from([8, 6, 0, 0, 0, 0, 0, 0, 0]), Buffer.alloc(64)])
}
