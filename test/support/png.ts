// PNGs built byte by byte for the drawn-signature tests, so each case breaks exactly one thing of an
// otherwise valid file. The CRC-32 is written here again (bit by bit, no table), not imported from
// the code under test, so a wrong CRC there cannot make these files agree with it.
import fs from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** One chunk: length, type, data, CRC (of type and data). */
export function chunk(type: string, data: Uint8Array = Buffer.alloc(0)): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}

export interface PngHeaderSpec {
  width: number
  height: number
  bitDepth?: number
  colourType?: number
  compression?: number
  filter?: number
  interlace?: number
}

/** IHDR's 13 bytes; 8-bit RGBA and no interlacing unless told, as a canvas's toDataURL writes. */
export function headerData({ width, height, bitDepth = 8, colourType = 6, compression = 0, filter = 0, interlace = 0 }: PngHeaderSpec): Buffer {
  const data = Buffer.alloc(13)
  data.writeUInt32BE(width, 0)
  data.writeUInt32BE(height, 4)
  data.set([bitDepth, colourType, compression, filter, interlace], 8)
  return data
}

/** The signature followed by `chunks`, as they are. */
export function pngOf(chunks: Buffer[]): Buffer {
  return Buffer.concat([SIGNATURE, ...chunks])
}

const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

/** The unfiltered scanlines of a non-interlaced image: each a filter byte (0) and zeroed pixels. */
export function blankScanlines({ width, height, bitDepth = 8, colourType = 6 }: PngHeaderSpec): Buffer {
  return Buffer.alloc(height * (1 + Math.ceil((width * bitDepth * SAMPLES[colourType]!) / 8)))
}

/**
 * A valid PNG: IHDR, then `beforeData` (PLTE, ancillary chunks), the deflated `scanlines` (blank ones
 * by default) in one IDAT, IEND.
 */
export function buildPng(spec: PngHeaderSpec, options: { scanlines?: Buffer; beforeData?: Buffer[] } = {}): Buffer {
  const scanlines = options.scanlines ?? blankScanlines(spec)
  return pngOf([chunk('IHDR', headerData(spec)), ...(options.beforeData ?? []), chunk('IDAT', deflateSync(scanlines)), chunk('IEND')])
}

export function pngDataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`
}

/**
 * A signature drawn in Chromium on a 600×200 canvas with the signing page's pen (3 px, round,
 * #111827) and read with canvas.toDataURL('image/png'), exactly as the page's script does: 8-bit
 * RGBA, its data split over five IDAT chunks (the last one 6 bytes long).
 */
export function chromiumDrawnSignature(): string {
  return pngDataUrl(fs.readFileSync(path.join(import.meta.dirname, 'chromium-drawn-signature.png')))
}
