// Desempenho por vendedor, on both databases: per seller, the documents created in the period (the
// current month by default, in the account's time zone) and how far they got, the period's totals,
// the documents without a seller in a row of their own, a seller deactivated since still named;
// each name opens the seller's documents of the period; the average time from sending to the
// signature; a bar per seller split by outcome; the table as CSV; a period that is not one is an error next to its field and no
// figures; nothing of another account's.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { outcomeCounts, segments } from '../../src/http/web/pages/seller-outcome-chart.js'
import { averageSigningSeconds, sellerSummary, signatureRate } from '../../src/modules/reports/seller-summary.js'
import type { ProposalStatus } from '../../src/platform/db/schema.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'

// 29 November 2026, 09:00 in São Paulo.
const clock = new ManualClock('2026-11-29T12:00:00.000Z')
const ONE_ITEM_CENTS = 150_000
const SP = 'America/Sao_Paulo'

const HOUR_MS = 3_600_000

/**
 * A document of `sellerId` (null: none) created at `createdAt` in `status`; sent then unless a draft
 * or cancelled before sending; a signed one signed `hoursToSign` after sending.
 */
async function documentOf(env: TestApp, account: TestAccount, customerId: number, sellerId: number | null, createdAt: string, status: ProposalStatus, sent = status !== 'draft', hoursToSign = 24) {
  const proposal = await makeProposal(env, account, { id: customerId })
  const signedAt = status === 'signed' ? new Date(Date.parse(createdAt) + hoursToSign * HOUR_MS).toISOString() : null
  await env.db
    .updateTable('proposals')
    .set({ seller_id: sellerId, created_at: createdAt, status, sent_at: sent ? createdAt : null, signed_at: signedAt })
    .where('id', '=', proposal.id)
    .execute()
  return proposal
}

async function accountWithSales(env: TestApp) {
  const account = await makeAccount(env, { timeZone: SP })
  const customer = await makeCustomer(env, account)
  const carla = account.seller.id
  const bruno = account.otherSeller.id
  // Carla's two signatures took 12 and 60 hours: 1.5 days on average.
  await documentOf(env, account, customer.id, carla, '2026-11-10T15:00:00.000Z', 'signed', true, 12)
  await documentOf(env, account, customer.id, carla, '2026-11-10T15:00:00.000Z', 'signed', true, 60)
  for (const status of ['sent', 'rejected', 'draft'] as const) await documentOf(env, account, customer.id, carla, '2026-11-10T15:00:00.000Z', status)
  await documentOf(env, account, customer.id, bruno, '2026-11-12T15:00:00.000Z', 'cancelled')
  await documentOf(env, account, customer.id, bruno, '2026-11-13T15:00:00.000Z', 'expired')
  await documentOf(env, account, customer.id, bruno, '2026-11-14T15:00:00.000Z', 'cancelled', false)
  await documentOf(env, account, customer.id, null, '2026-11-20T15:00:00.000Z', 'viewed')
  // 31 October, 23:00 in São Paulo (1 November in UTC), and mid-October: October's.
  await documentOf(env, account, customer.id, carla, '2026-11-01T02:00:00.000Z', 'signed')
  await documentOf(env, account, customer.id, bruno, '2026-10-15T15:00:00.000Z', 'signed')
  const other = await makeAccount(env, { timeZone: SP })
  await documentOf(env, other, (await makeCustomer(env, other)).id, other.seller.id, '2026-11-10T15:00:00.000Z', 'signed')
  return account
}

