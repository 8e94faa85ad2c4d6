// The original PDF of a document, laid out with pdfkit (no browser): a header, the template's
// body as text, the standard items table (its header row repeated on every page it spans),
// totals, payment terms, validity, notes and the signature block, with page numbers. The output
// depends only on its input: the dates in the PDF's info come from `now`, the file ID is derived
// from them, and font subsets are named deterministically, so the same input gives the same hash.
import PDFDocument from 'pdfkit'
import type { DocumentContext } from '../rendering/document-context.js'
import { htmlToBlocks, type TextBlock, type TextRun } from './html-blocks.js'
import { documentFonts, printableText } from './pdf-fonts.js'
import { PDF_LABELS as L } from './pdf-labels.js'

type Doc = PDFKit.PDFDocument

export interface OriginalPdfInput {
  context: DocumentContext
  /**
   * The rendered template body (HTML), turned into text blocks here: on the document thread, since
   * parsing a large render (up to Liquid's 5 M characters) took the event loop a second or more.
   */
  bodyHtml: string
  signatureType: 'paper' | 'digital'
  /** Drafts carry a mark on every page: they are not the frozen document. */
  draft: boolean
  now: Date
}

const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 }
const GRAY = '#555555'
const LINE = '#b8bcc6'
const FONT = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', italic: 'DejaVuSans-Oblique' } as const
const SIZES: Record<TextBlock['kind'], number> = { h1: 16, h2: 13.5, h3: 11.5, p: 10, li: 10, row: 9, rule: 10 }

/** Column widths of the items table (they add up to the content width of an A4 page). */
const COLUMNS = [
  { key: 'code', width: 80, align: 'left' },
  { key: 'description', width: 133, align: 'left' },
  { key: 'quantity', width: 40, align: 'right' },
  { key: 'unit', width: 30, align: 'left' },
  { key: 'unitPrice', width: 72, align: 'right' },
  { key: 'discount', width: 64, align: 'right' },
  { key: 'total', width: 76, align: 'right' },
] as const
const CELL_PADDING = 4
const TABLE_SIZE = 8

export async function layoutOriginalPdf(input: OriginalPdfInput): Promise<Uint8Array> {
  const { context, now } = input
  const title = `${L.documentNumber(context.number)} — ${context.title}`
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: printableText(title), Author: printableText(context.account.name), Producer: 'Vendoc', Creator: 'Vendoc', CreationDate: now, ModDate: now },
  })
  const fonts = documentFonts()
  doc.registerFont(FONT.regular, fonts.regular)
  doc.registerFont(FONT.bold, fonts.bold)
  doc.registerFont(FONT.italic, fonts.italic)
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })

  writeHeader(doc, input)
  writeBlocks(doc, htmlToBlocks(input.bodyHtml))
  writeItems(doc, context)
  writeTotals(doc, context)
  writePayment(doc, context)
  writeValidityAndNotes(doc, context)
  writeSignatures(doc, context, input.signatureType)
  writePageFooters(doc, context, input.draft)

  doc.end()
  await finished
  return new Uint8Array(Buffer.concat(chunks))
}

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

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN.left - MARGIN.right
}

function bottomOf(doc: Doc): number {
  return doc.page.height - MARGIN.bottom
}

/** Starts a new page unless `height` more points fit on this one. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage()
}

/** One paragraph of plain text at the left margin. */
function paragraph(doc: Doc, text: string, options: { font?: keyof typeof FONT; size?: number; color?: string; gap?: number } = {}): void {
  const clean = breakableText(printableText(text))
  if (clean.trim() === '') return
  doc.font(FONT[options.font ?? 'regular']).fontSize(options.size ?? 10).fillColor(options.color ?? 'black')
  doc.text(clean, MARGIN.left, doc.y, { width: contentWidth(doc), lineGap: 2 })
  doc.fillColor('black')
  doc.moveDown(options.gap ?? 0.2)
}

function sectionTitle(doc: Doc, text: string): void {
  ensureSpace(doc, 60)
  doc.moveDown(0.6)
  paragraph(doc, text, { font: 'bold', size: 12.5, gap: 0.35 })
}

function rule(doc: Doc): void {
  ensureSpace(doc, 12)
  const y = doc.y + 3
  doc.save().moveTo(MARGIN.left, y).lineTo(doc.page.width - MARGIN.right, y).lineWidth(0.6).strokeColor(LINE).stroke().restore()
  doc.y = y + 8
}

