// The original PDF's layout, read back page by page as a reader would (pdfjs): nothing the
// document says is cut, no amount or unit is split across lines, and what belongs together
// (a section's heading and its first row, a signature line and the name under it) shares a page.
// Laid out in place from the sample context: no database needed.
import { describe, expect, it } from 'vitest'
import { layoutOriginalPdf } from '../../src/modules/documents/original-pdf-layout.js'
import { formatMoney } from '../../src/platform/pt-br-format.js'
import type { DocumentContext } from '../../src/modules/rendering/document-context.js'
import { buildSampleContext } from '../../src/modules/rendering/sample-context.js'
import { plain } from './document-fixtures.js'
import { pdfPagesText } from './pdf-text.js'

const NOW = new Date('2026-11-16T13:30:00.000Z')
const HEADER_ROW = 'Código Descrição Qtd. Un. Preço unit. Desconto Total'

type Item = DocumentContext['items'][number]

async function pagesOf(context: DocumentContext, bodyHtml = '<p>Corpo.</p>'): Promise<string[]> {
  const bytes = await layoutOriginalPdf({ context, bodyHtml, signatureType: 'paper', draft: false, logo: null, now: NOW })
  return (await pdfPagesText(bytes)).map(plain)
}

function contextWithItems(...items: Item[]): DocumentContext {
  const context = buildSampleContext(NOW)
  context.items = items
  return context
}

/** An item of R$ 100.149.999,99 with a R$ 150.000,00 discount, sold by the "licença". */
function wideItem(): Item {
  const cents = { unitPrice: 10_014_999_999, discount: 15_000_000, total: 9_999_999_999 }
  return {
    ...buildSampleContext(NOW).items[0]!,
    code: 'LIC-ANUAL',
    name: 'Assinatura anual',
    description: null,
    unit: 'licença',
    quantity: '1',
    unit_price_cents: cents.unitPrice,
    unit_price: formatMoney(cents.unitPrice),
    discount_cents: cents.discount,
    discount: formatMoney(cents.discount),
    total_cents: cents.total,
    total: formatMoney(cents.total),
  }
}

/** `count` one-line paragraphs (~19 pt each): moves what follows down the page in small steps. */
function filler(count: number): string {
  return Array.from({ length: count }, (_, index) => `<p>Cláusula ${index + 1}.</p>`).join('')
}

/** The index of the first page with a line for which `matches` holds (-1 if none). */
function pageWithLine(pages: string[], matches: (line: string) => boolean): number {
  return pages.findIndex((page) => page.split('\n').some(matches))
}

