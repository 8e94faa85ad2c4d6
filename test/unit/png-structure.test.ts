// checkPng (platform/png-structure.ts): each refused file is a valid one with exactly one thing
// broken, so a case passes only because of the rule it names.
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { checkPng, crc32, type PngBounds } from '../../src/platform/png-structure.js'
import { blankScanlines, buildPng, chunk, crc32 as referenceCrc32, headerData, pngOf, type PngHeaderSpec } from '../support/png.js'

const BOUNDS: PngBounds = { maxWidth: 2000, maxHeight: 1000, maxPixels: 1_200_000 }
const SPEC: PngHeaderSpec = { width: 60, height: 20 }
const IHDR = chunk('IHDR', headerData(SPEC))
const IDAT = chunk('IDAT', deflateSync(blankScanlines(SPEC)))
const IEND = chunk('IEND')
const MALFORMED = { ok: false, problem: 'malformed' }

describe('checkPng', () => {
  it('accepts a valid file and gives its size and layout', () => {
    expect(checkPng(pngOf([IHDR, IDAT, IEND]), BOUNDS)).toEqual({ ok: true, width: 60, height: 20, layout: { bitDepth: 8, colourType: 6, interlaced: false, transparencyChunk: false } })
  })

  it('accepts every colour type at every bit depth the specification allows', () => {
    const allowed: Array<[number, number[]]> = [[0, [1, 2, 4, 8, 16]], [2, [8, 16]], [3, [1, 2, 4, 8]], [4, [8, 16]], [6, [8, 16]]]
    for (const [colourType, depths] of allowed) {
      for (const bitDepth of depths) {
        const spec = { width: 7, height: 3, colourType, bitDepth }
        const palette = colourType === 3 ? [chunk('PLTE', Buffer.alloc(6))] : []
        expect(checkPng(buildPng(spec, { beforeData: palette }), BOUNDS), `type ${colourType}, ${bitDepth} bits`).toMatchObject({ ok: true })
      }
    }
  })

  it('refuses the combinations of colour type and bit depth the specification does not allow', () => {
    // [colour type, bit depth, samples per pixel]: the data has the size such pixels would need.
    for (const [colourType, bitDepth, samples] of [[2, 4, 3], [6, 1, 4], [4, 2, 2], [3, 16, 1], [0, 3, 1], [1, 8, 1], [5, 8, 1], [7, 8, 4]]) {
      const palette = colourType === 3 ? [chunk('PLTE', Buffer.alloc(6))] : []
      const scanlines = Buffer.alloc(SPEC.height * (1 + Math.ceil((SPEC.width * bitDepth! * samples!) / 8)))
      const png = buildPng({ ...SPEC, colourType, bitDepth }, { scanlines, beforeData: palette })
      expect(checkPng(png, BOUNDS), `type ${colourType}, ${bitDepth} bits`).toEqual(MALFORMED)
    }
  })

  it('refuses an unknown compression, filter or interlace method, and a zero width or height', () => {
    for (const spec of [{ compression: 1 }, { filter: 1 }, { interlace: 2 }, { width: 0 }, { height: 0 }]) {
      expect(checkPng(pngOf([chunk('IHDR', headerData({ ...SPEC, ...spec })), IDAT, IEND]), BOUNDS), JSON.stringify(spec)).toEqual(MALFORMED)
    }
  })

  it('accepts an interlaced (Adam7) image whose seven passes are all there', () => {
    // 3×3 RGBA: passes 1, 4, 5, 6 and 7 hold 1, 1, 2×1, 1×2 and 3×1 pixels; 2 and 3 are empty.
    const spec = { width: 3, height: 3, interlace: 1 }
    const passes = 1 * (1 + 4) + 1 * (1 + 4) + 1 * (1 + 8) + 2 * (1 + 4) + 1 * (1 + 12)
    expect(checkPng(buildPng(spec, { scanlines: Buffer.alloc(passes) }), BOUNDS)).toMatchObject({ ok: true, width: 3, height: 3, layout: { interlaced: true } })
    // Read as if it were not interlaced (3 rows of 1 + 12), the data is one byte short.
    expect(checkPng(buildPng(spec, { scanlines: Buffer.alloc(3 * 13) }), BOUNDS)).toEqual(MALFORMED)
  })

  it('reads the header first: a huge image is too large whatever follows', () => {
    expect(checkPng(pngOf([chunk('IHDR', headerData({ width: 14_000, height: 14_000, colourType: 0, bitDepth: 1 }))]), BOUNDS)).toEqual({ ok: false, problem: 'too_large' })
    expect(checkPng(pngOf([chunk('IHDR', headerData({ width: 2001, height: 1 })), IDAT, IEND]), BOUNDS)).toEqual({ ok: false, problem: 'too_large' })
    expect(checkPng(pngOf([chunk('IHDR', headerData({ width: 1, height: 1001 })), IDAT, IEND]), BOUNDS)).toEqual({ ok: false, problem: 'too_large' })
    expect(checkPng(pngOf([chunk('IHDR', headerData({ width: 1201, height: 1000 })), IDAT, IEND]), BOUNDS)).toEqual({ ok: false, problem: 'too_large' })
    expect(checkPng(buildPng({ width: 1200, height: 1000, colourType: 0, bitDepth: 1 }), BOUNDS)).toMatchObject({ ok: true })
  })

  it('refuses a header that is not first, not 13 bytes, repeated, or whose CRC is wrong', () => {
    const badCrc = Buffer.from(IHDR)
    badCrc[badCrc.length - 1]! ^= 1
    const long = chunk('IHDR', Buffer.concat([headerData(SPEC), Buffer.alloc(1)]))
    for (const png of [pngOf([chunk('tEXt', Buffer.from('a\0b')), IHDR, IDAT, IEND]), pngOf([IDAT, IEND]), pngOf([long, IDAT, IEND]), pngOf([IHDR, IHDR, IDAT, IEND]), pngOf([badCrc, IDAT, IEND])]) {
      expect(checkPng(png, BOUNDS)).toEqual(MALFORMED)
    }
  })

  it('refuses a file with a wrong CRC in any chunk, or a chunk running past the end', () => {
    const badData = Buffer.from(IDAT)
    badData[10]! ^= 0xff
    expect(checkPng(pngOf([IHDR, badData, IEND]), BOUNDS)).toEqual(MALFORMED)
    const file = pngOf([IHDR, IDAT, IEND])
    expect(checkPng(file.subarray(0, file.length - 1), BOUNDS)).toEqual(MALFORMED)
    const tooLong = Buffer.from(IDAT)
    tooLong.writeUInt32BE(0x7fffffff, 0)
    expect(checkPng(pngOf([IHDR, tooLong, IEND]), BOUNDS)).toEqual(MALFORMED)
  })

  it('needs image data in one run of IDAT chunks, and IEND last', () => {
    const data = deflateSync(blankScanlines(SPEC))
    const [first, second] = [chunk('IDAT', data.subarray(0, 10)), chunk('IDAT', data.subarray(10))]
    const text = chunk('tEXt', Buffer.from('Software\0test'))
    expect(checkPng(pngOf([IHDR, text, first, second, text, IEND]), BOUNDS)).toMatchObject({ ok: true })
    expect(checkPng(pngOf([IHDR, first, text, second, IEND]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([IHDR, IEND]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([IHDR, IDAT]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([IHDR, IDAT, IEND, text]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(Buffer.concat([pngOf([IHDR, IDAT, IEND]), Buffer.from('trailing')]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([IHDR, IDAT, chunk('IEND', Buffer.from([0]))]), BOUNDS)).toEqual(MALFORMED)
  })

  it('refuses unknown critical chunks and animation (APNG) chunks, and lets other ancillary chunks be', () => {
    expect(checkPng(pngOf([IHDR, chunk('sRGB', Buffer.from([0])), chunk('vnDr', Buffer.from('x')), IDAT, IEND]), BOUNDS)).toMatchObject({ ok: true })
    expect(checkPng(pngOf([IHDR, chunk('ABCD', Buffer.from('x')), IDAT, IEND]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([IHDR, chunk('acTL', Buffer.alloc(8)), IDAT, IEND]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([IHDR, IDAT, chunk('fdAT', Buffer.alloc(8)), IEND]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([IHDR, chunk('a1b2', Buffer.alloc(1)), IDAT, IEND]), BOUNDS)).toEqual(MALFORMED)
  })

  it('needs a palette for a palette image, before its data, and none for a greyscale one', () => {
    const spec = { width: 4, height: 4, colourType: 3, bitDepth: 2 }
    const palette = chunk('PLTE', Buffer.alloc(4 * 3))
    const data = chunk('IDAT', deflateSync(blankScanlines(spec)))
    const header = chunk('IHDR', headerData(spec))
    expect(checkPng(pngOf([header, palette, data, IEND]), BOUNDS)).toMatchObject({ ok: true })
    expect(checkPng(pngOf([header, data, IEND]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([header, data, palette, IEND]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(pngOf([header, chunk('PLTE', Buffer.alloc(5 * 3)), data, IEND]), BOUNDS)).toEqual(MALFORMED) // 5 colours for 2 bits
    expect(checkPng(pngOf([header, chunk('PLTE', Buffer.alloc(4)), data, IEND]), BOUNDS)).toEqual(MALFORMED)
    const grey = { width: 4, height: 4, colourType: 0 }
    expect(checkPng(buildPng(grey, { beforeData: [chunk('PLTE', Buffer.alloc(3))] }), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(buildPng({ width: 4, height: 4, colourType: 2 }, { beforeData: [chunk('PLTE', Buffer.alloc(3))] }), BOUNDS)).toMatchObject({ ok: true })
  })

  it('inflates the data to exactly the scanlines the header announces, each with a known filter type', () => {
    const rows = blankScanlines(SPEC)
    const withData = (data: Buffer) => checkPng(pngOf([IHDR, chunk('IDAT', data), IEND]), BOUNDS)
    const filtered = Buffer.from(rows)
    for (let row = 0; row < 20; row += 1) filtered[row * (1 + 240)] = row % 5
    expect(withData(deflateSync(filtered))).toMatchObject({ ok: true })
    filtered[3 * (1 + 240)] = 5
    expect(withData(deflateSync(filtered))).toEqual(MALFORMED)
    expect(withData(deflateSync(rows.subarray(1)))).toEqual(MALFORMED)
    expect(withData(deflateSync(Buffer.concat([rows, Buffer.alloc(1)])))).toEqual(MALFORMED)
    // A stream that would inflate to far more than the image stops at its size.
    expect(withData(deflateSync(Buffer.alloc(50_000_000)))).toEqual(MALFORMED)
    const stream = deflateSync(rows)
    expect(withData(stream.subarray(0, stream.length - 4))).toEqual(MALFORMED) // no Adler-32
    const badAdler = Buffer.from(stream)
    badAdler[badAdler.length - 1]! ^= 1
    expect(withData(badAdler)).toEqual(MALFORMED)
  })

  it('refuses what does not start with the PNG signature', () => {
    const file = pngOf([IHDR, IDAT, IEND])
    expect(checkPng(Buffer.concat([Buffer.from('GIF89a'), file.subarray(6)]), BOUNDS)).toEqual(MALFORMED)
    expect(checkPng(Buffer.alloc(0), BOUNDS)).toEqual(MALFORMED)
  })
})

describe('crc32', () => {
  it('gives the standard check value and agrees with a bit-by-bit CRC', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff))
    expect(crc32(bytes)).toBe(referenceCrc32(bytes))
    expect(crc32(Buffer.alloc(0))).toBe(0)
  })
})
