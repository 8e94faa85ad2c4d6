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

  it('refuses nothing, a file over 512 KB and a type that is neither', () => {
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

describe('readJpegFrame', () => {
  it('reads the frame of a progressive JPEG too, and skips fill bytes between markers', () => {
    const progressive = Buffer.from(CHROMIUM_JPEG)
    progressive[startOfFrame(progressive) + 1] = 0xc2
    expect(readJpegFrame(progressive)).toEqual({ ok: true, width: 12, height: 6, components: 3 })
    const padded = Buffer.concat([CHROMIUM_JPEG.subarray(0, 2), Buffer.from([0xff, 0xff]), CHROMIUM_JPEG.subarray(2)])
    expect(readJpegFrame(padded)).toEqual({ ok: true, width: 12, height: 6, components: 3 })
  })
})
