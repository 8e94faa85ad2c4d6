// What may be an account's logo: a PNG or JPEG read by its bytes, well formed, within 512 KB and
// 3,000 pixels a side; everything else refused with the reason the page shows.
import { describe, expect, it } from 'vitest'
import { checkLogo, LOGO_MAX_BYTES } from '../../src/modules/accounts/account-logo.js'
import { readJpegFrame } from '../../src/platform/jpeg-frame.js'
import { CHROMIUM_JPEG, startOfFrame, withFrame } from '../support/jpeg.js'
import { buildPng, chunk, pngOf, headerData } from '../support/png.js'

describe('checkLogo', () => {
  it('takes a PNG and a JPEG for what their bytes are, with their size in pixels', () => {
    expect(checkLogo(buildPng({ width: 400, height: 100 }))).toEqual({ ok: true, contentType: 'image/png', width: 400, height: 100 })
    expect(checkLogo(CHROMIUM_JPEG)).toEqual({ ok: true, contentType: 'image/jpeg', width: 12, height: 6 })
  })

  it('refuses nothing, a file over 256 KB and a type that is neither', () => {
    expect(checkLogo(new Uint8Array())).toEqual({ ok: false, problem: 'missing' })
    const padded = Buffer.concat([CHROMIUM_JPEG, Buffer.alloc(LOGO_MAX_BYTES)])
    expect(checkLogo(padded)).toEqual({ ok: false, problem: 'too_large' })
    expect(checkLogo(Buffer.from('GIF89a\x01\x00\x01\x00'))).toEqual({ ok: false, problem: 'unsupported_type' })
    expect(checkLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ ok: false, problem: 'unsupported_type' })
  })

  it('refuses a broken PNG, and one declaring more pixels than a logo needs before inflating anything', () => {
    const png = buildPng({ width: 40, height: 20 })
    const broken = Buffer.from(png)
    broken[broken.length - 20] = broken[broken.length - 20]! ^ 0xff
    expect(checkLogo(broken)).toEqual({ ok: false, problem: 'malformed' })
    // 3,001 pixels wide, and 2,000 × 2,001 (over 4 million): refused on the header alone.
    expect(checkLogo(pngOf([chunk('IHDR', headerData({ width: 3001, height: 10 })), chunk('IEND')]))).toEqual({ ok: false, problem: 'too_many_pixels' })
    expect(checkLogo(pngOf([chunk('IHDR', headerData({ width: 2000, height: 2001 })), chunk('IEND')]))).toEqual({ ok: false, problem: 'too_many_pixels' })
  })

  it('refuses a JPEG PDF cannot describe, one too large, and one cut or out of order', () => {
    expect(checkLogo(withFrame(CHROMIUM_JPEG, { precision: 12 }))).toEqual({ ok: false, problem: 'unsupported_type' })
    expect(checkLogo(withFrame(CHROMIUM_JPEG, { components: 2 }))).toEqual({ ok: false, problem: 'unsupported_type' })
    expect(checkLogo(withFrame(CHROMIUM_JPEG, { height: 0 }))).toEqual({ ok: false, problem: 'unsupported_type' })
    expect(checkLogo(withFrame(CHROMIUM_JPEG, { width: 3001 }))).toEqual({ ok: false, problem: 'too_many_pixels' })
    expect(checkLogo(withFrame(CHROMIUM_JPEG, { width: 2001, height: 2000 }))).toEqual({ ok: false, problem: 'too_many_pixels' })
    expect(checkLogo(CHROMIUM_JPEG.subarray(0, startOfFrame(CHROMIUM_JPEG) + 4))).toEqual({ ok: false, problem: 'malformed' })
    // A scan (image data) before any frame header.
    const scanFirst = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08]), Buffer.alloc(6), CHROMIUM_JPEG.subarray(2)])
    expect(checkLogo(scanFirst)).toEqual({ ok: false, problem: 'malformed' })
  })
})

/** The scanline bytes of an interlaced 8-bit image: each of the seven passes' rows, with their filter byte. */
function adam7Bytes(width: number, height: number, bytesPerPixel: number): number {
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]]
  return passes.reduce((total, [x0, y0, dx, dy]) => {
    const [columns, rows] = [Math.ceil((width - x0!) / dx!), Math.ceil((height - y0!) / dy!)]
    return columns > 0 && rows > 0 ? total + rows * (1 + columns * bytesPerPixel) : total
  }, 0)
}

