// A word longer than a line (a pasted hash, a URL, a key held down) in a document's body, notes or
// an item's description: pdfkit breaks it between characters but measured the rest of the word
// again after every line, so the work grew with the square of the word's length (the notes' limit
// of 10,000 characters as one word took ~3 s of the document thread). The work is counted here as
// the characters pdfkit measures, not timed; the word still prints whole, in order.
import PDFDocument from 'pdfkit'
import { afterEach, describe, expect, it } from 'vitest'
import { breakableText, layoutOriginalPdf } from '../../src/modules/documents/original-pdf-layout.js'
import { buildSampleContext } from '../../src/modules/rendering/sample-context.js'
import { pdfText } from './pdf-text.js'

const NOW = new Date('2026-11-16T13:30:00.000Z')
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzçãéõÁ0123456789'

/** A word of `length` characters that does not repeat itself (pdfkit caches the widths of equal pieces). */
function wordOf(length: number): string {
  return Array.from({ length }, (_, index) => LETTERS[(index * 7919 + ((index * index) % 101)) % LETTERS.length]).join('')
}
const measure = PDFDocument.prototype.widthOfString

/** Lays the input out in place, counting the characters pdfkit measures to wrap it. */
async function layoutCountingMeasures(word: string, where: 'body' | 'notes' | 'item'): Promise<{ measured: number; text: string }> {
  const context = buildSampleContext(NOW)
  if (where === 'notes') context.notes = word
  if (where === 'item') context.items = [{ ...context.items[0]!, description: word }]
  const bodyHtml = where === 'body' ? `<p>Início ${word} fim.</p>` : '<p>Corpo.</p>'
  let measured = 0
  PDFDocument.prototype.widthOfString = function (this: PDFKit.PDFDocument, text: string, options?: PDFKit.Mixins.TextOptions) {
    measured += String(text).length
    return measure.call(this, text, options)
  }
  const bytes = await layoutOriginalPdf({ context, bodyHtml, signatureType: 'paper', draft: false, logo: null, now: NOW })
  PDFDocument.prototype.widthOfString = measure
  return { measured, text: await pdfText(bytes) }
}

/** The text without the page footers, line breaks, spaces and zero-width spaces a layout adds. */
function joined(text: string): string {
  return text.replace(/Proposta nº \d+ — Página \d+ de \d+/g, '').replace(/[\s\u200b]/g, '')
}

describe('long words in a PDF', () => {
  afterEach(() => {
    PDFDocument.prototype.widthOfString = measure
  })

  it('are wrapped with work in proportion to their length, and print whole', async () => {
    const short = await layoutCountingMeasures(wordOf(1_000), 'notes')
    const longWord = wordOf(10_000)
    const long = await layoutCountingMeasures(longWord, 'notes')
    // 9,000 characters more, ~10,000 more measured (~1 each); it was ~628,000 (~70 each).
    expect(long.measured - short.measured).toBeLessThan(3 * 9_000)
    expect(joined(long.text)).toContain(longWord)
  }, 60_000)

  it('in the body and in an item’s description too', async () => {
    const word = wordOf(4_000)
    const body = await layoutCountingMeasures(word, 'body')
    expect(body.measured).toBeLessThan(4 * word.length)
    expect(joined(body.text)).toContain(`Início${word}fim.`)
    // ~6,000 and ~7,400 characters measured for 4,000; it was ~119,000 and ~553,000. The items table
    // goes on with a description taller than a page on the next ones, each starting with its header
    // row; the item's other cells print after the description's first part.
    const item = await layoutCountingMeasures(word, 'item')
    expect(item.measured).toBeLessThan(4 * word.length)
    const around = [joined('Código Descrição Qtd. Un. Preço unit. Desconto Total'), joined('1 un R$ 12.500,00 R$ 1.250,00 R$ 11.250,00')]
    expect(around.reduce((text, noise) => text.replaceAll(noise, ''), joined(item.text))).toContain(word)
  }, 60_000)

  it('break only words longer than a line can hold, every 10 characters, keeping accents with their letters', () => {
    const piece = (text: string, count: number) => Array.from({ length: count }, () => text.repeat(10)).join('\u200b')
    expect(breakableText(`${'a '.repeat(30)}${'x'.repeat(200)} fim`)).toBe(`${'a '.repeat(30)}${'x'.repeat(200)} fim`)
    expect(breakableText('x'.repeat(201))).toBe(`${piece('x', 20)}\u200bx`)
    expect(breakableText(`${'e\u0301'.repeat(101)} fim`)).toBe(`${piece('e\u0301', 10)}\u200be\u0301 fim`)
    expect(breakableText('😀'.repeat(205))).toBe(`${piece('😀', 20)}\u200b${'😀'.repeat(5)}`)
  })
})
