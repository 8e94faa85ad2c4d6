// The PDFs of a document, read back as a reader would (text extracted with pdfjs): the original
// built without a browser prints accents, items, totals, payment terms and the signature block,
// deterministically; the signed PDF keeps the original pages and adds the evidence page; the
// stored files keep their bytes and hash, within their account.
import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { buildOriginalPdf } from '../../src/modules/documents/build-original-pdf.js'
import { buildSignedPdf, maskedCpf, type SignatureEvidence } from '../../src/modules/documents/build-signed-pdf.js'
import { htmlToBlocks } from '../../src/modules/documents/html-blocks.js'
import { layoutOriginalPdf } from '../../src/modules/documents/original-pdf-layout.js'
import { findProposalFile, storeProposalFile } from '../../src/modules/documents/proposal-files.js'
import { buildSampleContext } from '../../src/modules/rendering/sample-context.js'
import { formatMoney } from '../../src/platform/pt-br-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { makeRichDocument, plain } from './document-fixtures.js'
import { pdfPagesText, pdfText } from './pdf-text.js'

const NOW = new Date('2026-11-16T13:30:00.000Z')

// Every call of htmlToBlocks in this process (the event loop's; the document thread loads its own).
const eventLoopParses = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../src/modules/documents/html-blocks.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/modules/documents/html-blocks.js')>()
  return {
    ...original,
    htmlToBlocks: (...args: Parameters<typeof original.htmlToBlocks>) => {
      eventLoopParses.count++
      return original.htmlToBlocks(...args)
    },
  }
})
// A 2×2 RGBA PNG (a drawn signature as the signing page sends it), well-formed: checksums right and
// its data the size its header says, or the evidence page would call it illegible.
const DRAWN = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4nGMQlFD/zwADIA4AFMcCn8Icyu4AAAAASUVORK5CYII='

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