describeEachDialect(
  'seller report',
  (env) => {
    it('sums each seller’s documents of the period by how far they got, the busiest first, without a seller last', async () => {
      const account = await accountWithSales(env)
      const november = await sellerSummary(env.db, { id: account.id, timeZone: SP }, '2026-11-01', '2026-11-30')
      expect(november.sellers).toEqual([
        { sellerId: account.seller.id, sellerName: account.seller.name, sellerActive: true, created: 5, sent: 4, signed: 2, signedValueCents: 2 * ONE_ITEM_CENTS, open: 1, lost: 1, cancelled: 0, signingSeconds: 72 * 3_600, timedSignatures: 2 },
        { sellerId: account.otherSeller.id, sellerName: account.otherSeller.name, sellerActive: true, created: 3, sent: 2, signed: 0, signedValueCents: 0, open: 0, lost: 1, cancelled: 2, signingSeconds: 0, timedSignatures: 0 },
        { sellerId: null, sellerName: null, sellerActive: false, created: 1, sent: 1, signed: 0, signedValueCents: 0, open: 1, lost: 0, cancelled: 0, signingSeconds: 0, timedSignatures: 0 },
      ])
      expect(november.total).toEqual({ created: 9, sent: 7, signed: 2, signedValueCents: 2 * ONE_ITEM_CENTS, open: 2, lost: 2, cancelled: 2, signingSeconds: 72 * 3_600, timedSignatures: 2 })
      expect(signatureRate(november.sellers[0]!)).toBe(0.5)
      expect(signatureRate({ sent: 0, signed: 0 })).toBeNull()
      expect(averageSigningSeconds(november.sellers[0]!)).toBe(36 * 3_600)
      expect(averageSigningSeconds(november.sellers[1]!)).toBeNull()

      // October in São Paulo holds the 31st at 23:00; in UTC that document is November's. Equal
      // figures: by name (Bruno before Carla).
      const october = await sellerSummary(env.db, { id: account.id, timeZone: SP }, '2026-10-01', '2026-10-31')
      expect(october.sellers.map((seller) => [seller.sellerId, seller.created, seller.signed])).toEqual([
        [account.otherSeller.id, 1, 1],
        [account.seller.id, 1, 1],
      ])
      const utc = await sellerSummary(env.db, { id: account.id, timeZone: 'UTC' }, '2026-11-01', '2026-11-30')
      expect(utc.total.created).toBe(10)
    })

    it('shows the current month by default, links each seller to their documents of the period, and names a seller deactivated since', async () => {
      const account = await accountWithSales(env)
      await env.db.updateTable('users').set({ active: false }).where('id', '=', account.otherSeller.id).execute()
      const { agent } = await signedInUser(env, { account, role: 'member' })
      const dashboard = (await agent.get('/dashboard')).body
      expect(dashboard).toContain('<a class="button ghost" href="/reports/sellers">Desempenho por vendedor</a>')

      const page = await agent.get('/reports/sellers')
      expect(page.statusCode).toBe(200)
      const html = page.body
      expect(html).toContain('<h1>Desempenho por vendedor</h1>')
      expect(html).toContain('name="from" type="date" value="2026-11-01"')
      expect(html).toContain('name="to" type="date" value="2026-11-29"')
      const carla = `<a href="/proposals?seller_id=${account.seller.id}&amp;from=2026-11-01&amp;to=2026-11-29">${account.seller.name}</a></th><td class="num">5</td><td class="num">4</td><td class="num">2</td><td class="num">50%</td><td class="num">R$\u00a03.000,00</td><td class="num">R$\u00a01.500,00</td><td class="num">1,5 dia</td><td class="num">1</td><td class="num">1</td><td class="num">0</td>`
      expect(html).toContain(carla)
      expect(html).toContain(`${account.otherSeller.name}</a><span class="muted"> (inativo)</span></th><td class="num">3</td><td class="num">2</td><td class="num">0</td><td class="num">0%</td>`)
      // Nothing signed: no average time either.
      expect(html).toMatch(new RegExp(`${account.otherSeller.name}</a>.*?</th>(<td class="num">[^<]*</td>){6}<td class="num">—</td>`))
      expect(html).toContain('<span class="muted">Sem vendedor</span></th><td class="num">1</td>')
      expect(html).toMatch(/<tfoot><tr><th scope="row">Total<\/th><td class="num">9<\/td><td class="num">7<\/td><td class="num">2<\/td><td class="num">28,6%<\/td>/)

      // The link opens exactly that seller's documents of the period in the Documentos list.
      const list = (await agent.get(`/proposals?seller_id=${account.seller.id}&from=2026-11-01&to=2026-11-29`)).body
      expect(list.match(/<tr><td><a href="\/proposals\/\d+\/edit">/g)).toHaveLength(5)

      // Another period, typed; an empty end is today.
      const october = (await agent.get('/reports/sellers?from=2026-10-01&to=')).body
      expect(october).toMatch(/<tfoot><tr><th scope="row">Total<\/th><td class="num">11<\/td>/)
      // An end alone starts on the first of its month; a start alone after today ends on itself.
      const endOnly = (await agent.get('/reports/sellers?to=2026-10-31')).body
      expect(endOnly).toContain('name="from" type="date" value="2026-10-01"')
      expect(endOnly).toMatch(/<tfoot><tr><th scope="row">Total<\/th><td class="num">2<\/td>/)
      const future = await agent.get('/reports/sellers?from=2026-12-05')
      expect(future.statusCode).toBe(200)
      expect(future.body).toContain('name="to" type="date" value="2026-12-05"')
      expect(future.body).toContain('Nenhum documento criado no período.')

      // The seller deactivated since: the list is theirs, and its seller field says so (kept by the next "Filtrar").
      const bruno = (await agent.get(`/proposals?seller_id=${account.otherSeller.id}&from=2026-11-01&to=2026-11-29`)).body
      expect(bruno.match(/<tr><td><a href="\/proposals\/\d+\/edit">/g)).toHaveLength(3)
      expect(bruno).toContain(`<option value="${account.otherSeller.id}" selected>${account.otherSeller.name} (inativo)</option>`)
    })

    it('draws each seller’s documents as one bar split by outcome, all on one scale, in the table’s order; none for an empty period', async () => {
      const account = await accountWithSales(env)
      const { agent } = await signedInUser(env, { account, role: 'member' })
      const html = (await agent.get('/reports/sellers')).body
      const chart = html.slice(html.indexOf('data-outcome-chart'), html.indexOf('</figure>'))
      expect(chart).toContain(t.sellerReport.chart.title)
      const rows = [...chart.matchAll(/<div class="outcome-row" data-outcome-row>([\s\S]*?)<\/div>/g)].map((match) => ({
        name: /<span class="outcome-name" title="[^"]*">([^<]*)<\/span>/.exec(match[1]!)![1],
        segments: [...match[1]!.matchAll(/<rect class="outcome-(\w+)" x="([\d.]+)" y="0" width="([\d.]+)" height="10" data-outcome="\1" data-count="(\d+)"><\/rect>/g)].map((rect) => [rect[1], Number(rect[2]), Number(rect[3]), Number(rect[4])]),
        total: /<span class="outcome-total">(\d+)<\/span>/.exec(match[1]!)![1],
      }))
      // The busiest (5 documents) fills the track (1000); each document is 200 wide.
      expect(rows).toEqual([
        { name: account.seller.name, segments: [['signed', 0, 400, 2], ['open', 400, 200, 1], ['lost', 600, 200, 1], ['draft', 800, 200, 1]], total: '5' },
        { name: account.otherSeller.name, segments: [['lost', 0, 200, 1], ['cancelled', 200, 400, 2]], total: '3' },
        { name: t.proposals.noSeller, segments: [['open', 0, 200, 1]], total: '1' },
      ])
      // Drawn with SVG attributes: the pages' CSP refuses style attributes. Hidden from screen readers, who read the table.
      expect(chart).not.toContain('style=')
      expect(chart).toMatch(/^data-outcome-chart aria-hidden="true">/)
      expect((await agent.get('/reports/sellers?from=2026-12-05')).body).not.toContain('data-outcome-chart')
    })

    it('refuses a period that is not one, next to its field, with no figures; a visitor is sent to the login', async () => {
      const account = await accountWithSales(env)
      const { agent } = await signedInUser(env, { account })
      for (const [query, message] of [
        ['from=2026-02-30&to=2026-03-10', 'Informe uma data válida (dd/mm/aaaa).'],
        ['from=2026-11-20&to=2026-11-10', 'A data final não pode ser anterior à inicial.'],
      ] as const) {
        const refused = await agent.get(`/reports/sellers?${query}`)
        expect(refused.statusCode, query).toBe(422)
        const html = refused.body
        expect(html, query).toContain(message)
        expect(html, query).toContain('Corrija o período destacado para ver a lista.')
        expect(html, query).not.toContain('<tfoot>')
        expect(html, query).not.toContain(account.seller.name + '</a>')
      }
      const empty = (await agent.get('/reports/sellers?from=2020-01-01&to=2020-01-31')).body
      expect(empty).toContain('Nenhum documento criado no período.')

      const visitor = await new WebAgent(env.app).get('/reports/sellers')
      expect(visitor.statusCode).toBe(303)
      expect(visitor.headers.location).toMatch(/^\/login/)
    })

    it('exports the period’s table as CSV a spreadsheet can sum: rates, reais and days as numbers, the totals last; a refused period is the page’s 422', async () => {
      const account = await accountWithSales(env)
      await env.db.updateTable('users').set({ active: false }).where('id', '=', account.otherSeller.id).execute()
      const { agent } = await signedInUser(env, { account, role: 'member' })
      const page = (await agent.get('/reports/sellers?from=2026-11-01&to=2026-11-30')).body
      expect(page).toContain('href="/reports/sellers/export.csv?from=2026-11-01&amp;to=2026-11-30"')
      const response = await agent.get('/reports/sellers/export.csv?from=2026-11-01&to=2026-11-30')
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
      expect(response.headers['content-disposition']).toBe('attachment; filename="desempenho-por-vendedor-2026-11-01-a-2026-11-30.csv"')
      expect(response.body.startsWith('\uFEFF')).toBe(true)
      expect(response.body.slice(1).split('\r\n')).toEqual([
        'Vendedor;Criados;Enviados;Assinados;Taxa de assinatura (%);Valor assinado (R$);Ticket médio (R$);Tempo médio até assinar (dias);Aguardando;Recusados ou vencidos;Cancelados',
        `${account.seller.name};5;4;2;50,0;3000,00;1500,00;1,50;1;1;0`,
        `${account.otherSeller.name} (inativo);3;2;0;0,0;0,00;;;0;1;2`,
        'Sem vendedor;1;1;0;0,0;0,00;;;1;0;0',
        'Total;9;7;2;28,6;3000,00;1500,00;1,50;2;2;2',
        '',
      ])
      // The current month by default, as the page; a period without documents is the header alone, and the page offers no export.
      expect((await agent.get('/reports/sellers/export.csv')).headers['content-disposition']).toBe('attachment; filename="desempenho-por-vendedor-2026-11-01-a-2026-11-29.csv"')
      expect((await agent.get('/reports/sellers/export.csv?from=2020-01-01&to=2020-01-31')).body.split('\r\n')).toHaveLength(2)
      expect((await agent.get('/reports/sellers?from=2020-01-01&to=2020-01-31')).body).not.toContain('export.csv')
      const refused = await agent.get('/reports/sellers/export.csv?from=2026-11-20&to=2026-11-10')
      expect(refused.statusCode).toBe(422)
      expect(refused.headers['content-type']).toContain('text/html')
      expect(refused.body).toContain('A data final não pode ser anterior à inicial.')
      const visitor = await new WebAgent(env.app).get('/reports/sellers/export.csv')
      expect(visitor.statusCode).toBe(303)
    })
  },
  { clock },
)