describe('original PDF layout', () => {
  it('still builds the document, headed by the account name, when the saved logo is one pdfkit cannot open', async () => {
    // A JPEG with a fill byte before its frame: pdfkit's reader stumbles on it ("Invalid JPEG.").
    const unreadable = Buffer.from([0xff, 0xd8, 0xff, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x06, 0x00, 0x0c, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9])
    const context = buildSampleContext(NOW)
    const bytes = await layoutOriginalPdf({ context, bodyHtml: '<p>Corpo.</p>', signatureType: 'paper', draft: false, logo: unreadable, now: NOW })
    const [first] = (await pdfPagesText(bytes)).map(plain)
    expect(first!.split('\n')[0]).toContain(context.account.name)
  })

  it("prints the account's company data under its name, and no line for it when none is filled in", async () => {
    const [first] = await pagesOf(buildSampleContext(NOW))
    const lines = first!.split('\n')
    const nameLine = lines.indexOf('Vendoc Demonstração Ltda')
    expect(nameLine, first).toBeGreaterThanOrEqual(0)
    // The line may wrap: read up to the document's number.
    const company = lines.slice(nameLine + 1, lines.findIndex((line) => line.startsWith('Proposta nº'))).join(' ')
    expect(company).toBe('CNPJ 11.222.333/0001-81 · Av. Paulista, 1000 – Conj. 101, Bela Vista, São Paulo/SP, CEP 01310-100 · (11) 3333-4444 · contato@vendoc.example')
    const bare = buildSampleContext(NOW)
    bare.account = { name: 'Sem Dados Ltda', document: null, address: null, phone: null, email: null }
    const [plainFirst] = await pagesOf(bare)
    const plainLines = plainFirst!.split('\n')
    expect(plainLines[plainLines.indexOf('Sem Dados Ltda') + 1]).toMatch(/^Proposta nº/)
  })

  it('prints every character of a 2,000-character item description, continuing it on the next page under the header row', async () => {
    const words = Array.from({ length: 400 }, (_, index) => `d${String(index + 1).padStart(3, '0')}`)
    const description = `${words.join(' ')}.`
    expect(description).toHaveLength(2_000)
    const sample = buildSampleContext(NOW).items[0]!
    // In the ordinary description column, and in the narrower one left by wide amounts.
    for (const before of [[], [wideItem()]]) {
      const pages = await pagesOf(contextWithItems(...before, { ...sample, description }))

      const text = pages.join('\n')
      expect(text.match(/\bd\d{3}\b/g)).toEqual(words)
      expect(text).toContain('d400.')
      expect(text).not.toContain('…')
      const first = pageWithLine(pages, (line) => line.includes('d001'))
      const last = pageWithLine(pages, (line) => line.includes('d400.'))
      expect(last).toBeGreaterThan(first)
      // The rest of the row (quantity, prices) is on its first page; each page it goes on to starts
      // with the header row (pdfkit's own page break, mid-cell, would start it with the text).
      expect(pages[first]).toContain('1 un R$ 12.500,00 R$ 1.250,00 R$ 11.250,00')
      for (let page = first + 1; page <= last; page += 1) expect(pages[page]!.split('\n')[0]).toBe(HEADER_ROW)
      // The totals still follow the table.
      expect(text.indexOf('Subtotal')).toBeGreaterThan(text.indexOf('d400.'))
    }
  })

  it('prints wide amounts and units whole, each on one line of the table', async () => {
    const text = (await pagesOf(contextWithItems(wideItem()))).join('\n')
    // Only the table: the totals below it print the same amounts on lines of their own.
    const table = text.slice(text.indexOf(HEADER_ROW) + HEADER_ROW.length, text.indexOf('Subtotal'))
    const lines = table.split('\n')
    const broken = ['R$ 100.149.999,99', 'R$ 150.000,00', 'R$ 99.999.999,99', 'licença'].filter((value) => !lines.some((line) => line.includes(value)))
    expect(broken).toEqual([])
  })

  it('starts the items table where its heading, header row and first row fit together', async () => {
    // A first row ~6 lines tall; the filler moves the heading across the bottom of page 1 in steps
    // smaller than that row, so some step leaves room for the heading and the header row only.
    const sample = buildSampleContext(NOW).items[0]!
    const description = 'Configuração do sistema, migração dos dados do cliente e acompanhamento da operação. '.repeat(3).trim()
    const context = contextWithItems({ ...sample, description }, buildSampleContext(NOW).items[1]!)
    const headingPages = new Set<number>()
    for (let count = 16; count < 40; count += 1) {
      const pages = await pagesOf(context, filler(count))
      const heading = pageWithLine(pages, (line) => line === 'Itens')
      headingPages.add(heading)
      expect(pages[heading], `${count} paragraphs`).toContain(HEADER_ROW)
      expect(pages[heading], `${count} paragraphs`).toContain('ERP-IMPL')
    }
    // The steps did cross the page's end.
    expect(headingPages.size).toBeGreaterThan(1)
  }, 60_000)

  it('keeps a short paragraph whole: a signature line and the name under it share a page, under their heading', async () => {
    // The markup of the demo templates' signature block.
    const names = ['Ana Beatriz Souza', 'Carlos Eduardo Lima']
    const signatures = names.map((name) => `<p>______________________________________<br>${name} — Contratante<br>CPF 529.982.247-25</p>`).join('')
    const context = buildSampleContext(NOW)
    const linePages = new Set<number>()
    for (let count = 16; count < 40; count += 1) {
      const pages = await pagesOf(context, `${filler(count)}<h2>Assinaturas das partes</h2>${signatures}`)
      const heading = pageWithLine(pages, (line) => line === 'Assinaturas das partes')
      for (const name of names) {
        const page = pageWithLine(pages, (line) => line.startsWith(`${name} — `))
        const lines = pages[page]!.split('\n')
        const nameLine = lines.findIndex((line) => line.startsWith(`${name} — `))
        expect(lines[nameLine - 1], `${count} paragraphs, ${name}`).toMatch(/^_{30,}$/)
        expect(lines[nameLine + 1], `${count} paragraphs, ${name}`).toBe('CPF 529.982.247-25')
        if (name === names[0]) {
          expect(page, `${count} paragraphs: the heading stays with the first signature`).toBe(heading)
          linePages.add(page)
        }
      }
    }
    // The steps did cross the page's end.
    expect(linePages.size).toBeGreaterThan(1)
  }, 60_000)
})
