/**
 * The 兑奖码 QR encoder: module for module the same as Nayuki's qrcodegen (the copy TDesign ships), and
 * read back by an independent decoder (qrcode-reader, a port of ZXing's jsqrcode).
 */
import path from 'node:path'
import { encodeQr, type QrCode } from '../../miniprogram/utils/qrcode'

// TDesign ships qrcodegen as an ES module; the test root's CommonJS copy is what packNpm would ship
import { tdesignDist } from './support/root'

interface Reference {
  QrCode: {
    encodeText(
      text: string,
      ecc: unknown,
    ): { size: number; mask: number; version: number; getModule(x: number, y: number): boolean }
  }
  Ecc: { MEDIUM: unknown }
}

const CODES = [
  'A7K2M9',
  '20261205001',
  'LOT-2026-000123',
  '兑奖码 天河总店 0001',
  'https://example.com/prize?code=Z9'.repeat(3),
  '7'.repeat(500),
]

test.each(CODES.map((c) => [c.length > 40 ? `${c.slice(0, 20)}… (${c.length} characters)` : c, c]))(
  '%s: same matrix as qrcodegen',
  (_label, text) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path at run time
    const ref = require(path.join(tdesignDist(), 'common/shared/qrcode/qrcodegen.js')) as Reference
    const theirs = ref.QrCode.encodeText(text, ref.Ecc.MEDIUM)
    const ours = encodeQr(text, 'M')
    expect([ours.version, ours.size, ours.mask]).toEqual([theirs.version, theirs.size, theirs.mask])
    const rows = (at: (x: number, y: number) => boolean) =>
      Array.from({ length: ours.size }, (_, y) =>
        Array.from({ length: ours.size }, (_, x) => (at(x, y) ? '#' : '.')).join(''),
      )
    expect(rows((x, y) => ours.modules[y]![x]!)).toEqual(rows((x, y) => theirs.getModule(x, y)))
  },
)

/** The code as an RGBA bitmap, 4 px a module, with the 4-module quiet zone. */
function bitmap(qr: QrCode): { width: number; height: number; data: Uint8ClampedArray } {
  const scale = 4
  const side = (qr.size + 8) * scale
  const data = new Uint8ClampedArray(side * side * 4).fill(255)
  for (let y = 0; y < qr.size; y++)
    for (let x = 0; x < qr.size; x++)
      if (qr.modules[y]![x])
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const i = (((y + 4) * scale + dy) * side + (x + 4) * scale + dx) * 4
            data[i] = data[i + 1] = data[i + 2] = 0
          }
  return { width: side, height: side, data }
}

test.each(['A7K2M9', 'LOT-2026-000123', 'prize-0001-天河'])(
  '%s: a decoder reads the text back',
  async (text) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path at run time
    const Reader = require('qrcode-reader') as new () => {
      callback: (err: unknown, value?: { result: string }) => void
      decode(image: { width: number; height: number; data: Uint8ClampedArray }): void
    }
    const read = await new Promise<string>((resolve, reject) => {
      const reader = new Reader()
      reader.callback = (err, value) => (err || !value ? reject(err) : resolve(value.result))
      reader.decode(bitmap(encodeQr(text, 'M')))
    })
    expect(read).toBe(text)
  },
)

test('a forced mask is used as given', () => {
  expect(encodeQr('A7K2M9', 'M', 3).mask).toBe(3)
})