function writeHeader(doc: Doc, { context }: OriginalPdfInput): void {
  paragraph(doc, context.account.name, { font: 'bold', size: 10, color: GRAY, gap: 0.3 })
  paragraph(doc, L.documentNumber(context.number), { font: 'bold', size: 17, gap: 0.1 })
  paragraph(doc, context.title, { font: 'bold', size: 13, gap: 0.4 })
  const dates = [`${L.createdAt} ${context.created_at}`, `${L.issuedAt} ${context.today}`]
  if (context.valid_until) dates.push(`${L.validUntil} ${context.valid_until}`)
  paragraph(doc, dates.join('   ·   '), { size: 9, color: GRAY })
  const customer = [context.customer.name, context.customer.document].filter(Boolean).join(' — ')
  paragraph(doc, `${L.customer}: ${customer}`, { size: 9, color: GRAY })
  if (context.seller) paragraph(doc, `${L.seller}: ${context.seller.name} (${context.seller.email})`, { size: 9, color: GRAY })
  rule(doc)
}

function fontOf(run: TextRun, kind: TextBlock['kind']): string {
  if (run.bold || kind === 'h1' || kind === 'h2' || kind === 'h3') return FONT.bold
  return run.italic ? FONT.italic : FONT.regular
}

/** The template's body: each block a paragraph, its runs continued with their own fonts. */
function writeBlocks(doc: Doc, blocks: TextBlock[]): void {
  for (const block of blocks) {
    if (block.kind === 'rule') {
      rule(doc)
      continue
    }
    const size = SIZES[block.kind]
    const indent = block.kind === 'li' ? 14 * ((block.indent ?? 0) + 1) : 0
    const runs = block.marker ? [{ text: block.marker, bold: false, italic: false }, ...block.runs] : block.runs
    if (block.kind.startsWith('h')) {
      doc.moveDown(0.4)
      ensureSpace(doc, size * 3)
    }
    doc.fontSize(size)
    runs.forEach((run, index) => {
      doc.font(fontOf(run, block.kind))
      const options = { width: contentWidth(doc) - indent, lineGap: 2, continued: index < runs.length - 1 }
      const text = breakableText(run.text)
      if (index === 0) doc.text(text, MARGIN.left + indent, doc.y, options)
      else doc.text(text, options)
    })
    doc.moveDown(block.kind === 'row' ? 0.15 : 0.45)
  }
  doc.x = MARGIN.left
}

function cellTexts(item: DocumentContext['items'][number]): Record<(typeof COLUMNS)[number]['key'], string> {
  return {
    code: item.code,
    description: item.description ? `${item.name}\n${item.description}` : item.name,
    quantity: item.quantity,
    unit: item.unit,
    unitPrice: item.unit_price,
    discount: item.discount_cents === 0 ? '—' : item.discount,
    total: item.total,
  }
}

/** Draws one row at doc.y and moves below it; `bold` for the header row. */
function tableRow(doc: Doc, texts: Record<string, string>, options: { bold: boolean; fill?: string }): void {
  doc.font(options.bold ? FONT.bold : FONT.regular).fontSize(TABLE_SIZE)
  const maxHeight = bottomOf(doc) - MARGIN.top - 40
  const cells = Object.fromEntries(COLUMNS.map((column) => [column.key, breakableText(printableText(texts[column.key] ?? ''))]))
  let height = 0
  for (const column of COLUMNS) {
    height = Math.max(height, doc.heightOfString(cells[column.key]!, { width: column.width - 2 * CELL_PADDING, lineGap: 1 }))
  }
  height = Math.min(height + 2 * CELL_PADDING, maxHeight)
  // A row never splits: it moves to the next page, which starts with the header row again.
  if (doc.y + height > bottomOf(doc)) {
    doc.addPage()
    tableHeader(doc)
    doc.font(options.bold ? FONT.bold : FONT.regular).fontSize(TABLE_SIZE)
  }
  const top = doc.y
  if (options.fill) doc.save().rect(MARGIN.left, top, contentWidth(doc), height).fill(options.fill).restore()
  let x = MARGIN.left
  for (const column of COLUMNS) {
    doc.fillColor('black').text(cells[column.key]!, x + CELL_PADDING, top + CELL_PADDING, {
      width: column.width - 2 * CELL_PADDING,
      height: height - 2 * CELL_PADDING,
      ellipsis: true,
      align: column.align,
      lineGap: 1,
    })
    x += column.width
  }
  doc.save().moveTo(MARGIN.left, top + height).lineTo(MARGIN.left + contentWidth(doc), top + height).lineWidth(0.5).strokeColor(LINE).stroke().restore()
  doc.x = MARGIN.left
  doc.y = top + height
}