describeEachDialect('document PDFs', (env) => {
  it('prints the header, the body, the items, the totals, the payment terms and the signature block with Portuguese accents', async () => {
    const { account, detail, customerName } = await makeRichDocument(env)
    const pdf = await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW })
    expect(pdf).toBeDefined()
    expect(Buffer.from(pdf!.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(pdf!.sha256).toBe(sha256(pdf!.bytes))
    const text = plain(await pdfText(pdf!.bytes))

    expect(text).toContain(account.account.name)
    expect(text).toContain(`Proposta nº ${detail.number}`)
    expect(text).toContain('Implantação do ERP — fase única')
    expect(text).toContain('Emitida em 16/11/2026')
    expect(text).toContain(customerName)
    // The body: heading, bold/italic runs, the <br>, ordinal signs, list items and the table row.
    expect(text).toContain(`Proposta comercial nº ${detail.number}`)
    expect(text).toContain(`Prezado(a) ${customerName}, apresentamos a proposta de implantação.`)
    expect(text).toContain('Atenção à cláusula 3ª e ao item 1º.')
    expect(text).toContain(`• Implantação do sistema: ${formatMoney(detail.items[0]!.total_cents).replace(/\u00a0/g, ' ')}`)
    expect(text).toContain('Condição: Cartão de crédito em 3x.')
    // The items table.
    for (const item of detail.items) {
      expect(text).toContain(item.code)
      expect(text).toContain(item.name)
    }
    expect(text).toContain('Implantação completa')
    expect(text).toContain('R$ 1.500,00')
    expect(text).toContain('R$ 123,45')
    expect(text).toContain('3,5')
    // Totals: e.g. "R$ 3.308,63", printed with the no-break space of Intl.
    const total = plain(formatMoney(detail.totals.total_cents))
    expect(total).toMatch(/^R\$ \d\.\d{3},\d{2}$/)
    expect(text).toContain(`Subtotal ${plain(formatMoney(detail.totals.subtotal_cents))}`)
    expect(text).toContain(`Descontos − ${plain(formatMoney(detail.totals.discount_cents))}`)
    expect(text).toContain(`Total ${total}`)
    // Payment terms, validity, notes.
    expect(text).toContain('Forma de pagamento: Cartão de crédito')
    expect(text).toContain('Pagamento em 3 parcelas')
    for (const installment of detail.payment.schedule) expect(text).toContain(`${installment.number}ª parcela: ${plain(formatMoney(installment.amount_cents))}`)
    expect(text).toContain('Esta proposta é válida até 31/12/2099.')
    expect(text).toContain('Instalação em São Paulo.')
    // The signature block of a paper document.
    expect(text).toContain('José Conceição')
    expect(text).toContain('Contratante · jose@cliente.test')
    expect(text).toContain('Mônica Araújo')
    expect(text).toContain('Testemunha · monica@cliente.test')
    expect(text.match(/Assinatura: _{10,}/g)).toHaveLength(2)
    expect(text).toMatch(/Página 1 de \d/)
    // The frozen HTML page is the same render.
    expect(pdf!.html).toContain('<!doctype html>')
    expect(pdf!.html).toContain(`<strong>${customerName.replace('&', '&amp;')}</strong>`)
  })

  it('gives the same bytes (and hash) for the same document and time, another hash at another time', async () => {
    const { account, detail } = await makeRichDocument(env)
    const first = await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW })
    const second = await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW })
    expect(second!.sha256).toBe(first!.sha256)
    expect(Buffer.compare(Buffer.from(second!.bytes), Buffer.from(first!.bytes))).toBe(0)
    const later = await buildOriginalPdf(env.db, account.id, detail.id, { now: new Date(NOW.getTime() + 86_400_000) })
    expect(later!.sha256).not.toBe(first!.sha256)
  })

  it('answers undefined for a missing document and for another account\'s', async () => {
    const { detail } = await makeRichDocument(env)
    const other = await makeAccount(env)
    expect(await buildOriginalPdf(env.db, other.id, detail.id, { now: NOW })).toBeUndefined()
    expect(await buildOriginalPdf(env.db, other.id, 999_999_999, { now: NOW })).toBeUndefined()
  })

  it('says when the dates move to a banking day, as the payment method had it when the document was written', async () => {
    const line = 'Vencimentos em sábado, domingo ou feriado nacional passam para o próximo dia útil.'
    const { account, detail } = await makeRichDocument(env)
    expect(plain(await pdfText((await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW }))!.bytes))).not.toContain(line)
    await env.db.updateTable('payment_methods').set({ due_on_business_days: true }).where('id', '=', detail.payment.method.id).execute()
    // The stored document keeps the rule it was written with, until a write of its draft copies the method's again.
    expect(plain(await pdfText((await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW }))!.bytes))).not.toContain(line)
    const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${detail.id}`, headers: account.auth, payload: { title: 'Com vencimento em dia útil' } })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(plain(await pdfText((await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW }))!.bytes))).toContain(line)
  })

  it('prints a digital document\'s signers without paper signature lines', async () => {
    const { account, detail } = await makeRichDocument(env, { signatureType: 'digital' })
    const text = plain(await pdfText((await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW }))!.bytes))
    expect(text).toContain('José Conceição')
    expect(text).not.toContain('Assinatura: ____')
    expect(text).toContain('Assinatura eletrônica (registrada na página de evidências)')
  })

  it('repeats the items table header on every page the items span', async () => {
    const { account, detail } = await makeRichDocument(env, {
      overrides: (owner) => ({ items: Array.from({ length: 70 }, (_, index) => ({ product_id: index % 2 === 0 ? owner.products.main.id : owner.products.service.id, quantity: index + 1 })) }),
    })
    const pages = (await pdfPagesText((await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW }))!.bytes)).map(plain)
    const withItems = pages.filter((page) => page.includes(account.products.main.code))
    expect(withItems.length).toBeGreaterThan(1)
    for (const page of withItems) expect(page).toContain('Código Descrição Qtd. Un. Preço unit. Desconto Total')
    expect(pages.join('\n')).toContain(`Total ${plain(formatMoney(detail.totals.total_cents))}`)
  })

  it('prints a hostile or broken template body as text, never running or failing on it', async () => {
    const hostile = `<script>alert('roubo')</script><style>p { color: red }</style>