describe('checkLogo on PNGs pdfkit must decode for every PDF', () => {
  it('holds one with transparency or interlacing to 250,000 pixels, and lets an opaque one be larger', () => {
    expect(checkLogo(buildPng({ width: 1000, height: 250 }))).toMatchObject({ ok: true })
    expect(checkLogo(buildPng({ width: 600, height: 500 }))).toEqual({ ok: false, problem: 'too_many_transparent_pixels' })
    expect(checkLogo(buildPng({ width: 600, height: 500, colourType: 4 }))).toEqual({ ok: false, problem: 'too_many_transparent_pixels' })
    expect(checkLogo(buildPng({ width: 600, height: 500, colourType: 2, interlace: 1 }, { scanlines: Buffer.alloc(adam7Bytes(600, 500, 3)) }))).toEqual({ ok: false, problem: 'too_many_transparent_pixels' })
    expect(checkLogo(buildPng({ width: 600, height: 500, colourType: 2 }))).toEqual({ ok: true, contentType: 'image/png', width: 600, height: 500 })
  })
})

/** A JPEG of CHROMIUM_JPEG's segments with `segment` (marker, then its data) inserted before its frame. */
function withSegmentBeforeFrame(marker: number, data: Buffer): Buffer {
  const sof = startOfFrame(CHROMIUM_JPEG)
  const length = Buffer.alloc(2)
  length.writeUInt16BE(data.length + 2)
  return Buffer.concat([CHROMIUM_JPEG.subarray(0, sof), Buffer.from([0xff, marker]), length, data, CHROMIUM_JPEG.subarray(sof)])
}

describe('readJpegFrame', () => {
  it('reads a baseline and a progressive frame', () => {
    expect(readJpegFrame(CHROMIUM_JPEG)).toEqual({ ok: true, width: 12, height: 6, components: 3 })
    const progressive = Buffer.from(CHROMIUM_JPEG)
    progressive[startOfFrame(progressive) + 1] = 0xc2
    expect(readJpegFrame(progressive)).toEqual({ ok: true, width: 12, height: 6, components: 3 })
  })

  it('refuses what pdfkit reads otherwise or DCTDecode cannot decode: fill bytes, lossless or arithmetic frames, a DAC segment', () => {
    const padded = Buffer.concat([CHROMIUM_JPEG.subarray(0, startOfFrame(CHROMIUM_JPEG)), Buffer.from([0xff]), CHROMIUM_JPEG.subarray(startOfFrame(CHROMIUM_JPEG))])
    expect(readJpegFrame(padded)).toEqual({ ok: false, problem: 'malformed' })
    for (const marker of [0xc3, 0xc9, 0xcb]) {
      const other = Buffer.from(CHROMIUM_JPEG)
      other[startOfFrame(other) + 1] = marker
      expect(readJpegFrame(other), marker.toString(16)).toEqual({ ok: false, problem: 'unsupported' })
    }
    expect(readJpegFrame(withSegmentBeforeFrame(0xcc, Buffer.from([0x00, 0x10])))).toEqual({ ok: false, problem: 'unsupported' })
  })

  it('refuses a file without a scan after its frame, or without its end-of-image marker', () => {
    const sof = startOfFrame(CHROMIUM_JPEG)
    const frameOnly = Buffer.concat([CHROMIUM_JPEG.subarray(0, sof + 2 + CHROMIUM_JPEG.readUInt16BE(sof + 2)), Buffer.from([0xff, 0xd9])])
    expect(readJpegFrame(frameOnly)).toEqual({ ok: false, problem: 'malformed' })
    expect(readJpegFrame(CHROMIUM_JPEG.subarray(0, CHROMIUM_JPEG.length - 1))).toEqual({ ok: false, problem: 'malformed' })
  })

  it('accepts only what pdfkit opens with the same size', async () => {
    const { default: PDFDocument } = await import('pdfkit')
    const progressive = Buffer.from(CHROMIUM_JPEG)
    progressive[startOfFrame(progressive) + 1] = 0xc2
    for (const jpeg of [CHROMIUM_JPEG, progressive, withSegmentBeforeFrame(0xfe, Buffer.from('comentário'))]) {
      const frame = readJpegFrame(jpeg)
      expect(frame.ok).toBe(true)
      // openImage is what doc.image calls first; @types/pdfkit does not declare it.
      const image = (new PDFDocument() as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(jpeg)
      expect([image.width, image.height]).toEqual([12, 6])
    }
  })
})
