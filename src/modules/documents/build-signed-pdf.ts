// buildSignedPdf: the final PDF of a digitally signed document = the frozen original's pages,
// unchanged (pdf-lib loads the original and keeps its page objects and content streams as they
// are), followed by an evidence page: who signed, how, from where, when (UTC and the account's local time),
// the consent they accepted and the hash of the document they signed. The final file's own hash
// cannot be printed inside itself, so the page states that and prints the original's hash; the
// final hash is stored in proposals.signed_sha256 and shown in the app and the API.
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib'
import { formatDateTimeWithOffset, formatDocument } from '../../platform/pt-br-format.js'
import { maskCpf } from '../integrations/request-log/mask-sensitive.js'
import { readDrawnSignature } from '../lifecycle/drawn-signature.js'
import { documentFonts, printableText } from './pdf-fonts.js'
import { PDF_LABELS as L } from './pdf-labels.js'
import { sha256Hex } from './sha256.js'

export interface SignerEvidence {
  name: string
  /** The CPF on record (digits or formatted); printed masked (***.456.789-**). */
  cpf: string | null
  email: string
  /** The signer's role name ("Contratante"). */
  role: string
  signatureKind: 'typed' | 'drawn'
  /** The typed name, or the drawn signature as a PNG data URL. */
  signatureData: string
  ip: string | null
  userAgent: string | null
  /** 'email_code': the signer also typed a code sent to `email` (lifecycle/signer-email-code.ts); null: the private link alone. */
  authentication: 'email_code' | null
  /** The signer's e-mail was corrected after sending (the latest correction): by whom and when. */
  emailCorrected: { by: string; at: string } | null
  /** ISO instant. */
  signedAt: string
  consentText: string
  /** Hex SHA-256 of the document the signer was shown and signed. */
  documentSha256: string
}

export interface SignatureEvidence {
  proposal: { number: number; title: string; accountName: string }
  /** The account's IANA zone: the local times are printed in it, with their UTC offset. */
  timeZone: string
  /** Hex SHA-256 of the frozen original (proposals.original_sha256). */
  originalSha256: string
  /** ISO instant the last required signature completed the document. */
  completedAt: string
  signers: SignerEvidence[]
  /** The public verification page (PUBLIC_URL/verify), printed so whoever receives the file can check it. */
  verifyUrl?: string
}

export interface BuiltSignedPdf {
  bytes: Uint8Array
  /** Hex SHA-256 of `bytes`: what proposals.signed_sha256 records. */
  sha256: string
}

const MARGIN = 50
const USER_AGENT_MAX = 200
/** Width of the label column of the evidence fields. */
const LABEL_WIDTH = 165
const GRAY = rgb(0.33, 0.33, 0.33)
const BLACK = rgb(0, 0, 0)

