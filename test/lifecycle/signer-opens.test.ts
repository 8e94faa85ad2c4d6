// How often a signer opened their document, on both databases: every open of a valid link is
// counted as a visit unless the last visit began under 30 minutes before (a reload, the frame and
// the PDF of the same visit); it counts whoever's turn it is, keeps counting after the signer has
// signed while others have not, never moves the document's updated_at, and counts nothing for a
// dead or replaced link, a link preview's fetch or a HEAD request; a corrected e-mail starts again
// from none. The API's detail carries the count and the last visit; each visit is a
// signer.visited event.
import { expect, it } from 'vitest'
import { openSigningLink, signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { countSignerOpen, OPEN_VISIT_MINUTES, startsVisit } from '../../src/modules/lifecycle/signer-opens.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { saveNoticePreferences } from '../../src/modules/accounts/notice-preferences.js'
import { makeAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { sentDigitalDocument } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'

const CLIENT = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (opens test)' }
const OPTIONS = { baseUrl: 'http://vendoc.test' }
const MINUTE = 60_000

async function opensOf(env: TestApp, signerId: number) {
  return env.db.selectFrom('proposal_signers').select(['open_count', 'last_opened_at', 'viewed_at']).where('id', '=', signerId).executeTakeFirstOrThrow()
}

describeEachDialect('signing: how often a signer opened the document', (env) => {
  it('counts visits: opens within 30 minutes of the last counted one are the same visit', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Marta Vilela', cpf: validCpf(), order: 1 }])
    const signer = doc.signers[0]!
    expect(await opensOf(env, signer.id)).toEqual({ open_count: 0, last_opened_at: null, viewed_at: null })

    const clock = new ManualClock(new Date(Date.now() - 3 * 3_600_000))
    const first = clock.now().toISOString()
    expect((await openSigningLink(env.db, clock, signer.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    expect(await opensOf(env, signer.id)).toEqual({ open_count: 1, last_opened_at: first, viewed_at: first })

    // A reload a minute before the window ends is the same visit: nothing moves.
    clock.advance((OPEN_VISIT_MINUTES - 1) * MINUTE)
    expect((await openSigningLink(env.db, clock, signer.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    expect(await opensOf(env, signer.id)).toMatchObject({ open_count: 1, last_opened_at: first })

    // Thirty minutes after the visit began, an open is a new visit, timed from now.
    clock.advance(MINUTE)
    const second = clock.now().toISOString()
    const { updated_at: before } = await env.db.selectFrom('proposals').select('updated_at').where('id', '=', doc.id).executeTakeFirstOrThrow()
    expect((await openSigningLink(env.db, clock, signer.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    expect(await opensOf(env, signer.id)).toEqual({ open_count: 2, last_opened_at: second, viewed_at: first })
    // A visit changes nothing the document says: the change feed does not list it again.
    const { updated_at: after } = await env.db.selectFrom('proposals').select('updated_at').where('id', '=', doc.id).executeTakeFirstOrThrow()
    expect(after).toBe(before)
    // The first viewing is recorded once in the history; the visits are not history entries.
    const viewings = await env.db.selectFrom('proposal_events').select('type').where('proposal_id', '=', doc.id).where('type', '=', 'signer_viewed').execute()
    expect(viewings).toHaveLength(1)

    // Each visit is a signer.visited event with the count so far; the reload made none.
    const visits = await env.db.selectFrom('domain_events').select(['payload_json', 'signer_id']).where('proposal_id', '=', doc.id).where('type', '=', 'signer.visited').orderBy('created_at').execute()
    expect(visits.map((event) => event.signer_id)).toEqual([signer.id, signer.id])
    expect(visits.map((event) => JSON.parse(event.payload_json).data)).toEqual([
      { proposal: expect.objectContaining({ id: doc.id, status: 'viewed' }), signer: expect.objectContaining({ id: signer.id, name: 'Marta Vilela', status: 'viewed', open_count: 1, last_opened_at: first }) },
      { proposal: expect.objectContaining({ id: doc.id, status: 'viewed' }), signer: expect.objectContaining({ id: signer.id, status: 'viewed', open_count: 2, last_opened_at: second }) },
    ])

    const detail = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${doc.id}`, headers: account.auth })
    expect(detail.statusCode, detail.body).toBe(200)
    expect(detail.json().signers[0]).toMatchObject({ id: signer.id, open_count: 2, last_opened_at: second, viewed_at: first })
  })

  it('counts a signer whose turn has not come, and one who signed while others have not; a dead link counts nothing', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Otávio Reis', cpf: validCpf(), order: 1 }, { name: 'Lia Prado', cpf: validCpf(), order: 2 }])
    const [first, second] = doc.signers as [(typeof doc.signers)[number], (typeof doc.signers)[number]]
    const clock = new ManualClock(new Date(Date.now() - 5 * 3_600_000))

    // The second signer's link opened before their turn: a visit, not a viewing.
    expect((await openSigningLink(env.db, clock, second.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    expect(await opensOf(env, second.id)).toMatchObject({ open_count: 1, viewed_at: null })
    // Its event says so: the signer still pending, the document still only sent.
    const early = await env.db.selectFrom('domain_events').select('payload_json').where('signer_id', '=', second.id).where('type', '=', 'signer.visited').execute()
    expect(early.map((event) => JSON.parse(event.payload_json).data)).toEqual([
      { proposal: expect.objectContaining({ id: doc.id, status: 'sent' }), signer: expect.objectContaining({ id: second.id, status: 'pending', signing_order: 2, open_count: 1 }) },
    ])

    expect((await openSigningLink(env.db, clock, first.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    const signed = await signAsSigner(env.db, clock, first.token, { name: first.name, cpf: first.cpf!, consent: true, signatureKind: 'typed', signatureData: first.name }, CLIENT, OPTIONS)
    expect(signed.outcome).toBe('signed')
    clock.advance(OPEN_VISIT_MINUTES * MINUTE)
    expect((await openSigningLink(env.db, clock, first.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    expect(await opensOf(env, first.id)).toMatchObject({ open_count: 2, last_opened_at: clock.now().toISOString() })

    // The document signed by all, its links are dead: opening one counts nothing.
    const signer2 = await signAsSigner(env.db, clock, second.token, { name: second.name, cpf: second.cpf!, consent: true, signatureKind: 'typed', signatureData: second.name }, CLIENT, OPTIONS)
    expect(signer2.outcome).toBe('signed')
    clock.advance(OPEN_VISIT_MINUTES * MINUTE)
    expect((await openSigningLink(env.db, clock, first.token, CLIENT, OPTIONS)).outcome).toBe('invalid_link')
    expect(await opensOf(env, first.id)).toMatchObject({ open_count: 2 })
  })

  it('counts two opens at the same moment once', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Caio Brandão', cpf: validCpf(), order: 1 }])
    const signer = doc.signers[0]!
    const clock = new ManualClock(new Date(Date.now() - 3_600_000))
    // The viewing first, so that what races below is the count alone.
    await openSigningLink(env.db, clock, signer.token, CLIENT, OPTIONS)
    clock.advance(OPEN_VISIT_MINUTES * MINUTE)
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => openSigningLink(env.db, clock, signer.token, CLIENT, OPTIONS)))
    expect(outcomes.map((opened) => opened.outcome)).toEqual(Array(6).fill('ok'))
    expect(await opensOf(env, signer.id)).toMatchObject({ open_count: 2, last_opened_at: clock.now().toISOString() })
  })

  it('starts again from none when the e-mail is corrected: the old link’s visits were not this signer’s', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Nívea Torres', cpf: validCpf(), order: 1 }])
    const signer = doc.signers[0]!
    const clock = new ManualClock(new Date(Date.now() - 2 * 3_600_000))
    expect((await openSigningLink(env.db, clock, signer.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    expect(await opensOf(env, signer.id)).toMatchObject({ open_count: 1 })

    const corrected = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${doc.id}/signers/${signer.id}`, headers: account.auth, payload: { email: `nivea.${doc.id}@cliente.test` } })
    expect(corrected.statusCode, corrected.body).toBe(200)
    expect(await opensOf(env, signer.id)).toEqual({ open_count: 0, last_opened_at: null, viewed_at: null })
    expect((await openSigningLink(env.db, clock, signer.token, CLIENT, OPTIONS)).outcome).toBe('invalid_link')

    // The new link's first open, minutes after the old one's: a visit of its own.
    clock.advance(5 * MINUTE)
    const { sign_token: newToken } = await env.db.selectFrom('proposal_signers').select('sign_token').where('id', '=', signer.id).executeTakeFirstOrThrow()
    expect((await openSigningLink(env.db, clock, newToken!, CLIENT, OPTIONS)).outcome).toBe('ok')
    expect(await opensOf(env, signer.id)).toEqual({ open_count: 1, last_opened_at: clock.now().toISOString(), viewed_at: clock.now().toISOString() })
  })

  it('the count itself checks the link and the visit: another token, or a visit begun under 30 minutes ago, counts nothing', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Rita Amaral', cpf: validCpf(), order: 1 }])
    const signer = doc.signers[0]!
    const clock = new ManualClock(new Date(Date.now() - 3_600_000))
    const link = { accountId: account.id, signerId: signer.id, token: signer.token }
    await countSignerOpen(env.db, clock, { ...link, token: `${signer.token.slice(0, -1)}x` })
    await countSignerOpen(env.db, clock, { ...link, accountId: account.id + 1_000_000 })
    expect(await opensOf(env, signer.id)).toMatchObject({ open_count: 0, last_opened_at: null })
    await countSignerOpen(env.db, clock, link)
    clock.advance((OPEN_VISIT_MINUTES - 1) * MINUTE)
    await countSignerOpen(env.db, clock, link)
    expect(await opensOf(env, signer.id)).toMatchObject({ open_count: 1 })
    expect(startsVisit(null, clock.now())).toBe(true)
    expect(startsVisit(new Date(clock.now().getTime() - OPEN_VISIT_MINUTES * MINUTE + 1).toISOString(), clock.now())).toBe(false)
    expect(startsVisit(new Date(clock.now().getTime() - OPEN_VISIT_MINUTES * MINUTE).toISOString(), clock.now())).toBe(true)
  })

  it('records nothing for a link preview’s fetch or a HEAD request: the page is served, nobody read it', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Sérgio Pimenta', cpf: validCpf(), order: 1 }])
    const signer = doc.signers[0]!
    for (const userAgent of ['WhatsApp/2.23.20.0 A', 'TelegramBot (like TwitterBot)', 'facebookexternalhit/1.1', 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)']) {
      expect((await openSigningLink(env.db, env.clock, signer.token, { ...CLIENT, userAgent }, OPTIONS)).outcome, userAgent).toBe('ok')
    }
    const head = await env.app.inject({ method: 'HEAD', url: `/sign/${signer.token}`, headers: { 'user-agent': CLIENT.userAgent } })
    expect(head.statusCode).toBe(200)
    expect(await opensOf(env, signer.id)).toEqual({ open_count: 0, last_opened_at: null, viewed_at: null })
    const { status } = await env.db.selectFrom('proposals').select('status').where('id', '=', doc.id).executeTakeFirstOrThrow()
    expect(status).toBe('sent')
    const history = await env.db.selectFrom('proposal_events').select('type').where('proposal_id', '=', doc.id).execute()
    expect(history.map((entry) => entry.type)).toEqual(['created', 'sent'])
    expect(await env.db.selectFrom('outbox_emails').select('kind').where('proposal_id', '=', doc.id).where('kind', '=', 'viewed').execute()).toEqual([])

    // A person's browser, even one opened from inside an app, is a person: the viewing and a visit.
    const person = await env.app.inject({ method: 'GET', url: `/sign/${signer.token}`, headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 Instagram 312.0' } })
    expect(person.statusCode).toBe(200)
    expect(await opensOf(env, signer.id)).toMatchObject({ open_count: 1 })
    expect(await env.db.selectFrom('outbox_emails').select('kind').where('proposal_id', '=', doc.id).where('kind', '=', 'viewed').execute()).toEqual([{ kind: 'viewed' }])
  })

  it('tells the seller of a signer back a day or more after their last visit, while they have not signed', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Jonas Leal', cpf: validCpf(), order: 1 }, { name: 'Vera Lobo', cpf: validCpf(), order: 1 }])
    const [jonas, vera] = doc.signers as [(typeof doc.signers)[number], (typeof doc.signers)[number]]
    const clock = new ManualClock(new Date(Date.now() - 5 * 86_400_000))
    const returns = async () => env.db.selectFrom('outbox_emails').select(['to_address', 'subject', 'text_body']).where('proposal_id', '=', doc.id).where('kind', '=', 'signer_returned').orderBy('id').execute()

    await openSigningLink(env.db, clock, jonas.token, CLIENT, OPTIONS)
    await openSigningLink(env.db, clock, vera.token, CLIENT, OPTIONS)
    // Back the same day, hours later: a visit, not a return.
    clock.advance(23 * 60 * MINUTE)
    await openSigningLink(env.db, clock, jonas.token, CLIENT, OPTIONS)
    expect(await opensOf(env, jonas.id)).toMatchObject({ open_count: 2 })
    expect(await returns()).toEqual([])

    // Two days after that visit: the seller hears of it, with the count and the days away.
    clock.advance(2 * 86_400_000 + 5 * MINUTE)
    await openSigningLink(env.db, clock, jonas.token, CLIENT, OPTIONS)
    const told = await returns()
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({ to_address: account.seller.email, subject: `Jonas Leal voltou ao documento nº ${doc.number} — ${account.account.name}` })
    expect(told[0]!.text_body).toContain(`Jonas Leal abriu de novo o documento nº ${doc.number}`)
    expect(told[0]!.text_body).toContain('2 dias depois da visita anterior. É a 3ª visita, e Jonas Leal ainda não assinou.')

    // Vera signs, then comes back days later while Jonas has not signed: nothing to chase her for.
    const signed = await signAsSigner(env.db, clock, vera.token, { name: vera.name, cpf: vera.cpf!, consent: true, signatureKind: 'typed', signatureData: vera.name }, CLIENT, OPTIONS)
    expect(signed).toMatchObject({ outcome: 'signed', documentSigned: false })
    clock.advance(86_400_000)
    expect((await openSigningLink(env.db, clock, vera.token, CLIENT, OPTIONS)).outcome).toBe('ok')
    expect(await opensOf(env, vera.id)).toMatchObject({ open_count: 2 })
    expect(await returns()).toHaveLength(1)
  })

  it('tells no return before the signer’s turn, nor twice for the open that is the document’s first, nor to a seller who turned the notices off', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Primeira Parte', cpf: validCpf(), order: 1 }, { name: 'Segunda Parte', cpf: validCpf(), order: 2 }])
    const [first, second] = doc.signers as [(typeof doc.signers)[number], (typeof doc.signers)[number]]
    const clock = new ManualClock(new Date(Date.now() - 9 * 86_400_000))
    const kinds = async () => (await env.db.selectFrom('outbox_emails').select('kind').where('proposal_id', '=', doc.id).where('kind', 'in', ['viewed', 'signer_returned']).orderBy('id').execute()).map((row) => row.kind)

    // The second signer reads it early, and again two days later: not their turn, nothing to chase.
    await openSigningLink(env.db, clock, second.token, CLIENT, OPTIONS)
    clock.advance(2 * 86_400_000)
    await openSigningLink(env.db, clock, second.token, CLIENT, OPTIONS)
    expect(await opensOf(env, second.id)).toMatchObject({ open_count: 2 })
    // The first signer's first open, a day after a visit before the document was theirs to read: one notice, the first open's.
    await env.db.updateTable('proposal_signers').set({ open_count: 1, last_opened_at: new Date(clock.now().getTime() - 86_400_000).toISOString() }).where('id', '=', first.id).execute()
    await openSigningLink(env.db, clock, first.token, CLIENT, OPTIONS)
    expect(await opensOf(env, first.id)).toMatchObject({ open_count: 2 })
    expect(await kinds()).toEqual(['viewed'])

    // Back two days later, it is a return; with the seller's activity notices off, nobody hears of it.
    expect(await saveNoticePreferences(env.db, env.clock, account.id, account.seller.id, { documentActivity: false, expiryWarning: true })).toBe(true)
    clock.advance(2 * 86_400_000)
    await openSigningLink(env.db, clock, first.token, CLIENT, OPTIONS)
    expect(await opensOf(env, first.id)).toMatchObject({ open_count: 3 })
    expect(await kinds()).toEqual(['viewed'])
    expect(await saveNoticePreferences(env.db, env.clock, account.id, account.seller.id, { documentActivity: true, expiryWarning: true })).toBe(true)
    clock.advance(86_400_000)
    await openSigningLink(env.db, clock, first.token, CLIENT, OPTIONS)
    expect(await kinds()).toEqual(['viewed', 'signer_returned'])
    const [returned] = await env.db.selectFrom('outbox_emails').select('text_body').where('proposal_id', '=', doc.id).where('kind', '=', 'signer_returned').execute()
    expect(returned!.text_body).toContain('1 dia depois da visita anterior. É a 4ª visita, e Primeira Parte ainda não assinou.')
  })
})
