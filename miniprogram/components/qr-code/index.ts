/**
 * 二维码: draws the matrix of utils/qrcode as rows of dark and light runs (views, so it renders the same
 * on every base library and in tests), with the 4-module quiet zone scanners need.
 */
import { encodeQr } from '../../utils/qrcode'

interface Run {
  dark: boolean
  len: number
}

/** Each row as runs of same-coloured modules: a few hundred views instead of one per module. */
export function toRuns(modules: boolean[][]): Run[][] {
  return modules.map((row) => {
    const runs: Run[] = []
    for (const dark of row) {
      const last = runs[runs.length - 1]
      if (last && last.dark === dark) last.len++
      else runs.push({ dark, len: 1 })
    }
    return runs
  })
}

Component({
  properties: {
    text: { type: String, value: '' },
    /** Width of the code without the quiet zone, in px. */
    size: { type: Number, value: 180 },
  },
  data: { rows: [] as Run[][], cell: 0, side: 0, quiet: 0, modules: 0 },
  observers: {
    'text, size'(text: string, size: number) {
      if (!text) {
        this.setData({ rows: [], cell: 0, side: 0, quiet: 0, modules: 0 })
        return
      }
      const qr = encodeQr(text, 'M')
      const cell = Math.max(1, Math.floor(size / qr.size))
      this.setData({
        rows: toRuns(qr.modules),
        cell,
        side: cell * qr.size,
        quiet: cell * 4,
        modules: qr.size,
      })
    },
  },
})