/** "2026-11-16 13:30:05 UTC". */
export function formatUtc(instant: string): string {
  return `${new Date(instant).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** 52998224725 or 529.982.247-25 → ***.982.247-**; no CPF → "não informado". */
export function maskedCpf(cpf: string | null): string {
  if (!cpf) return L.noCpf
  const digits = cpf.replace(/\D/g, '')
  return maskCpf(digits.length === 11 ? formatDocument(digits) : cpf)
}

export async function buildSignedPdf(original: Uint8Array, evidence: SignatureEvidence): Promise<BuiltSignedPdf> {
  // updateMetadata: false keeps the original's info (creation date, title); only ModDate changes.
  const pdf = await PDFDocument.load(original, { updateMetadata: false })
  pdf.registerFontkit(fontkit)
  const fonts = documentFonts()
  // Named subsets (no random suffix), so the same evidence always gives the same bytes.
  const regular = await pdf.embedFont(fonts.regular, { subset: true, customName: 'VendocEvidence-DejaVuSans' })
  const bold = await pdf.embedFont(fonts.bold, { subset: true, customName: 'VendocEvidence-DejaVuSans-Bold' })
  const firstPage = pdf.getPageCount() > 0 ? pdf.getPage(0).getSize() : { width: 595.28, height: 841.89 }
  const writer = new EvidenceWriter(pdf, { regular, bold }, [firstPage.width, firstPage.height])

  writer.newPage()
  writer.text(L.evidenceIntro, { size: 9, color: GRAY })
  writer.field(L.evidenceDocument, `${L.documentNumber(evidence.proposal.number)} — ${evidence.proposal.title} (${evidence.proposal.accountName})`)
  writer.field(L.evidenceCompletedAt, `${formatUtc(evidence.completedAt)} · ${formatDateTimeWithOffset(evidence.completedAt, evidence.timeZone)} (${evidence.timeZone})`)
  writer.field(L.originalSha256, evidence.originalSha256)

  for (const [index, signer] of evidence.signers.entries()) {
    const image = signer.signatureKind === 'drawn' ? await embedDrawnSignature(pdf, signer.signatureData) : undefined
    writer.gap(10)
    writer.ensure(120)
    writer.text(L.signer(index + 1), { font: 'bold', size: 11 })
    writer.field(L.name, signer.name)
    writer.field(L.cpf, maskedCpf(signer.cpf))
    writer.field(L.email, signer.email)
    writer.field(L.role, signer.role)
    writer.field(L.authentication, signer.authentication === 'email_code' ? L.byEmailCode(signer.email) : L.byLink)
    if (signer.emailCorrected) writer.field(L.emailCorrected, L.correctedBy(signer.emailCorrected.by, formatDateTimeWithOffset(signer.emailCorrected.at, evidence.timeZone)))
    writer.field(L.signatureKind, signer.signatureKind === 'typed' ? L.typed(signer.signatureData) : image === null ? `${L.drawn} ${L.invalidImage}` : L.drawn)
    if (image) writer.image(image, 200, 60, LABEL_WIDTH)
    writer.field(L.ip, signer.ip ?? '—')
    writer.field(L.userAgent, truncate(signer.userAgent ?? '—', USER_AGENT_MAX))
    writer.field(L.signedAtUtc, formatUtc(signer.signedAt))
    writer.field(L.signedAtLocal(evidence.timeZone), formatDateTimeWithOffset(signer.signedAt, evidence.timeZone))
    writer.field(L.consent, signer.consentText)
    writer.field(L.signedDocumentSha256, signer.documentSha256)
  }

  writer.gap(14)
  writer.ensure(110)
  writer.text(L.finalHashNote, { size: 9 })
  writer.gap(4)
  writer.field(L.originalSha256, evidence.originalSha256)
  writer.text(L.signedHashes, { font: 'bold', size: 9 })
  for (const signer of evidence.signers) writer.text(`${signer.name}: ${signer.documentSha256}`, { size: 8.5 })
  if (evidence.verifyUrl) {
    writer.gap(8)
    writer.text(L.verifyAt(evidence.verifyUrl), { size: 9 })
  }

  pdf.setModificationDate(new Date(evidence.completedAt))
  pdf.setProducer('Vendoc')
  const bytes = await pdf.save()
  return { bytes, sha256: sha256Hex(bytes) }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/**
 * The drawn signature's PNG, or null when the data is not a PNG data URL pdf-lib can read. The same
 * check as at signing comes first: rows signed before it existed may hold a PNG whose header asks
 * the decoder for millions of pixels (seconds of this shared thread, hundreds of MB).
 */
async function embedDrawnSignature(pdf: PDFDocument, dataUrl: string): Promise<PDFImage | null> {
  const drawn = readDrawnSignature(dataUrl)
  if (!drawn.ok) return null
  try {
    return await pdf.embedPng(drawn.png)
  } catch {
    return null
  }
}

/** A top-down text cursor over evidence pages, adding a page whenever the current one is full. */
class EvidenceWriter {
  private page: PDFPage | undefined
  private y = 0
  private pages = 0

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
    private readonly size: [number, number],
  ) {}

  private get width(): number {
    return this.size[0] - 2 * MARGIN
  }

  newPage(): void {
    this.page = this.pdf.addPage(this.size)
    this.pages += 1
    this.y = this.size[1] - MARGIN
    const title = this.pages === 1 ? L.evidenceTitle : `${L.evidenceTitle} (${this.pages})`
    this.text(title, { font: 'bold', size: 16 })
    this.gap(6)
  }

  ensure(height: number): void {
    if (!this.page || this.y - height < MARGIN) this.newPage()
  }

  gap(points: number): void {
    this.y -= points
  }

  text(text: string, options: { font?: 'regular' | 'bold'; size?: number; color?: ReturnType<typeof rgb>; indent?: number } = {}): void {
    const font = this.fonts[options.font ?? 'regular']
    const size = options.size ?? 9.5
    const indent = options.indent ?? 0
    const lineHeight = size * 1.35
    for (const line of wrap(printableText(text), font, size, this.width - indent)) {
      this.ensure(lineHeight)
      this.y -= lineHeight
      this.page!.drawText(line, { x: MARGIN + indent, y: this.y + (lineHeight - size) / 2, size, font, color: options.color ?? BLACK })
    }
  }

  /** A label column and the value beside it, wrapped within the value column. */
  field(label: string, value: string): void {
    const size = 9
    const lineHeight = size * 1.35
    const lines = wrap(printableText(value), this.fonts.regular, size, this.width - LABEL_WIDTH)
    this.ensure(lineHeight * Math.min(lines.length, 3))
    this.y -= lineHeight
    const baseline = this.y + (lineHeight - size) / 2
    this.page!.drawText(printableText(label), { x: MARGIN, y: baseline, size: 8, font: this.fonts.bold, color: GRAY })
    lines.forEach((line, index) => {
      if (index > 0) {
        this.ensure(lineHeight)
        this.y -= lineHeight
      }
      this.page!.drawText(line, { x: MARGIN + LABEL_WIDTH, y: this.y + (lineHeight - size) / 2, size, font: this.fonts.regular, color: BLACK })
    })
  }

  image(image: PDFImage, maxWidth: number, maxHeight: number, indent: number): void {
    const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 1)
    const width = image.width * scale
    const height = image.height * scale
    this.ensure(height + 6)
    this.y -= height + 4
    this.page!.drawImage(image, { x: MARGIN + indent, y: this.y, width, height })
    this.y -= 2
  }
}

/** Greedy word wrap; a word wider than the line (a hash, a URL) is broken between characters. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/ +/)) {
      const candidate = line === '' ? word : `${line} ${word}`
      if (fits(candidate)) {
        line = candidate
        continue
      }
      if (line !== '') lines.push(line)
      line = ''
      let rest = word
      while (rest !== '' && !fits(rest)) {
        let cut = rest.length - 1
        while (cut > 1 && !fits(rest.slice(0, cut))) cut -= 1
        lines.push(rest.slice(0, cut))
        rest = rest.slice(cut)
      }
      line = rest
    }
    lines.push(line)
  }
  return lines
}
