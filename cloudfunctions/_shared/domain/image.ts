/** Image facts WeChat checks before it takes an upload (goods covers ≤ 300 px, 2 MB), read from the bytes alone. */

/** Width and height of a PNG or JPEG read from its header, or null when the format is not recognised. */
export function imageSize(data: Uint8Array): { width: number; height: number } | null {
  const u32 = (i: number) =>
    (((data[i] ?? 0) << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0)) >>>
    0
  const u16 = (i: number) => ((data[i] ?? 0) << 8) | (data[i + 1] ?? 0)
  // PNG: the signature, then IHDR's width and height
  if (data.length >= 24 && u32(0) === 0x89504e47) return { width: u32(16), height: u32(20) }
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null
  // JPEG: walk the segments to the first start-of-frame marker (C0–CF except C4 DHT, C8 JPG, CC DAC)
  for (let i = 2; i + 9 < data.length;) {
    if (data[i] !== 0xff) return null
    const marker = data[i + 1] ?? 0
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16(i + 5), width: u16(i + 7) }
    }
    i += 2 + u16(i + 2)
  }
  return null
}
