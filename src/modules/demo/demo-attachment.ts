// The demo company's general conditions of supply, the PDF its service contracts carry as an
// attachment ("Anexos"): one page laid out with pdfkit and the documents' own fonts, its dates
// fixed so that every seed attaches the same bytes (and the same SHA-256).
import PDFDocument from 'pdfkit'
import { documentFonts } from '../documents/pdf-fonts.js'
import { DEMO_ACCOUNT_NAME } from './demo-catalog.js'

export const DEMO_ATTACHMENT_NAME = 'Condições gerais de fornecimento.pdf'

const CLAUSES = [
  'Objeto. Estas condições regem o fornecimento dos produtos e serviços descritos na proposta ou no contrato a que estão anexadas, e prevalecem sobre quaisquer outras salvo acordo escrito.',
  'Prazos. Os prazos de entrega e implantação contam da assinatura do documento e da confirmação do pagamento da entrada, quando houver.',
  'Pagamento. Os valores são os da proposta, nas condições de pagamento nela indicadas; o atraso sujeita o valor devido a multa de 2% e juros de 1% ao mês.',
  'Garantia. Os serviços têm garantia de 90 dias contra defeitos de execução, contados da entrega; os produtos, a garantia de seus fabricantes.',
  'Confidencialidade e dados pessoais. As partes tratam as informações recebidas como confidenciais e os dados pessoais conforme a Lei nº 13.709/2018 (LGPD).',
  'Foro. Fica eleito o foro da comarca de São Paulo/SP para dirimir quaisquer dúvidas oriundas deste fornecimento.',
]

/** The PDF's bytes: the same on every call. */
export async function demoAttachmentPdf(): Promise<Uint8Array> {
  const fixed = new Date('2026-01-02T12:00:00.000Z')
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: 'Condições gerais de fornecimento', Author: DEMO_ACCOUNT_NAME, Producer: 'Vendoc', Creator: 'Vendoc', CreationDate: fixed, ModDate: fixed } })
  const fonts = documentFonts()
  doc.registerFont('regular', fonts.regular)
  doc.registerFont('bold', fonts.bold)
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })
  doc.font('bold').fontSize(16).text('Condições gerais de fornecimento')
  doc.moveDown(0.3).font('regular').fontSize(10).fillColor('#555555').text(DEMO_ACCOUNT_NAME).fillColor('black').moveDown()
  CLAUSES.forEach((clause, index) => doc.font('regular').fontSize(10.5).text(`${index + 1}. ${clause}`, { align: 'justify' }).moveDown(0.6))
  doc.end()
  await finished
  return new Uint8Array(Buffer.concat(chunks))
}