<div><p>Texto <b>negrito <i>e itálico</p></div></table></li><h1>Título sem fim<h2>Subtítulo
<img src="x" onerror="alert(1)" alt="logotipo"><iframe src="https://exemplo.test">quadro</iframe>
${'<div>'.repeat(3000)}fundo do poço${'</div>'.repeat(10)}
<ul><li>um<li>dois<ol><li>alfa</ol></ul>&lt;tag escapada&gt; &amp; &#x1F600; \u0007 \u202e invertido
<table><tr><td>célula 1<td>célula 2</table><svg><text>svg</text></svg><p>{{ customer.name }}</p>`
    const { account, detail, customerName } = await makeRichDocument(env, { body: hostile })
    const pdf = await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW })
    const text = plain(await pdfText(pdf!.bytes))
    expect(text).not.toContain('alert')
    expect(text).not.toContain('color: red')
    expect(text).not.toContain('quadro')
    expect(text).toContain('Texto negrito e itálico')
    expect(text).toContain('Título sem fim')
    expect(text).toContain('Subtítulo')
    expect(text).toContain('[logotipo]')
    expect(text).toContain('fundo do poço')
    expect(text).toContain('• um')
    expect(text).toContain('• dois')
    expect(text).toContain('1. alfa')
    expect(text).toContain('<tag escapada> &')
    expect(text).toContain('célula 1 | célula 2')
    expect(text).toContain(customerName)
    // Still the whole document after the body.
    expect(text).toContain('Forma de pagamento: Cartão de crédito')
  })

  it('turns the render into text on the document thread, never on the event loop', async () => {
    // Parsing a large render (Liquid allows 5 M characters) held the event loop for a second or
    // more; the parse is now the layout's first step, on the thread.
    const body = '{% for i in (1..2000) %}<p>Cláusula <strong>{{ i }}</strong>: implantação <em>completa</em>.</p>{% endfor %}'
    const { account, detail } = await makeRichDocument(env, { body })
    eventLoopParses.count = 0
    const pdf = await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW })
    expect(eventLoopParses.count).toBe(0)
    const text = plain(await pdfText(pdf!.bytes))
    expect(text).toContain('Cláusula 1: implantação completa.')
    expect(text).toContain('Cláusula 2000: implantação completa.')
    // The count can tell: the app's own layout module, run on the event loop, is counted (it sees
    // the replaced module, not one an earlier file loaded: this file runs in a process of its own).
    await layoutOriginalPdf({ context: buildSampleContext(NOW), bodyHtml: '<p>um</p>', signatureType: 'paper', draft: false, logo: null, now: NOW })
    expect(eventLoopParses.count).toBeGreaterThanOrEqual(1)
  })

  it('stores files with the hash of their bytes, found only within their account', async () => {
    const { account, detail } = await makeRichDocument(env)
    const pdf = await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW })
    const stored = await env.db.transaction().execute((trx) =>
      storeProposalFile(trx, env.clock, { accountId: account.id, proposalId: detail.id, kind: 'original', contentType: 'application/pdf', fileName: 'proposta.pdf', bytes: pdf!.bytes }),
    )
    expect(stored.sha256).toBe(pdf!.sha256)
    const html = await storeProposalFile(env.db, env.clock, { accountId: account.id, proposalId: detail.id, kind: 'html', contentType: 'text/html; charset=utf-8', fileName: 'proposta.html', bytes: new TextEncoder().encode(pdf!.html) })

    const found = await findProposalFile(env.db, account.id, detail.id, 'original')
    expect(found!.id).toBe(stored.id)
    expect(found!.size).toBe(pdf!.bytes.byteLength)
    expect(sha256(found!.bytes)).toBe(found!.sha256)
    expect(Buffer.compare(Buffer.from(found!.bytes), Buffer.from(pdf!.bytes))).toBe(0)
    const foundHtml = await findProposalFile(env.db, account.id, detail.id, 'html')
    expect(foundHtml!.id).toBe(html.id)
    expect(new TextDecoder().decode(foundHtml!.bytes)).toBe(pdf!.html)
    expect(await findProposalFile(env.db, account.id, detail.id, 'signed')).toBeUndefined()

    const other = await makeAccount(env)
    expect(await findProposalFile(env.db, other.id, detail.id, 'original')).toBeUndefined()
  })

  it('appends an evidence page to the unchanged original pages', async () => {
    const { account, detail, cpfs } = await makeRichDocument(env, { signatureType: 'digital' })
    const original = (await buildOriginalPdf(env.db, account.id, detail.id, { now: NOW }))!
    const evidence: SignatureEvidence = {
      proposal: { number: detail.number, title: detail.title, accountName: account.account.name },
      timeZone: 'America/Sao_Paulo',
      originalSha256: original.sha256,
      completedAt: '2026-11-17T18:45:10.000Z',
      signers: [
        {
          name: 'José Conceição', cpf: cpfs[0], email: 'jose@cliente.test', role: 'Contratante', signatureKind: 'typed', signatureData: 'José Conceição',
          ip: '203.0.113.7', userAgent: `Mozilla/5.0 (X11; Linux x86_64) ${'Gecko '.repeat(60)}`, authentication: null, emailCorrected: null, signedAt: '2026-11-17T12:05:09.000Z',
          consentText: 'Li o documento e concordo em assiná-lo eletronicamente.', documentSha256: original.sha256,
        },
        {
          name: 'Mônica Araújo', cpf: cpfs[1], email: 'monica@cliente.test', role: 'Testemunha', signatureKind: 'drawn', signatureData: DRAWN,
          ip: '2001:db8::42', userAgent: 'Mozilla/5.0 Chrome/130', authentication: 'email_code', emailCorrected: { by: 'Carla Vendedora', at: '2026-11-17T13:00:00.000Z' }, signedAt: '2026-11-17T18:45:10.000Z',
          consentText: 'Li o documento e concordo em assiná-lo eletronicamente.', documentSha256: original.sha256,
        },
      ],
    }
    const signed = await buildSignedPdf(original.bytes, evidence)
    expect(signed.sha256).toBe(sha256(signed.bytes))
    expect((await buildSignedPdf(original.bytes, evidence)).sha256).toBe(signed.sha256)

    const originalPages = await pdfPagesText(original.bytes)
    const signedPages = await pdfPagesText(signed.bytes)
    expect(signedPages.length).toBeGreaterThan(originalPages.length)
    expect(signedPages.slice(0, originalPages.length)).toEqual(originalPages)

    const page = plain(signedPages.slice(originalPages.length).join('\n'))
    expect(page).toContain('Página de evidências')
    expect(page).toContain(`Proposta nº ${detail.number}`)
    for (const name of ['José Conceição', 'Mônica Araújo']) expect(page).toContain(name)
    const masked = cpfs.map((cpf) => `***.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-**`)
    expect(maskedCpf(cpfs[0])).toBe(masked[0])
    for (const [index, cpf] of cpfs.entries()) {
      expect(page).toContain(masked[index])
      expect(page).not.toContain(cpf.slice(0, 3) + '.' + cpf.slice(3, 6))
    }
    expect(page).toContain('jose@cliente.test')
    expect(page).toContain('Contratante')
    expect(page).toContain('nome digitado: José Conceição')
    expect(page).toContain('assinatura desenhada')
    expect(page).not.toContain('ilegível')
    // How each signer was authenticated: the link alone, or the link and a code e-mailed to them.
    const flowing = page.replace(/\s+/g, ' ')
    expect(flowing).toContain('Autenticação link pessoal de assinatura (sem código de confirmação)')
    expect(flowing).toContain('Autenticação link pessoal de assinatura e código de uso único enviado a monica@cliente.test, digitado ao assinar')
    // A corrected address is said, with who corrected it and when; only for the signer it happened to.
    expect(flowing).toContain('E-mail corrigido após o envio por Carla Vendedora, em 17/11/2026, 10:00:00 GMT-3; o link anterior deixou de valer')
    expect(flowing.match(/E-mail corrigido após o envio/g)).toHaveLength(1)
    expect(page).toContain('203.0.113.7')
    expect(page).toContain('2001:db8::42')
    expect(page).toContain('Assinado em (UTC)')
    expect(page).toContain('2026-11-17 12:05:09 UTC')
    expect(page).toContain('Assinado em (America/Sao_Paulo)')
    expect(page).toContain('17/11/2026, 09:05:09 GMT-3')
    expect(page).toContain('17/11/2026, 15:45:10 GMT-3')
    expect(page).toContain('Li o documento e concordo em assiná-lo eletronicamente.')
    expect(page).toContain('SHA-256 do documento original')
    expect(page).toContain(original.sha256)
    expect(page).toContain('não pode ser impresso dentro dele mesmo')
    // The user agent is cut short.
    expect(page).not.toContain('Gecko '.repeat(60).trim())

    // An account in Acre reads its own wall clock, the zone named and the offset printed.
    const acre = plain((await pdfPagesText((await buildSignedPdf(original.bytes, { ...evidence, timeZone: 'America/Rio_Branco' })).bytes)).slice(originalPages.length).join('\n'))
    expect(acre).toContain('Assinado em (America/Rio_Branco)')
    expect(acre).toContain('17/11/2026, 07:05:09 GMT-5')
    expect(acre).toContain('Concluído em 2026-11-17 18:45:10 UTC · 17/11/2026, 13:45:10 GMT-5')
    expect(acre).not.toContain('America/Sao_Paulo')
    expect(acre).not.toContain('GMT-3')
  })
})

describe('htmlToBlocks', () => {
  it('keeps the no-break space of money and collapses other whitespace', () => {
    const [block] = htmlToBlocks('<p>  Total:\n   <b>R$&nbsp;1.234,56</b>  </p>')
    expect(block!.runs).toEqual([
      { text: 'Total: ', bold: false, italic: false },
      { text: 'R$\u00a01.234,56', bold: true, italic: false },
    ])
  })
})
