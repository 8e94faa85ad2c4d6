// Documentos by number, and exported as CSV, on both databases: the list's filters decide the rows
// (all of them, not one page) with each one's payment terms, the file opens in a Brazilian
// spreadsheet (BOM, ";", "1500,00"), a customer's name written as a formula stays text, another
// account's documents never appear, and a filter that is not one is an error on the list's page
// rather than a silent export.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { allListedProposals } from '../../src/modules/proposals/list-proposals.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeCustomer, makeProposal } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { signedInUser } from '../support/web-login.js'

const clock = new ManualClock()

/** The CSV's lines, BOM and CRLF checked and taken off. */
function csvLines(body: string): string[] {
  expect(body.startsWith('\uFEFF')).toBe(true)
  expect(body.endsWith('\r\n')).toBe(true)
  return body.slice(1, -2).split('\r\n')
}

describeEachDialect('Documentos: number filter and CSV export', (env) => {
  it('exports every document the filters find, newest first, as a Brazilian spreadsheet reads it', async () => {
    clock.set('2026-11-29T12:00:00Z')
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const acme = await makeCustomer(env, account, { name: 'Acme; Indústria "Ltda"' })
    const hostile = await makeCustomer(env, account, { name: '=HYPERLINK("http://evil.test";"clique")' })
    clock.set('2026-11-10T13:05:00Z')
    const first = await makeProposal(env, account, acme, { title: 'Implantação' })
    clock.set('2026-11-20T18:30:00Z')
    // Paid by card in 3 installments after a down payment of R$ 46,90.
    const second = await makeProposal(env, account, hostile, {
      title: 'Consultoria',
      seller_id: account.otherSeller.id,
      items: [{ product_id: account.products.service.id, quantity: 2 }],
      payment_method_id: account.paymentMethods.card.id,
      installments: 3,
      down_payment_cents: 4_690,
    })
    // As sending and signing leave it (13:00 and 14:45 in São Paulo), with a CRM's reference.
    await env.db
      .updateTable('proposals')
      .set({ status: 'signed', sent_at: '2026-11-21T16:00:00.000Z', signed_at: '2026-11-22T17:45:00.000Z', valid_until: '2026-12-20', external_reference: '=CRM-77' })
      .where('id', '=', second.id)
      .execute()
    const stranger = await signedInUser(env)
    await makeProposal(env, stranger.account, await makeCustomer(env, stranger.account), { title: 'Documento alheio' })
    clock.set('2026-11-29T12:00:00Z')

    const list = await agent.get('/proposals?status=signed')
    expect(list.body).toContain(`href="/proposals/export.csv?status=signed"`)
    expect(list.body).toContain(t.proposals.csv.export)

    const exported = await agent.get('/proposals/export.csv')
    expect(exported.statusCode).toBe(200)
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(exported.headers['content-disposition']).toBe('attachment; filename="documentos-2026-11-29.csv"')
    const c = t.proposals.columns
    expect(csvLines(exported.body)).toEqual([
      [c.number, c.title, c.customer, t.proposals.csv.customerDocument, c.seller, c.status, t.proposals.csv.total, 'Forma de pagamento', 'Parcelas', 'Entrada (R$)', 'Entrada vence em (dias após a assinatura)', c.createdAt, 'Enviado em', 'Assinado em', 'Válido até', 'Referência externa'].join(';'),
      // São Paulo time; the formula is text (apostrophe) and quoted for its quotes and ";".
      `${second.number};Consultoria;"'=HYPERLINK(""http://evil.test"";""clique"")";${second.customer.document ? formatCnpj(second.customer.document) : ''};${account.otherSeller.name};Assinado;246,90;Cartão de crédito;3;46,90;0;20/11/2026 15:30;21/11/2026 13:00;22/11/2026 14:45;20/12/2026;'=CRM-77`,
      `${first.number};Implantação;"Acme; Indústria ""Ltda""";${formatCnpj(first.customer.document!)};${account.seller.name};Rascunho;1500,00;PIX;1;;;10/11/2026 10:05;;;${first.valid_until ? first.valid_until.split('-').reverse().join('/') : ''};${first.external_reference ?? ''}`,
    ])
    expect(exported.body).not.toContain('Documento alheio')

    const signedOnly = csvLines((await agent.get('/proposals/export.csv?status=signed')).body)
    expect(signedOnly.slice(1).map((line) => line.split(';')[0])).toEqual([String(second.number)])
    const byNumber = csvLines((await agent.get(`/proposals/export.csv?number=${first.number}`)).body)
    expect(byNumber.slice(1).map((line) => line.split(';')[0])).toEqual([String(first.number)])
    // Nothing found: the header alone.
    expect(csvLines((await agent.get('/proposals/export.csv?status=expired')).body)).toHaveLength(1)
  })

  it('finds a document by its number, however it is typed, and refuses what is not a number', async () => {
    clock.set('2026-11-29T12:00:00Z')
    const { agent, account } = await signedInUser(env)
    const customer = await makeCustomer(env, account)
    const docs = [await makeProposal(env, account, customer, { title: 'Doc Um' }), await makeProposal(env, account, customer, { title: 'Doc Dois' })]
    const target = docs[1]!
    for (const typed of [String(target.number), `nº ${target.number}`, ` ${target.number} `]) {
      const page = await agent.get(`/proposals?number=${encodeURIComponent(typed)}`)
      expect(page.statusCode, typed).toBe(200)
      expect(page.body, typed).toContain('<td>Doc Dois</td>')
      expect(page.body, typed).not.toContain('<td>Doc Um</td>')
    }
    expect((await agent.get('/proposals?number=999999')).body).toContain(t.proposals.emptyFiltered)
    for (const bad of ['abc', '-1', '0', '1,5', '2147483648', '99999999999', '99999999999999999']) {
      for (const url of [`/proposals?number=${encodeURIComponent(bad)}`, `/proposals/export.csv?number=${encodeURIComponent(bad)}`]) {
        const refused = await agent.get(url)
        expect(refused.statusCode, url).toBe(422)
        expect(refused.headers['content-type'], url).toContain('text/html')
        expect(refused.body, url).toContain(t.proposals.filters.invalidNumber)
        expect(refused.body, url).toContain(t.proposals.filters.fixNumber)
        expect(refused.body, url).not.toContain('<td>Doc')
      }
    }
    // A period that is not one refuses the export too.
    expect((await agent.get('/proposals/export.csv?from=2026-02-30')).statusCode).toBe(422)
    // Visitors are sent to the login.
    const visitor = await env.app.inject({ method: 'GET', url: '/proposals/export.csv' })
    expect(visitor.statusCode).toBe(303)
  })

  it('walks every row through batches, ties on the creation instant broken by id, none twice or missed', async () => {
    clock.set('2026-11-29T12:00:00Z')
    const { account } = await signedInUser(env)
    const customer = await makeCustomer(env, account)
    const ids: number[] = []
    for (let index = 0; index < 7; index++) ids.push((await makeProposal(env, account, customer)).id)
    // Five share one instant, so the walk must order them by id; the two newest have instants of their own.
    await env.db.updateTable('proposals').set({ created_at: '2026-11-29T12:00:00.000Z' }).where('account_id', '=', account.id).where('id', 'in', ids.slice(0, 5)).execute()
    await env.db.updateTable('proposals').set({ created_at: '2026-11-29T12:00:01.000Z' }).where('id', '=', ids[5]!).execute()
    await env.db.updateTable('proposals').set({ created_at: '2026-11-29T12:00:02.000Z' }).where('id', '=', ids[6]!).execute()
    const walked: number[] = []
    const batchSizes: number[] = []
    for await (const rows of allListedProposals(env.db, { id: account.id, timeZone: 'America/Sao_Paulo' }, {}, 3)) {
      batchSizes.push(rows.length)
      walked.push(...rows.map((row) => row.id))
    }
    expect(batchSizes).toEqual([3, 3, 1])
    expect(walked).toEqual([...ids].sort((a, b) => b - a))
  })
}, { clock })

/** 11222333000181 → 11.222.333/0001-81. */
function formatCnpj(digits: string): string {
  return digits.replace(/^(\d{2})(\d{3})(\d{3})(\d{4})(\d{2})$/, '$1.$2.$3/$4-$5')
}
