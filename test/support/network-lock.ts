/**
 * Every test process may reach only this machine (practica's network lock): a connection to any other
 * host fails at once with a message naming it, so no test can depend on WeChat, 扫呗 or the internet.
 */
import dns from 'node:dns'
import net from 'node:net'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1'])

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket
const original = net.Socket.prototype.connect as unknown as Connect

function hostOf(args: unknown[]): string | undefined {
  // net.connect() hands the socket its already-normalized arguments as one array
  if (Array.isArray(args[0])) return hostOf(args[0] as unknown[])
  const [first, second] = args
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: string; path?: string }
    return o.path !== undefined ? undefined : (o.host ?? 'localhost')
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first)))
    return typeof second === 'string' ? second : 'localhost'
  return undefined // a unix socket or pipe path: local by nature
}

net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]): net.Socket {
  const host = hostOf(args)
  if (host !== undefined && !LOOPBACK.has(host))
    throw new Error(`network lock: tests may only reach 127.0.0.1, not ${host}`)
  return original.apply(this, args)
} as unknown as typeof net.Socket.prototype.connect

// and no name outside this machine is even looked up (clients that resolve before they connect)
type Lookup = (hostname: string, ...rest: unknown[]) => void
const lookup = dns.lookup as unknown as Lookup
;(dns as { lookup: Lookup }).lookup = function locked(hostname: string, ...rest: unknown[]): void {
  if (!LOOPBACK.has(hostname)) {
    const callback = rest[rest.length - 1] as (e: Error) => void
    process.nextTick(() =>
      callback(new Error(`network lock: tests may only reach 127.0.0.1, not ${hostname}`)),
    )
    return
  }
  lookup.call(dns, hostname, ...rest)
}