function tableHeader(doc: Doc): void {
  tableRow(doc, L.columns, { bold: true, fill: '#eef0f4' })
}

function writeItems(doc: Doc, context: DocumentContext): void {
  sectionTitle(doc, L.items)
  tableHeader(doc)
  for (const item of context.items) tableRow(doc, cellTexts(item), { bold: false })
  doc.moveDown(0.6)
}

function writeTotals(doc: Doc, context: DocumentContext): void {
  const lines: Array<[string, string, boolean]> = [
    [L.subtotal, context.totals.subtotal, false],
    [L.discounts, context.totals.discount_cents === 0 ? '—' : `− ${context.totals.discount}`, false],
    [L.total, context.totals.total, true],
  ]
  ensureSpace(doc, 16 * lines.length + 8)
  const width = 230
  const left = MARGIN.left + contentWidth(doc) - width
  for (const [label, value, strong] of lines) {
    const y = doc.y
    doc.font(strong ? FONT.bold : FONT.regular).fontSize(strong ? 11 : 9.5)
    doc.text(label, left, y, { width: 100 })
    doc.text(value, left + 100, y, { width: width - 100, align: 'right' })
    doc.y = Math.max(doc.y, y + (strong ? 15 : 13))
  }
  doc.x = MARGIN.left
}

function writePayment(doc: Doc, context: DocumentContext): void {
  const { payment } = context
  sectionTitle(doc, L.payment)
  paragraph(doc, `${L.paymentMethod}: ${payment.method}`)
  paragraph(doc, L.installments(payment.installments))
  for (const installment of payment.schedule) paragraph(doc, L.installment(installment.number, installment.amount, installment.due_in_days), { size: 9.5 })
}

function writeValidityAndNotes(doc: Doc, context: DocumentContext): void {
  sectionTitle(doc, L.validity)
  paragraph(doc, context.valid_until ? L.validityText(context.valid_until) : L.noValidity)
  if (context.notes && context.notes.trim() !== '') {
    sectionTitle(doc, L.notes)
    paragraph(doc, context.notes, { size: 9.5 })
  }
}

function writeSignatures(doc: Doc, context: DocumentContext, signatureType: 'paper' | 'digital'): void {
  if (context.signers.length === 0) return
  // The title stays with the first signer.
  ensureSpace(doc, 160)
  sectionTitle(doc, L.signatures)
  for (const signer of context.signers) {
    ensureSpace(doc, signatureType === 'paper' ? 92 : 56)
    doc.moveDown(0.4)
    paragraph(doc, signer.name, { font: 'bold', size: 10.5, gap: 0.05 })
    paragraph(doc, `${signer.role} · ${signer.email}`, { size: 9, color: GRAY, gap: 0.1 })
    if (signatureType === 'paper') {
      doc.moveDown(1.2)
      paragraph(doc, L.paperSignature, { size: 10, gap: 0.3 })
      paragraph(doc, L.paperDate, { size: 9, color: GRAY })
    } else paragraph(doc, L.digitalSignature, { size: 9, font: 'italic' })
  }
}

/** "Proposta nº 12 — Página 1 de 3" on every page (and the draft mark), written once all pages exist. */
function writePageFooters(doc: Doc, context: DocumentContext, draft: boolean): void {
  const range = doc.bufferedPageRange()
  for (let index = 0; index < range.count; index += 1) {
    doc.switchToPage(range.start + index)
    // Writing inside the bottom margin must not trigger pdfkit's automatic page break.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const text = `${L.documentNumber(context.number)} — ${L.page(index + 1, range.count)}${draft ? `   ·   ${L.draft}` : ''}`
    doc.font(FONT.regular).fontSize(8).fillColor(GRAY)
    doc.text(text, MARGIN.left, doc.page.height - 40, { width: doc.page.width - MARGIN.left - MARGIN.right, align: 'center', lineBreak: false })
    doc.fillColor('black')
    doc.page.margins.bottom = bottom
  }
}
