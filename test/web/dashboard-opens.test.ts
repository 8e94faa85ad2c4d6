// What the team sees of the signers' visits, on both databases. The document's page says, under
// each signer, how many times they opened it and when the last visit began. The Painel's "Abertos
// recentemente" lists the account's signers who visited a document still waiting for signatures in
// the last 7 days, the latest visit first, with the document, its seller and the count; never a
// visit older than the window, a document no longer waiting, or another account's. No card when
// there is nothing, and a line saying there are more past the first 8.
import { expect, it } from 'vitest'
import { formatDateTime } from '../../src/http/web/format.js'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { openSigningLink } from '../../src/modules/lifecycle/signing.js'
import { RECENT_OPEN_DAYS, RECENT_OPENS_SHOWN } from '../../src/modules/reports/recent-opens.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { ManualClock } from '../support/manual-clock.js'
import { sentDigitalDocument } from '../support/signing.js'
import { signedInUser } from '../support/web-login.js'

const o = t.dashboard.opens
const CLIENT = { ip: '203.0.113.8', userAgent: 'Mozilla/5.0 (dashboard opens test)' }
const OPTIONS = { baseUrl: 'http://vendoc.test' }
const HOUR = 3_600_000

/** The Painel's visits card, or '' when the page has none. */
function opensCard(html: string): string {
  const start = html.indexOf('aria-labelledby="dashboard-opens"')
  return start === -1 ? '' : html.slice(start, html.indexOf('</section>', start))
}

function rowsOf(card: string): string[] {
  return [...card.matchAll(/<tr data-recent-opens-row>([\s\S]*?)<\/tr>/g)].map((match) => match[1]!)
}

describeEachDialect('Painel and document page: the signers’ visits', (env) => {
  it('lists the latest visits to documents still waiting, with their counts, and shows them on the document', async () => {
    const { agent, account } = await signedInUser(env)
    const timeZone = account.account.time_zone
    expect(opensCard((await agent.get('/dashboard')).body)).toBe('')

    const waiting = await sentDigitalDocument(env, account, [{ name: 'Bianca Leme', cpf: validCpf(), order: 1 }, { name: 'Davi Couto', cpf: validCpf(), order: 2 }])
    const [bianca, davi] = waiting.signers as [(typeof waiting.signers)[number], (typeof waiting.signers)[number]]
    const clock = new ManualClock(new Date(Date.now() - 50 * HOUR))
    await openSigningLink(env.db, clock, bianca.token, CLIENT, OPTIONS)
    clock.advance(24 * HOUR)
    await openSigningLink(env.db, clock, bianca.token, CLIENT, OPTIONS)
    clock.advance(24 * HOUR)
    await openSigningLink(env.db, clock, bianca.token, CLIENT, OPTIONS)
    const biancaLast = clock.now().toISOString()
    clock.advance(HOUR)
    await openSigningLink(env.db, clock, davi.token, CLIENT, OPTIONS)
    const daviLast = clock.now().toISOString()

    // Out of the card: a visit of 8 days ago, a document cancelled after its visit, another account's visit.
    const old = await sentDigitalDocument(env, account, [{ name: 'Visita Antiga', cpf: validCpf(), order: 1 }])
    await openSigningLink(env.db, new ManualClock(new Date(Date.now() - (RECENT_OPEN_DAYS * 24 + 1) * HOUR)), old.signers[0]!.token, CLIENT, OPTIONS)
    const cancelled = await sentDigitalDocument(env, account, [{ name: 'Documento Cancelado', cpf: validCpf(), order: 1 }])
    await openSigningLink(env.db, env.clock, cancelled.signers[0]!.token, CLIENT, OPTIONS)
    const cancel = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${cancelled.id}/cancel`, headers: account.auth, payload: { reason: 'Cliente desistiu' } })
    expect(cancel.statusCode, cancel.body).toBe(200)
    const stranger = await signedInUser(env)
    const foreign = await sentDigitalDocument(env, stranger.account, [{ name: 'Outra Conta', cpf: validCpf(), order: 1 }])
    await openSigningLink(env.db, env.clock, foreign.signers[0]!.token, CLIENT, OPTIONS)

    const card = opensCard((await agent.get('/dashboard')).body)
    expect(card).toContain(o.hint(RECENT_OPEN_DAYS))
    expect(card).not.toContain(o.more(RECENT_OPENS_SHOWN))
    const rows = rowsOf(card)
    expect(rows).toHaveLength(2)
    // The latest visit first: Davi's (before his turn), then Bianca's third.
    expect(rows[0]).toContain(`href="/proposals/${waiting.id}/edit"`)
    expect(rows[0]).toContain('<td>Davi Couto</td>')
    expect(rows[0]).toContain(account.seller.name)
    expect(rows[0]).toContain('<td class="num">1</td>')
    expect(rows[0]).toContain(`<td>${formatDateTime(daviLast, timeZone)}</td>`)
    expect(rows[1]).toContain('<td>Bianca Leme</td>')
    expect(rows[1]).toContain('<td class="num">3</td>')
    expect(rows[1]).toContain(`<td>${formatDateTime(biancaLast, timeZone)}</td>`)
    for (const absent of ['Visita Antiga', 'Documento Cancelado', 'Outra Conta']) expect(card).not.toContain(absent)

    // A signer whose link is gone (an LGPD erasure clears it) is nobody to call: off the card.
    await env.db.updateTable('proposal_signers').set({ sign_token: null }).where('id', '=', davi.id).execute()
    const withoutDavi = rowsOf(opensCard((await agent.get('/dashboard')).body))
    expect(withoutDavi).toHaveLength(1)
    expect(withoutDavi[0]).toContain('<td>Bianca Leme</td>')

    // The document's page says it under each signer.
    const page = (await agent.get(`/proposals/${waiting.id}/edit`)).body
    expect(page).toContain(`<span data-signer-opens="3"> · ${t.proposalActions.opens(3, formatDateTime(biancaLast, timeZone))}</span>`)
    expect(page).toContain(`<span data-signer-opens="1"> · ${t.proposalActions.opens(1, formatDateTime(daviLast, timeZone))}</span>`)
    expect(t.proposalActions.opens(1, 'x')).toBe('abriu 1 vez (a última em x)')
  })

  it('shows the latest 8 and says there are more', async () => {
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const clock = new ManualClock(new Date(Date.now() - 20 * HOUR))
    const names: string[] = []
    for (let index = 0; index < RECENT_OPENS_SHOWN + 1; index += 1) {
      const doc = await sentDigitalDocument(env, account, [{ name: `Signatário ${index + 1}`, cpf: validCpf(), order: 1 }])
      clock.advance(HOUR)
      await openSigningLink(env.db, clock, doc.signers[0]!.token, CLIENT, OPTIONS)
      names.push(`Signatário ${index + 1}`)
    }
    const card = opensCard((await agent.get('/dashboard')).body)
    expect(card).toContain(o.more(RECENT_OPENS_SHOWN))
    const rows = rowsOf(card)
    expect(rows.map((row) => /<td>(Signatário \d+)<\/td>/.exec(row)?.[1])).toEqual(names.slice(1).reverse())
  })
})
