// The original PDF of a document, laid out with pdfkit (no browser): a header, the template's
// body as text, the standard items table (items-table.ts), totals, payment terms, validity,
// notes and the signature block, with page numbers. The output
// depends only on its input: the dates in the PDF's info come from `now`, the file ID is derived
// from them, and font subsets are named deterministically, so the same input gives the same hash.
import PDFDocument from 'pdfkit'
import type { DocumentContext } from '../rendering/document-context.js'
import { htmlToBlocks, type TextBlock, type TextRun } from './html-blocks.js'
import { writeItems } from './items-table.js'
import { documentFonts, printableText } from './pdf-fonts.js'
import { PDF_LABELS as L } from './pdf-labels.js'
import { bottomOf, breakableText, contentWidth, ensureSpace, FONT, GRAY, LINE, MARGIN, paragraph, sectionTitle, type Doc } from './pdf-page.js'

export { breakableText } from './pdf-page.js'

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
  /** The account's logo (PNG or JPEG, checked when it was saved: account-logo.ts), or null. */
  logo: Uint8Array | null
  now: Date
}

const SIZES: Record<TextBlock['kind'], number> = { h1: 16, h2: 13.5, h3: 11.5, p: 10, li: 10, row: 9, rule: 10 }

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
  writeItems(doc, context.items)
  writeTotals(doc, context)
  writePayment(doc, context)
  writeValidityAndNotes(doc, context)
  writeAttachments(doc, context.attachments)
  writeSignatures(doc, context, input.signatureType)
  writePageFooters(doc, context, input.draft)

  doc.end()
  await finished
  return new Uint8Array(Buffer.concat(chunks))
}

function rule(doc: Doc): void {
  ensureSpace(doc, 12)
  const y = doc.y + 3
  doc.save().moveTo(MARGIN.left, y).lineTo(doc.page.width - MARGIN.right, y).lineWidth(0.6).strokeColor(LINE).stroke().restore()
  doc.y = y + 8
}

/** The box a logo is fitted into, keeping its proportions: a wide logo gets the width, a tall one the height. */
export const LOGO_BOX = { width: 160, height: 48 }

