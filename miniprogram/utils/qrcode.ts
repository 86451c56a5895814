/**
 * QR Code Model 2 encoder (ISO/IEC 18004), after Project Nayuki's qrcodegen (MIT): numeric, alphanumeric
 * or byte mode, the smallest version that fits, the error correction level raised while it still fits,
 * and the mask with the lowest penalty. Pure: the 兑奖码 page draws the matrix it returns.
 */

export type Ecc = 'L' | 'M' | 'Q' | 'H'

const ECC_ORDINAL: Record<Ecc, number> = { L: 0, M: 1, Q: 2, H: 3 }
const ECC_FORMAT_BITS: Record<Ecc, number> = { L: 1, M: 0, Q: 3, H: 2 }

// prettier-ignore
const ECC_CODEWORDS_PER_BLOCK: number[][] = [
  [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
]
// prettier-ignore
const NUM_ERROR_CORRECTION_BLOCKS: number[][] = [
  [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
]

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

interface Segment {
  modeBits: number
  countBits: [number, number, number]
  chars: number
  bits: number[]
}

function appendBits(value: number, len: number, out: number[]): void {
  for (let i = len - 1; i >= 0; i--) out.push((value >>> i) & 1)
}

function utf8(text: string): number[] {
  const out: number[] = []
  const s = unescape(encodeURIComponent(text))
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i))
  return out
}

/** One segment in the most compact mode the whole text allows. */
function segment(text: string): Segment {
  const bits: number[] = []
  if (/^[0-9]*$/.test(text)) {
    for (let i = 0; i < text.length; i += 3) {
      const group = text.slice(i, i + 3)
      appendBits(Number(group), group.length * 3 + 1, bits)
    }
    return { modeBits: 0x1, countBits: [10, 12, 14], chars: text.length, bits }
  }
  if ([...text].every((c) => ALPHANUMERIC.includes(c))) {
    for (let i = 0; i + 1 < text.length; i += 2)
      appendBits(
        ALPHANUMERIC.indexOf(text[i] as string) * 45 + ALPHANUMERIC.indexOf(text[i + 1] as string),
        11,
        bits,
      )
    if (text.length % 2 === 1) appendBits(ALPHANUMERIC.indexOf(text[text.length - 1] as string), 6, bits)
    return { modeBits: 0x2, countBits: [9, 11, 13], chars: text.length, bits }
  }
  const bytes = utf8(text)
  for (const b of bytes) appendBits(b, 8, bits)
  return { modeBits: 0x4, countBits: [8, 16, 16], chars: bytes.length, bits }
}

function rawDataModules(ver: number): number {
  let result = (16 * ver + 128) * ver + 64
  if (ver >= 2) {
    const numAlign = Math.floor(ver / 7) + 2
    result -= (25 * numAlign - 10) * numAlign - 55
    if (ver >= 7) result -= 36
  }
  return result
}

function dataCodewords(ver: number, ecc: Ecc): number {
  const e = ECC_ORDINAL[ecc]
  return (
    Math.floor(rawDataModules(ver) / 8) -
    (ECC_CODEWORDS_PER_BLOCK[e]![ver] as number) * (NUM_ERROR_CORRECTION_BLOCKS[e]![ver] as number)
  )
}

function segmentBits(seg: Segment, ver: number): number {
  const ccbits = seg.countBits[Math.floor((ver + 7) / 17)] as number
  return seg.chars >= 1 << ccbits ? Infinity : 4 + ccbits + seg.bits.length
}

// GF(2^8) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1
function gfMul(x: number, y: number): number {
  let z = 0
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d)
    z ^= ((y >>> i) & 1) * x
  }
  return z & 0xff
}

function rsDivisor(degree: number): number[] {
  const result = new Array<number>(degree).fill(0)
  result[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMul(result[j] as number, root)
      if (j + 1 < degree) result[j] = (result[j] as number) ^ (result[j + 1] as number)
    }
    root = gfMul(root, 0x02)
  }
  return result
}

function rsRemainder(data: number[], divisor: number[]): number[] {
  const result = divisor.map(() => 0)
  for (const b of data) {
    const factor = b ^ (result.shift() as number)
    result.push(0)
    divisor.forEach((coef, i) => {
      result[i] = (result[i] as number) ^ gfMul(coef, factor)
    })
  }
  return result
}

/** A QR code: `modules[y][x]` true for a dark module; `size` modules a side (no quiet zone). */
export interface QrCode {
  version: number
  ecc: Ecc
  mask: number
  size: number
  modules: boolean[][]
}

class Builder {
  readonly size: number
  readonly modules: boolean[][]
  readonly isFunction: boolean[][]

