// Documentos filtered to the documents about to expire ("Vencem até", linked from the Painel's
// card), on both databases: only the ones still waiting for signatures whose validity ends from the
// account's today to the date typed, soonest first with their validity shown; the CSV export in the
// same order through its batches; a past or impossible date an error next to its field.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { allListedProposals } from '../../src/modules/proposals/list-proposals.js'
import type { ProposalStatus } from '../../src/platform/db/schema.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

// 09:00 on Sunday 29 November in São Paulo, already Monday the 30th in Kiritimati (UTC+14).
const clock = new ManualClock('2026-11-29T12:00:00.000Z')

/** The titles of the list's rows, in order. */
function listedTitles(html: string): string[] {
  return [...html.matchAll(/<td>(Doc [^<]+)<\/td>/g)].map((match) => match[1]!)
}

function errorUnder(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}-error">([^<]*)<`).exec(html)?.[1]
}

async function documentIn(env: TestApp, account: TestAccount, title: string, status: ProposalStatus, validUntil: string | null) {
  const customer = await makeCustomer(env, account)
  const proposal = await makeProposal(env, account, customer, { title })
  await env.db.updateTable('proposals').set({ status, valid_until: validUntil }).where('id', '=', proposal.id).execute()
  return proposal
}

describeEachDialect('Documentos: the documents about to expire', (env) => {
  it('lists the waiting documents whose validity ends by the date, soonest first with the validity, linked from the Painel', async () => {
    const { agent, account } = await signedInUser(env, { role: 'member' })
    // Created in an order that newest first would not give back (the 10 December list shows it).
    await documentIn(env, account, 'Doc Quinta', 'sent', '2026-12-03')
    await documentIn(env, account, 'Doc Hoje', 'viewed', '2026-11-29')
    await documentIn(env, account, 'Doc Depois', 'sent', '2026-12-10')
    await documentIn(env, account, 'Doc Assinado', 'signed', '2026-11-30')
    await documentIn(env, account, 'Doc Rascunho', 'draft', '2026-11-30')
    await documentIn(env, account, 'Doc Ontem', 'sent', '2026-11-28')
    await documentIn(env, account, 'Doc Sem Validade', 'sent', null)
    const stranger = await signedInUser(env)
    await documentIn(env, stranger.account, 'Doc Alheio', 'sent', '2026-11-30')

    const week = await agent.get('/proposals?expiring_by=2026-12-06')
    expect(week.statusCode).toBe(200)
    expect(listedTitles(week.body)).toEqual(['Doc Hoje', 'Doc Quinta'])
    expect(week.body).toContain(`<th scope="col">${t.proposals.columns.validUntil}</th>`)
    expect(week.body).toMatch(/<td>Doc Quinta<\/td>[\s\S]*?<td>03\/12\/2026<\/td>\s*<\/tr>/)
    expect(week.body).toContain('value="2026-12-06"')
    // The export link carries the filter.
    expect(week.body).toContain('href="/proposals/export.csv?expiring_by=2026-12-06"')

    expect(listedTitles((await agent.get('/proposals?expiring_by=2026-12-10')).body)).toEqual(['Doc Hoje', 'Doc Quinta', 'Doc Depois'])
    // Today's own date: the ones whose last valid day is today.
    expect(listedTitles((await agent.get('/proposals?expiring_by=2026-11-29')).body)).toEqual(['Doc Hoje'])
    // With the other filters: both apply.
    expect(listedTitles((await agent.get('/proposals?expiring_by=2026-12-10&status=sent')).body)).toEqual(['Doc Quinta', 'Doc Depois'])
    expect(listedTitles((await agent.get('/proposals?expiring_by=2026-12-10&status=signed')).body)).toEqual([])
    // Without the filter, the usual list: newest first, no validity column.
    const all = await agent.get('/proposals')
    expect(listedTitles(all.body)).toEqual(['Doc Sem Validade', 'Doc Ontem', 'Doc Rascunho', 'Doc Assinado', 'Doc Depois', 'Doc Hoje', 'Doc Quinta'])
    expect(all.body).not.toContain(`<th scope="col">${t.proposals.columns.validUntil}</th>`)

    // The export: the same rows in the same order.
    const csv = await agent.get('/proposals/export.csv?expiring_by=2026-12-10')
    expect(csv.statusCode).toBe(200)
    const titles = csv.body.split('\r\n').slice(1).map((line) => /Doc [^;]+/.exec(line)?.[0]).filter((title) => title !== undefined)
    expect(titles).toEqual(['Doc Hoje', 'Doc Quinta', 'Doc Depois'])

    // The Painel's card links to its own week, counted from the account's today.
    const dashboard = await agent.get('/dashboard')
    expect(dashboard.body).toContain(`<a href="/proposals?expiring_by=2026-12-06">${t.dashboard.expiringAll}</a>`)
  })

  it('refuses a past or impossible date next to its field (422), showing no rows', async () => {
    const { agent, account } = await signedInUser(env)
    await documentIn(env, account, 'Doc Hoje', 'sent', '2026-11-29')
    for (const [typed, message] of [
      ['2026-11-28', t.proposals.filters.expiringPast],
      ['2026-02-30', t.dateFilters.invalidDate],
      ['amanhã', t.dateFilters.invalidDate],
    ] as const) {
      for (const path of ['/proposals', '/proposals/export.csv']) {
        const refused = await agent.get(`${path}?expiring_by=${encodeURIComponent(typed)}`)
        expect(refused.statusCode, `${path} ${typed}`).toBe(422)
        expect(errorUnder(refused.body, 'field-expiring_by'), typed).toBe(message)
        expect(listedTitles(refused.body), typed).toEqual([])
        expect(refused.body).toContain(t.proposals.filters.fixExpiringBy)
      }
    }
  })

  it('reads "today" in the account\'s zone: in Kiritimati the 29th has passed', async () => {
    const { agent, account } = await signedInUser(env, { account: await makeAccount(env, { timeZone: 'Pacific/Kiritimati' }) })
    await documentIn(env, account, 'Doc Domingo', 'sent', '2026-11-29')
    await documentIn(env, account, 'Doc Segunda', 'sent', '2026-11-30')
    expect(listedTitles((await agent.get('/proposals?expiring_by=2026-12-01')).body)).toEqual(['Doc Segunda'])
    expect((await agent.get('/proposals?expiring_by=2026-11-29')).statusCode).toBe(422)
  })

  it('walks the expiring rows through batches soonest first, ties on the date broken by id', async () => {
    const { account } = await signedInUser(env)
    const ids: number[] = []
    for (const validUntil of ['2026-12-02', '2026-12-01', '2026-12-02', '2026-12-01', '2026-12-02']) ids.push((await documentIn(env, account, 'Doc', 'sent', validUntil)).id)
    const walked: number[] = []
    const batchSizes: number[] = []
    for await (const rows of allListedProposals(env.db, { id: account.id, timeZone: 'America/Sao_Paulo' }, { expiring: { from: '2026-11-29', to: '2026-12-06' } }, 2)) {
      batchSizes.push(rows.length)
      walked.push(...rows.map((row) => row.id))
    }
    expect(batchSizes).toEqual([2, 2, 1])
    expect(walked).toEqual([ids[1], ids[3], ids[0], ids[2], ids[4]])
  })
}, { clock })
