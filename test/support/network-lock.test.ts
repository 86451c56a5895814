/** The network lock of every test process: loopback works, anything else fails before a packet leaves. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

test('a request to another host fails at once, naming the host', async () => {
  await expect(fetch('http://192.0.2.1:9/')).rejects.toThrow()
  await expect(
    new Promise((_, reject) => {
      const req = http.get('http://example.com/', () => undefined)
      req.on('error', reject)
    }),
  ).rejects.toThrow(/network lock: .*example\.com/)
})

test('127.0.0.1 answers', async () => {
  const server = http.createServer((_req, res) => res.end('ok'))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
  await new Promise<void>((r) => server.close(() => r()))
})