describe('the average time to sign, as the report writes it', () => {
  it('places each outcome’s segment after the last on the unrounded sum, rounding only what is written, and adds up to the bar', () => {
    // Seven documents fill the track: 3 signed, 2 waiting, 2 drafts.
    const drawn = segments({ signed: 3, open: 2, lost: 0, cancelled: 0, draft: 2 }, 7)
    expect(drawn).toEqual([
      { outcome: 'signed', x: 0, width: 428.57 },
      { outcome: 'open', x: 428.57, width: 285.71 },
      { outcome: 'draft', x: 714.29, width: 285.71 },
    ])
    // A shorter bar on the same scale: one cancelled of seven.
    expect(segments({ signed: 0, open: 0, lost: 0, cancelled: 1, draft: 0 }, 7)).toEqual([{ outcome: 'cancelled', x: 0, width: 142.86 }])
    expect(outcomeCounts({ created: 9, signed: 2, open: 3, lost: 1, cancelled: 1 })).toEqual({ signed: 2, open: 3, lost: 1, cancelled: 1, draft: 2 })
  })

  it('says hours under a day and days with one decimal after, singular below two', () => {
    const text = t.sellerReport.signingTime
    expect([60, 1_799, 1_800, 5 * 3_600, 23 * 3_600].map(text)).toEqual(['menos de 1 h', 'menos de 1 h', '1 h', '5 h', '23 h'])
    expect([86_400, 1.5 * 86_400, 1.96 * 86_400, 2 * 86_400, 10.25 * 86_400].map(text)).toEqual(['1 dia', '1,5 dia', '2 dias', '2 dias', '10,3 dias'])
  })
})
