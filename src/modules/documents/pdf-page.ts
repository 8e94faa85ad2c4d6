// What the parts of the original PDF share (original-pdf-layout.ts, items-table.ts): the A4 page's
// margins and fonts, room left on a page, paragraphs and section titles, and text made breakable.
import { printableText } from './pdf-fonts.js'

export type Doc = PDFKit.PDFDocument

export const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 }
export const GRAY = '#555555'
export const LINE = '#b8bcc6'
export const FONT = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', italic: 'DejaVuSans-Oblique' } as const

/**
 * A word longer than this is wider than any line of the PDF (200 of DejaVu's narrowest glyphs at
 * 9 pt, the smallest size that wraps, are ~497 pt; a line holds 495), so pdfkit breaks it anyway.
 */
const LONGEST_WORD = 200
/** Where such a word may break: after every 10 characters, so a line it fills ends at most 10 short. */
const WORD_PIECE = 10
const TOO_LONG_WORD = new RegExp(`[^\\s\\u200b]{${LONGEST_WORD + 1},}`, 'gu')
/** Up to WORD_PIECE characters, each with its combining marks. */
const PIECE_OF_WORD = new RegExp(`(?:\\P{M}\\p{M}*){1,${WORD_PIECE}}`, 'gu')

/**
 * Text as pdfkit can wrap it in linear time. pdfkit breaks a word wider than its line between
 * characters, but measures the rest of the word again after every line it fills: quadratic in the
 * word's length (the notes' 10,000 characters as one word took ~3 s of the document thread, a
 * 2,000-character one in each of 200 items' descriptions ~3 s more). A zero-width space (DejaVu's
 * glyph has no width and no ink) every 10 characters of such a word lets a line break there.
 */
export function breakableText(text: string): string {
  return text.replace(TOO_LONG_WORD, (word) => word.match(PIECE_OF_WORD)!.join('\u200b'))
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN.left - MARGIN.right
}

export function bottomOf(doc: Doc): number {
  return doc.page.height - MARGIN.bottom
}

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage()
}

interface ParagraphOptions {
  font?: keyof typeof FONT
  size?: number
  color?: string
  gap?: number
}

/** One paragraph of plain text at the left margin. */
export function paragraph(doc: Doc, text: string, options: ParagraphOptions = {}): void {
  const clean = breakableText(printableText(text))
  if (clean.trim() === '') return
  doc.font(FONT[options.font ?? 'regular']).fontSize(options.size ?? 10).fillColor(options.color ?? 'black')
  doc.text(clean, MARGIN.left, doc.y, { width: contentWidth(doc), lineGap: 2 })
  doc.fillColor('black')
  doc.moveDown(options.gap ?? 0.2)
}

const TITLE = { size: 12.5, gapAbove: 0.6, gapBelow: 0.35 } as const
/** Below a title, room for about two lines of what it introduces. */
const UNDER_TITLE = 32

/**
 * A section's title, on a new page unless it fits with the first `following` points of what
 * comes under it: a title never ends a page alone.
 */
export function sectionTitle(doc: Doc, text: string, following = UNDER_TITLE): void {
  doc.font(FONT.bold).fontSize(TITLE.size)
  // The gap above (in the title's font, so the same above every title) is spent first: a title
  // that moves to the next page starts it without the gap.
  doc.moveDown(TITLE.gapAbove)
  const title = doc.heightOfString(breakableText(printableText(text)), { width: contentWidth(doc), lineGap: 2 }) + doc.currentLineHeight(true) * TITLE.gapBelow
  ensureSpace(doc, title + following)
  paragraph(doc, text, { font: 'bold', size: TITLE.size, gap: TITLE.gapBelow })
}
