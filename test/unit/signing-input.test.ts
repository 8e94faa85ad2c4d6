// The signer's submission checked against their record (modules/lifecycle/signing-input.ts): the
// name typed the way phones and Macs type it, and the drawn signature's PNG read for what it is.
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DRAWN_SIGNATURE_BOUNDS, DRAWN_SIGNATURE_MAX_BYTES } from '../../src/modules/lifecycle/drawn-signature.js'
import { checkSignInput, comparableName, type SignInput } from '../../src/modules/lifecycle/signing-input.js'
import { validCpf } from '../support/documents.js'
import { buildPng, chromiumDrawnSignature, chunk, headerData, pngDataUrl, pngOf } from '../support/png.js'

const RECORD = { name: "Joana Sant'Anna D'Ávila", cpf: validCpf() }

function input(overrides: Partial<SignInput> = {}): SignInput {
  return { name: RECORD.name, cpf: RECORD.cpf, consent: true, signatureKind: 'typed', signatureData: RECORD.name, ...overrides }
}

function drawn(signatureData: string) {
  return checkSignInput(input({ signatureKind: 'drawn', signatureData }), RECORD)
}

describe('the name a signer types', () => {
  it("accepts any apostrophe for the invitation's ' (iPhones and Macs type ’)", () => {
    for (const apostrophe of ["'", '’', '‘', '´', '`', 'ʼ']) {
      const typed = `Joana Sant${apostrophe}Anna D${apostrophe}Ávila`
      const checked = checkSignInput(input({ name: typed }), RECORD)
      expect(checked, typed).toMatchObject({ ok: true, value: { name: typed } })
    }
    // And the other way round: an invitation written with ’, a name typed with '.
    expect(checkSignInput(input(), { ...RECORD, name: 'Joana Sant’Anna D’Ávila' }).ok).toBe(true)
  })

  it('accepts any hyphen or dash for one another', () => {
    const record = { ...RECORD, name: 'Ana-Maria Gonçalves-Dias' }
    for (const dash of ['-', '‐', '‑', '–', '—']) {
      const typed = `ana${dash}maria GONCALVES${dash}dias`
      expect(checkSignInput(input({ name: typed }), record).ok, typed).toBe(true)
    }
    expect(comparableName('Ana–Maria')).toBe(comparableName('Ana-Maria'))
  })

  it('still refuses a name without its apostrophe or hyphen, or with another name', () => {
    expect(checkSignInput(input({ name: 'Joana SantAnna DÁvila' }), RECORD)).toEqual({ ok: false, errors: { name: 'mismatch' } })
    expect(checkSignInput(input({ name: 'Joana Sant Anna D Ávila' }), RECORD)).toEqual({ ok: false, errors: { name: 'mismatch' } })
    expect(checkSignInput(input({ name: 'Ana Maria' }), { ...RECORD, name: 'Ana-Maria' })).toEqual({ ok: false, errors: { name: 'mismatch' } })
    expect(checkSignInput(input({ name: "Joana Sant'Anna" }), RECORD)).toEqual({ ok: false, errors: { name: 'mismatch' } })
  })

  it('ignores case, accents, spaces and the apostrophe typed, all at once', () => {
    expect(comparableName("  JOANA   sant’anna d'avila ")).toBe(comparableName(RECORD.name))
  })
})

describe('the drawn signature', () => {
  it('accepts what the signing page sends: a 600×200 canvas read with toDataURL in Chromium', () => {
    const url = chromiumDrawnSignature()
    expect(drawn(url)).toEqual({ ok: true, value: { name: RECORD.name, cpf: RECORD.cpf, kind: 'drawn', data: url } })
  })

  it('accepts other well-formed PNGs within the bounds', () => {
    const pngs = [
      // The 1×1 PNG of the signing module's and pages' tests (test/lifecycle/signing.test.ts, test/web/signing-pages.test.ts).
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'),
      buildPng({ width: 600, height: 200 }),
      buildPng({ width: 1800, height: 600 }), // the canvas at 3× for a dense screen
      buildPng({ width: 2000, height: 600, colourType: 0, bitDepth: 1 }), // exactly the pixel bound
      buildPng({ width: 1, height: 1000, colourType: 4 }),
    ]
    for (const png of pngs) expect(drawn(pngDataUrl(png)).ok).toBe(true)
  })

  it('refuses a small, well-formed file of a huge image (14000×14000 at 1 bit, 31 KB) as too large', () => {
    const bomb = pngDataUrl(buildPng({ width: 14_000, height: 14_000, colourType: 0, bitDepth: 1 }))
    expect(bomb.length).toBeLessThan(DRAWN_SIGNATURE_MAX_BYTES / 4)
    expect(drawn(bomb)).toEqual({ ok: false, errors: { signature: 'too_large' } })
  })

  it('refuses an image wider, taller or with more pixels than the bounds', () => {
    const { maxWidth, maxHeight, maxPixels } = DRAWN_SIGNATURE_BOUNDS
    expect({ maxWidth, maxHeight, maxPixels }).toEqual({ maxWidth: 2000, maxHeight: 1000, maxPixels: 1_200_000 })
    for (const [width, height] of [[2001, 10], [10, 1001], [1500, 801]]) {
      expect(drawn(pngDataUrl(buildPng({ width: width!, height: height!, colourType: 0, bitDepth: 1 }))), `${width}×${height}`).toEqual({ ok: false, errors: { signature: 'too_large' } })
    }
  })

  it('refuses the PNG signature followed by anything else', () => {
    const magic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    let seed = 7
    const random = Buffer.from(Array.from({ length: 3000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff))
    expect(drawn(pngDataUrl(Buffer.concat([magic, random])))).toEqual({ ok: false, errors: { signature: 'invalid' } })
    expect(drawn(pngDataUrl(magic))).toEqual({ ok: false, errors: { signature: 'invalid' } })
  })

  it('refuses a valid header whose image data does not decode to its pixels', () => {
    const spec = { width: 600, height: 200 }
    const header = chunk('IHDR', headerData(spec))
    const rows = Buffer.alloc(200 * (1 + 600 * 4))
    const broken = [
      deflateSync(rows.subarray(0, rows.length - 1)), // a byte short
      deflateSync(Buffer.concat([rows, Buffer.alloc(2401)])), // a row too many
      Buffer.from('not a zlib stream at all'),
    ]
    for (const data of broken) expect(drawn(pngDataUrl(pngOf([header, chunk('IDAT', data), chunk('IEND')])))).toEqual({ ok: false, errors: { signature: 'invalid' } })
  })

  it('still refuses what is not a PNG data URL, or one over 200 KB', () => {
    expect(drawn('data:image/png;base64,aGVsbG8gd29ybGQ=')).toEqual({ ok: false, errors: { signature: 'invalid' } })
    expect(drawn(pngDataUrl(buildPng({ width: 6, height: 2 })).replace('image/png', 'image/jpeg'))).toEqual({ ok: false, errors: { signature: 'invalid' } })
    expect(drawn(`data:image/png;base64,${'A'.repeat(DRAWN_SIGNATURE_MAX_BYTES)}`)).toEqual({ ok: false, errors: { signature: 'too_large' } })
    expect(drawn('')).toEqual({ ok: false, errors: { signature: 'required' } })
  })
})