function writeHeader(doc: Doc, { context, logo }: OriginalPdfInput): void {
  if (logo) {
    // Without a position pdfkit draws at the cursor (the top-left margin here) and moves it below
    // the image, whatever height the fit and a JPEG's EXIF orientation gave it.
    doc.x = MARGIN.left
    try {
      doc.image(Buffer.from(logo.buffer, logo.byteOffset, logo.byteLength), { fit: [LOGO_BOX.width, LOGO_BOX.height] })
      doc.y += 8
    } catch {
      // A logo pdfkit cannot open (saved checks mirror its reading, account-logo.ts) prints
      // nothing: the account's documents still go out, with its name heading them as before.
    }
  }
  paragraph(doc, context.account.name, { font: 'bold', size: 10, color: GRAY, gap: companyLine(context) ? 0 : 0.3 })
  // The seller's own company data, as a Brazilian proposal names it (Configurações → Conta).
  const company = companyLine(context)
  if (company) paragraph(doc, company, { size: 8, color: GRAY, gap: 0.3 })
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

/** "CNPJ 11.222.333/0001-81 · Av. Paulista, 1000 · (11) 3333-4444 · contato@…", or '' when none is filled in. */
function companyLine({ account }: OriginalPdfInput['context']): string {
  const document = account.document ? `${account.document.includes('/') ? 'CNPJ' : 'CPF'} ${account.document}` : null
  return [document, account.address, account.phone, account.email].filter(Boolean).join('   ·   ')
}

function isHeading(block: TextBlock): boolean {
  return block.kind === 'h1' || block.kind === 'h2' || block.kind === 'h3'
}

function fontOf(run: TextRun, block: TextBlock): string {
  if (run.bold || isHeading(block)) return FONT.bold
  return run.italic ? FONT.italic : FONT.regular
}

function runsOf(block: TextBlock): TextRun[] {
  return block.marker ? [{ text: block.marker, bold: false, italic: false }, ...block.runs] : block.runs
}

function indentOf(block: TextBlock): number {
  return block.kind === 'li' ? 14 * ((block.indent ?? 0) + 1) : 0
}

/**
 * The template's body: each block a paragraph, its runs continued with their own fonts. A short
 * block (a signature line with the name under it, a clause of a few lines) moves whole to the
 * next page rather than break where this one ends, and a heading moves with what it introduces.
 */
function writeBlocks(doc: Doc, blocks: TextBlock[]): void {
  const keptWhole = keptWholeUpTo(doc)
  blocks.forEach((block, index) => {
    if (block.kind === 'rule') {
      rule(doc)
      return
    }
    if (isHeading(block)) {
      doc.moveDown(0.4)
      ensureSpace(doc, headingWithWhatFollows(doc, blocks, index, keptWhole))
    } else {
      const { height } = measureBlock(doc, block)
      if (height <= keptWhole) ensureSpace(doc, height)
    }
    writeBlock(doc, block)
  })
  doc.x = MARGIN.left
}

function writeBlock(doc: Doc, block: TextBlock): void {
  const indent = indentOf(block)
  const runs = runsOf(block)
  doc.fontSize(SIZES[block.kind])
  runs.forEach((run, index) => {
    doc.font(fontOf(run, block))
    const options = { width: contentWidth(doc) - indent, lineGap: 2, continued: index < runs.length - 1 }
    const text = breakableText(run.text)
    if (index === 0) doc.text(text, MARGIN.left + indent, doc.y, options)
    else doc.text(text, options)
  })
  doc.moveDown(gapAfter(block))
}

function gapAfter(block: TextBlock): number {
  return block.kind === 'row' ? 0.15 : 0.45
}

/** Blocks up to a quarter of a page are kept whole; a longer one breaks where the page ends. */
function keptWholeUpTo(doc: Doc): number {
  return (bottomOf(doc) - MARGIN.top) / 4
}

/** More characters than a quarter of a page holds (~14 lines of ~200 at the body's smallest size): not measured. */
const LONG_BLOCK_CHARACTERS = 4_000

interface BlockSize {
  height: number
  lineAdvance: number
  gapAfter: number
}

/**
 * A block's height as written, measured in the widest of its fonts (bold, then italic): a block of
 * mixed fonts takes no more lines than that in practice, so a block kept whole does fit.
 */
function measureBlock(doc: Doc, block: TextBlock): BlockSize {
  const runs = runsOf(block)
  const widest = isHeading(block) || runs.some((run) => run.bold) ? FONT.bold : runs.some((run) => run.italic) ? FONT.italic : FONT.regular
  doc.font(widest).fontSize(SIZES[block.kind])
  const lineAdvance = doc.currentLineHeight(true) + 2
  const text = runs.map((run) => run.text).join('')
  const height = text.length > LONG_BLOCK_CHARACTERS ? Infinity : doc.heightOfString(breakableText(text), { width: contentWidth(doc) - indentOf(block), lineGap: 2 })
  return { height, lineAdvance, gapAfter: doc.currentLineHeight(true) * gapAfter(block) }
}

/** More headings in a row than a real document has: a hostile body's thousands are not each measured again for every one. */
const HEADINGS_IN_A_ROW = 6

/** A heading needs room for itself, the headings right under it and the block they introduce (its first lines, if it is long). */
function headingWithWhatFollows(doc: Doc, blocks: TextBlock[], index: number, keptWhole: number): number {
  let height = 0
  for (const block of blocks.slice(index, index + HEADINGS_IN_A_ROW)) {
    if (block.kind === 'rule') break
    const size = measureBlock(doc, block)
    if (!isHeading(block)) return height + (size.height <= keptWhole ? size.height : 3 * size.lineAdvance)
    height += size.height + size.gapAfter
  }
  return height
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
  if (payment.down_payment === null) paragraph(doc, L.installments(payment.installments))
  else {
    paragraph(doc, L.downPaymentAndInstallments(payment.installments))
    paragraph(doc, L.downPayment(payment.down_payment, payment.down_payment_due_days), { size: 9.5 })
  }
  for (const installment of payment.schedule) paragraph(doc, L.installment(installment.number, installment.amount, installment.due_in_days), { size: 9.5 })
  if (payment.due_on_business_days) paragraph(doc, L.businessDays, { size: 9.5 })
}

function writeValidityAndNotes(doc: Doc, context: DocumentContext): void {
  sectionTitle(doc, L.validity)
  paragraph(doc, context.valid_until ? L.validityText(context.valid_until) : L.noValidity)
  if (context.notes && context.notes.trim() !== '') {
    sectionTitle(doc, L.notes)
    paragraph(doc, context.notes, { size: 9.5 })
  }
}

/** "Anexos": each attachment by name and size, and its SHA-256, so the signed hash pins their bytes too. */
function writeAttachments(doc: Doc, attachments: DocumentContext['attachments']): void {
  if (attachments.length === 0) return
  sectionTitle(doc, L.attachments)
  paragraph(doc, L.attachmentsIntro, { size: 9, color: GRAY })
  for (const attachment of attachments) {
    paragraph(doc, `${attachment.position}. ${attachment.name} (${attachment.size})`, { size: 9.5, gap: 0.05 })
    paragraph(doc, `SHA-256 ${attachment.sha256}`, { size: 7.5, color: GRAY, gap: 0.3 })
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