  constructor(
    readonly version: number,
    readonly ecc: Ecc,
  ) {
    this.size = version * 4 + 17
    this.modules = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false))
    this.isFunction = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false))
  }

  set(x: number, y: number, dark: boolean): void {
    this.modules[y]![x] = dark
    this.isFunction[y]![x] = true
  }

  drawFunctionPatterns(): void {
    const size = this.size
    for (let i = 0; i < size; i++) {
      this.set(6, i, i % 2 === 0)
      this.set(i, 6, i % 2 === 0)
    }
    this.finder(3, 3)
    this.finder(size - 4, 3)
    this.finder(3, size - 4)
    const pos = this.alignmentPositions()
    const n = pos.length
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (!((i === 0 && j === 0) || (i === 0 && j === n - 1) || (i === n - 1 && j === 0)))
          this.alignment(pos[i] as number, pos[j] as number)
    this.drawFormatBits(0)
    this.drawVersion()
  }

  finder(x: number, y: number): void {
    for (let dy = -4; dy <= 4; dy++)
      for (let dx = -4; dx <= 4; dx++) {
        const dist = Math.max(Math.abs(dx), Math.abs(dy))
        const xx = x + dx
        const yy = y + dy
        if (xx >= 0 && xx < this.size && yy >= 0 && yy < this.size) this.set(xx, yy, dist !== 2 && dist !== 4)
      }
  }

  alignment(x: number, y: number): void {
    for (let dy = -2; dy <= 2; dy++)
      for (let dx = -2; dx <= 2; dx++) this.set(x + dx, y + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
  }

  alignmentPositions(): number[] {
    const ver = this.version
    if (ver === 1) return []
    const numAlign = Math.floor(ver / 7) + 2
    const step = ver === 32 ? 26 : Math.ceil((ver * 4 + 4) / (numAlign * 2 - 2)) * 2
    const result = [6]
    for (let pos = this.size - 7; result.length < numAlign; pos -= step) result.splice(1, 0, pos)
    return result
  }

  drawFormatBits(mask: number): void {
    const data = (ECC_FORMAT_BITS[this.ecc] << 3) | mask
    let rem = data
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
    const bits = ((data << 10) | rem) ^ 0x5412
    const bit = (i: number) => ((bits >>> i) & 1) !== 0
    for (let i = 0; i <= 5; i++) this.set(8, i, bit(i))
    this.set(8, 7, bit(6))
    this.set(8, 8, bit(7))
    this.set(7, 8, bit(8))
    for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(i))
    const size = this.size
    for (let i = 0; i < 8; i++) this.set(size - 1 - i, 8, bit(i))
    for (let i = 8; i < 15; i++) this.set(8, size - 15 + i, bit(i))
    this.set(8, size - 8, true)
  }

  drawVersion(): void {
    if (this.version < 7) return
    let rem = this.version
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25)
    const bits = (this.version << 12) | rem
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) !== 0
      const a = this.size - 11 + (i % 3)
      const b = Math.floor(i / 3)
      this.set(a, b, dark)
      this.set(b, a, dark)
    }
  }

  drawCodewords(data: number[]): void {
    let i = 0
    for (let right = this.size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5
      for (let vert = 0; vert < this.size; vert++)
        for (let j = 0; j < 2; j++) {
          const x = right - j
          const upward = ((right + 1) & 2) === 0
          const y = upward ? this.size - 1 - vert : vert
          if (!this.isFunction[y]![x] && i < data.length * 8) {
            this.modules[y]![x] = (((data[i >>> 3] as number) >>> (7 - (i & 7))) & 1) !== 0
            i++
          }
        }
    }
  }

  applyMask(mask: number): void {
    for (let y = 0; y < this.size; y++)
      for (let x = 0; x < this.size; x++) {
        let invert: boolean
        switch (mask) {
          case 0: invert = (x + y) % 2 === 0; break // prettier-ignore
          case 1: invert = y % 2 === 0; break // prettier-ignore
          case 2: invert = x % 3 === 0; break // prettier-ignore
          case 3: invert = (x + y) % 3 === 0; break // prettier-ignore
          case 4: invert = (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0; break // prettier-ignore
          case 5: invert = ((x * y) % 2) + ((x * y) % 3) === 0; break // prettier-ignore
          case 6: invert = (((x * y) % 2) + ((x * y) % 3)) % 2 === 0; break // prettier-ignore
          default: invert = (((x + y) % 2) + ((x * y) % 3)) % 2 === 0 // prettier-ignore
        }
        if (invert && !this.isFunction[y]![x]) this.modules[y]![x] = !this.modules[y]![x]
      }
  }

  penalty(): number {
    const size = this.size
    const m = this.modules
    let result = 0
    const addHistory = (run: number, history: number[]): void => {
      if (history[0] === 0) run += size // the light border before the first run
      history.pop()
      history.unshift(run)
    }
    const countPatterns = (h: number[]): number => {
      const n = h[1] as number
      const core = n > 0 && h[2] === n && h[3] === n * 3 && h[4] === n && h[5] === n
      return (
        (core && (h[0] as number) >= n * 4 && (h[6] as number) >= n ? 1 : 0) +
        (core && (h[6] as number) >= n * 4 && (h[0] as number) >= n ? 1 : 0)
      )
    }
    const terminate = (color: boolean, run: number, history: number[]): number => {
      if (color) {
        addHistory(run, history)
        run = 0
      }
      addHistory(run + size, history)
      return countPatterns(history)
    }
    for (const along of [true, false]) {
      for (let a = 0; a < size; a++) {
        let color = false
        let run = 0
        const history = [0, 0, 0, 0, 0, 0, 0]
        for (let b = 0; b < size; b++) {
          const cell = along ? (m[a]![b] as boolean) : (m[b]![a] as boolean)
          if (cell === color) {
            run++
            if (run === 5) result += 3
            else if (run > 5) result++
          } else {
            addHistory(run, history)
            if (!color) result += countPatterns(history) * 40
            color = cell
            run = 1
          }
        }
        result += terminate(color, run, history) * 40
      }
    }
    for (let y = 0; y < size - 1; y++)
      for (let x = 0; x < size - 1; x++) {
        const c = m[y]![x]
        if (c === m[y]![x + 1] && c === m[y + 1]![x] && c === m[y + 1]![x + 1]) result += 3
      }
    let dark = 0
    for (const row of m) for (const cell of row) if (cell) dark++
    const total = size * size
    const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1
    return result + k * 10
  }
}

