// The demo company's logo, drawn here pixel by pixel so the repository carries no binary: a teal
// rounded square with a white roof-like chevron and an amber dot, 96 × 96, anti-aliased (4 × 4
// samples a pixel), encoded as an 8-bit RGBA PNG. Saved through saveAccountLogo, so it passes the
// same checks as an upload.
import { deflateSync } from 'node:zlib'
import { crc32 } from '../../platform/png-structure.js'

const SIZE = 96
const SAMPLES = 4
type Rgb = readonly [number, number, number]
const TEAL: Rgb = [15, 118, 110]
const WHITE: Rgb = [255, 255, 255]
const AMBER: Rgb = [245, 158, 11]

function insideRoundedSquare(x: number, y: number): boolean {
  const [half, radius] = [44, 16]
  const dx = Math.max(Math.abs(x - SIZE / 2) - (half - radius), 0)
  const dy = Math.max(Math.abs(y - SIZE / 2) - (half - radius), 0)
  return dx * dx + dy * dy <= radius * radius
}

function distanceToSegment(x: number, y: number, [ax, ay]: readonly [number, number], [bx, by]: readonly [number, number]): number {
  const [vx, vy] = [bx - ax, by - ay]
  const along = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)))
  return Math.hypot(x - (ax + along * vx), y - (ay + along * vy))
}

/** The colour at a point, or null outside the mark. */
function colourAt(x: number, y: number): Rgb | null {
  if (!insideRoundedSquare(x, y)) return null
  const peak = [48, 30] as const
  if (Math.min(distanceToSegment(x, y, [24, 56], peak), distanceToSegment(x, y, peak, [72, 56])) <= 6.5) return WHITE
  if (Math.hypot(x - 48, y - 68) <= 7) return AMBER
  return TEAL
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const framing = Buffer.alloc(8)
  framing.writeUInt32BE(data.length, 0)
  framing.writeUInt32BE(crc32(typed), 4)
  return Buffer.concat([framing.subarray(0, 4), typed, framing.subarray(4)])
}

export function demoLogoPng(): Buffer {
  // Each scanline: filter type 0, then RGBA per pixel (colour averaged over the covered samples).
  const rows = Buffer.alloc(SIZE * (1 + SIZE * 4))
  for (let py = 0; py < SIZE; py += 1) {
    for (let px = 0; px < SIZE; px += 1) {
      const sum = [0, 0, 0]
      let covered = 0
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const colour = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
          if (!colour) continue
          covered += 1
          for (let channel = 0; channel < 3; channel += 1) sum[channel]! += colour[channel]!
        }
      }
      const at = py * (1 + SIZE * 4) + 1 + px * 4
      for (let channel = 0; channel < 3; channel += 1) rows[at + channel] = covered === 0 ? 0 : Math.round(sum[channel]! / covered)
      rows[at + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, deflate, filter method 0, not interlaced
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}
