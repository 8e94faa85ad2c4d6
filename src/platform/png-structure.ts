// Whether some bytes are a well-formed PNG of bounded size, decided before anything decodes them
// into an image. The first 8 bytes prove nothing: a 31 KB PNG can declare 14000×14000 pixels, and a
// decoder (pdf-lib's, on the document thread) then allocates for all of them. So the chunk layout is
// walked (every CRC checked), the header read and bounded first, and only then is the image data
// inflated, with node:zlib capped at the exact size the header implies: cheap for a bounded image,
// and it proves the pixels decode (a stream that is short, long or broken is refused).
import { inflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** Length + type + CRC around each chunk's data. */
const CHUNK_OVERHEAD = 12

export interface PngBounds {
  maxWidth: number
  maxHeight: number
  maxPixels: number
}

/** `too_large`: well-formed up to the header, but beyond the bounds (nothing after it is read). */
export type PngProblem = 'malformed' | 'too_large'

export type PngCheck = { ok: true; width: number; height: number; layout: PngLayout } | { ok: false; problem: PngProblem }

/** What a consumer may need to know of a checked image's encoding beyond its size. */
export interface PngLayout {
  bitDepth: number
  colourType: number
  interlaced: boolean
  /** A tRNS chunk: transparency for a palette, or one transparent colour. */
  transparencyChunk: boolean
}

interface PngHeader {
  width: number
  height: number
  bitDepth: number
  colourType: number
  interlaced: boolean
}

/** Samples per pixel of each colour type, and the bit depths the PNG specification allows with it. */
const COLOUR_TYPES: ReadonlyMap<number, { samples: number; bitDepths: readonly number[] }> = new Map([
  [0, { samples: 1, bitDepths: [1, 2, 4, 8, 16] }], // greyscale
  [2, { samples: 3, bitDepths: [8, 16] }], // RGB
  [3, { samples: 1, bitDepths: [1, 2, 4, 8] }], // palette index
  [4, { samples: 2, bitDepths: [8, 16] }], // greyscale + alpha
  [6, { samples: 4, bitDepths: [8, 16] }], // RGBA (what a canvas's toDataURL gives)
])

/** The seven Adam7 passes: first column, first row, column step, row step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const

// APNG's frames carry their own width and height, which pdf-lib's decoder allocates for as it does
// for the header's; no still image needs them.
const REFUSED_ANCILLARY = new Set(['acTL', 'fcTL', 'fdAT'])

const MALFORMED: PngCheck = { ok: false, problem: 'malformed' }

export function checkPng(bytes: Uint8Array, bounds: PngBounds): PngCheck {
  const png = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (png.length < SIGNATURE.length || !png.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return MALFORMED
  let header: PngHeader | undefined
  let hasPalette = false
  let transparencyChunk = false
  const imageData: Buffer[] = []
  let imageDataClosed = false
  let ended = false
  let offset = SIGNATURE.length
  while (offset < png.length) {
    if (ended || png.length - offset < CHUNK_OVERHEAD) return MALFORMED
    const length = png.readUInt32BE(offset)
    if (length > png.length - offset - CHUNK_OVERHEAD) return MALFORMED
    const type = png.toString('latin1', offset + 4, offset + 8)
    if (!/^[A-Za-z]{4}$/.test(type)) return MALFORMED
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (crc32(png.subarray(offset + 4, offset + 8 + length)) !== png.readUInt32BE(offset + 8 + length)) return MALFORMED
    offset += CHUNK_OVERHEAD + length

    if (header === undefined) {
      if (type !== 'IHDR') return MALFORMED
      const read = readHeader(data)
      if (read === null) return MALFORMED
      if (read.width > bounds.maxWidth || read.height > bounds.maxHeight || read.width * read.height > bounds.maxPixels) return { ok: false, problem: 'too_large' }
      header = read
      continue
    }
    if (type === 'IDAT') {
      // The image data is one run of consecutive IDAT chunks.
      if (imageDataClosed) return MALFORMED
      imageData.push(data)
      continue
    }
    if (imageData.length > 0) imageDataClosed = true
    if (type === 'IEND') {
      if (length !== 0) return MALFORMED
      ended = true
    } else if (type === 'PLTE') {
      if (hasPalette || imageData.length > 0 || length === 0 || length % 3 !== 0 || length / 3 > 2 ** header.bitDepth) return MALFORMED
      hasPalette = true
    } else if (type === 'tRNS') {
      transparencyChunk = true
    } else if (isCritical(type) || REFUSED_ANCILLARY.has(type)) {
      // A second IHDR, or a critical chunk no decoder knows (which the specification says to refuse).
      return MALFORMED
    }
  }
  if (header === undefined || !ended || imageData.length === 0) return MALFORMED
  // A palette image needs its palette; greyscale ones cannot have one (colour ones may suggest one).
  if (header.colourType === 3 && !hasPalette) return MALFORMED
  if (hasPalette && (header.colourType === 0 || header.colourType === 4)) return MALFORMED
  if (!inflatesToRows(Buffer.concat(imageData), header)) return MALFORMED
  const layout = { bitDepth: header.bitDepth, colourType: header.colourType, interlaced: header.interlaced, transparencyChunk }
  return { ok: true, width: header.width, height: header.height, layout }
}

function readHeader(data: Buffer): PngHeader | null {
  if (data.length !== 13) return null
  const width = data.readUInt32BE(0)
  const height = data.readUInt32BE(4)
  const bitDepth = data[8]!
  const colourType = data[9]!
  const [compression, filter, interlace] = [data[10], data[11], data[12]]
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return null
  if (!COLOUR_TYPES.get(colourType)?.bitDepths.includes(bitDepth)) return null
  if (compression !== 0 || filter !== 0 || (interlace !== 0 && interlace !== 1)) return null
  return { width, height, bitDepth, colourType, interlaced: interlace === 1 }
}

/** Ancillary chunks have a lower-case first letter; the rest are critical. */
function isCritical(type: string): boolean {
  return type.charCodeAt(0) < 0x61
}

/**
 * Whether the zlib stream inflates to exactly the scanlines the header announces, each starting
 * with a filter type of 0–4. The output is capped at that size, so a stream that would inflate to
 * more stops there instead of filling memory.
 */
function inflatesToRows(stream: Buffer, header: PngHeader): boolean {
  const bitsPerPixel = header.bitDepth * COLOUR_TYPES.get(header.colourType)!.samples
  // [scanline count, bytes per scanline without its filter byte] of each (sub-)image.
  const images: Array<[number, number]> = header.interlaced
    ? ADAM7.map(([x0, y0, dx, dy]) => [Math.ceil((header.height - y0) / dy), Math.ceil((header.width - x0) / dx)] as const)
        .filter(([rows, columns]) => rows > 0 && columns > 0)
        .map(([rows, columns]) => [rows, Math.ceil((columns * bitsPerPixel) / 8)])
    : [[header.height, Math.ceil((header.width * bitsPerPixel) / 8)]]
  const expected = images.reduce((sum, [rows, rowBytes]) => sum + rows * (1 + rowBytes), 0)
  let pixels: Buffer
  try {
    pixels = inflateSync(stream, { maxOutputLength: expected })
  } catch {
    return false
  }
  if (pixels.length !== expected) return false
  let offset = 0
  for (const [rows, rowBytes] of images) {
    for (let row = 0; row < rows; row += 1) {
      if (pixels[offset]! > 4) return false
      offset += 1 + rowBytes
    }
  }
  return true
}

let crcTable: Uint32Array | undefined

/** CRC-32 (ISO 3309, as PNG uses it); Node 20's zlib does not expose one. */
export function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  let crc = 0xffffffff
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