/** Encodes `text` (error correction at least `minEcc`; `mask` forced when given, else the best one). */
export function encodeQr(text: string, minEcc: Ecc = 'M', mask?: number): QrCode {
  const seg = segment(text)
  let version = 1
  for (; ; version++) {
    if (version > 40) throw new RangeError('text too long for a QR code')
    if (segmentBits(seg, version) <= dataCodewords(version, minEcc) * 8) break
  }
  const used = segmentBits(seg, version)
  let ecc: Ecc = minEcc
  for (const higher of ['M', 'Q', 'H'] as Ecc[])
    if (ECC_ORDINAL[higher] > ECC_ORDINAL[ecc] && used <= dataCodewords(version, higher) * 8) ecc = higher

  const bits: number[] = []
  appendBits(seg.modeBits, 4, bits)
  appendBits(seg.chars, seg.countBits[Math.floor((version + 7) / 17)] as number, bits)
  bits.push(...seg.bits)
  const capacity = dataCodewords(version, ecc) * 8
  appendBits(0, Math.min(4, capacity - bits.length), bits)
  appendBits(0, (8 - (bits.length % 8)) % 8, bits)
  for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) appendBits(pad, 8, bits)
  const data: number[] = []
  for (let i = 0; i < bits.length; i += 8)
    data.push(bits.slice(i, i + 8).reduce((acc, b) => (acc << 1) | b, 0))

  // split into blocks, add Reed–Solomon error correction to each, interleave
  const e = ECC_ORDINAL[ecc]
  const numBlocks = NUM_ERROR_CORRECTION_BLOCKS[e]![version] as number
  const blockEccLen = ECC_CODEWORDS_PER_BLOCK[e]![version] as number
  const rawCodewords = Math.floor(rawDataModules(version) / 8)
  const numShortBlocks = numBlocks - (rawCodewords % numBlocks)
  const shortBlockLen = Math.floor(rawCodewords / numBlocks)
  const divisor = rsDivisor(blockEccLen)
  const blocks: number[][] = []
  for (let i = 0, k = 0; i < numBlocks; i++) {
    const dat = data.slice(k, k + shortBlockLen - blockEccLen + (i < numShortBlocks ? 0 : 1))
    k += dat.length
    const eccBytes = rsRemainder(dat, divisor)
    if (i < numShortBlocks) dat.push(0)
    blocks.push(dat.concat(eccBytes))
  }
  const codewords: number[] = []
  for (let i = 0; i < (blocks[0] as number[]).length; i++)
    blocks.forEach((block, j) => {
      if (i !== shortBlockLen - blockEccLen || j >= numShortBlocks) codewords.push(block[i] as number)
    })

  const qr = new Builder(version, ecc)
  qr.drawFunctionPatterns()
  qr.drawCodewords(codewords)
  let chosen = mask ?? -1
  if (chosen < 0) {
    let best = Infinity
    for (let candidate = 0; candidate < 8; candidate++) {
      qr.applyMask(candidate)
      qr.drawFormatBits(candidate)
      const score = qr.penalty()
      if (score < best) {
        chosen = candidate
        best = score
      }
      qr.applyMask(candidate) // XOR again undoes it
    }
  }
  qr.applyMask(chosen)
  qr.drawFormatBits(chosen)
  return { version, ecc, mask: chosen, size: qr.size, modules: qr.modules }
}
