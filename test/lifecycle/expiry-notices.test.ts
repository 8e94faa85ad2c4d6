// The seller hears before and when a document's validity runs out, on both databases, with a clock
// the test moves: one warning per open document when it enters its last EXPIRY_WARNING_DAYS days,
// in the daytime of the account's zone, never for a document sent already inside that window nor
// for drafts and closed documents, not to a user who turned the warnings off (nor to an admin in
// their place); and, always, the notice that it expired, with the link that sends it again.
import { expect, it } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import { saveNoticePreferences } from '../../src/modules/accounts/notice-preferences.js'
import { expireProposals } from '../../src/modules/lifecycle/expire-proposals.js'
import { EXPIRY_WARNING_DAYS, sendExpiryWarnings } from '../../src/modules/lifecycle/expiry-notices.js'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { makeDraft, postOk } from './lifecycle-fixtures.js'

const clock = new ManualClock('2026-11-29T13:00:00.000Z')
const PUBLIC_URL = 'http://vendoc.test'
const CLIENT = { ip: '203.0.113.70', userAgent: 'Mozilla/5.0 (expiry notices)' }

function warn(env: TestApp) {
  return sendExpiryWarnings(env.db, env.clock, PUBLIC_URL)
}

/** The seller-side notices of a document about its validity, oldest first. */
function notices(env: TestApp, proposalId: number) {
  return env.db
    .selectFrom('outbox_emails')
    .select(['kind', 'to_address', 'subject', 'text_body', 'html_body'])
    .where('proposal_id', '=', proposalId)
    .where('kind', 'in', ['expiry_warning', 'expired'])
    .orderBy('id')
    .execute()
}

async function sentDocument(env: TestApp, account: TestAccount, kind: 'digital' | 'paper', validUntil: string | null, title = 'Proposta comercial'): Promise<ProposalDetail> {
  const draft = await makeDraft(env, account, kind, { ...(validUntil === null ? {} : { valid_until: validUntil }), title })
  return postOk(env, account, `${draft.id}/send`)
}

describeEachDialect(
  'expiry notices',
  (env) => {
    it(`warns the seller once, ${EXPIRY_WARNING_DAYS} days before, in the daytime; then tells of the expiry with the way to send again`, async () => {
      clock.set('2026-11-29T13:00:00.000Z')
      const account = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      const digital = await sentDocument(env, account, 'digital', '2026-12-10', 'Proposta <b>Anual</b>')
      const paper = await sentDocument(env, account, 'paper', '2026-12-10')
      // Sent with two days left: its seller has just chosen the date.
      const short = await sentDocument(env, account, 'digital', '2026-12-01')
      const draft = await makeDraft(env, account, 'paper', { valid_until: '2026-12-10' })
      const cancelled = await postOk(env, account, `${(await makeDraft(env, account, 'paper', { valid_until: '2026-12-10' })).id}/cancel`, { reason: 'Cliente desistiu' })
      const noValidity = await sentDocument(env, account, 'paper', null)
      expect(await warn(env)).toBe(0)

      // Dec 6, 10:00 in São Paulo: four days left.
      clock.set('2026-12-06T13:00:00.000Z')
      expect(await warn(env)).toBe(0)
      // Dec 7, 03:00 there: three days left, but night.
      clock.set('2026-12-07T06:00:00.000Z')
      expect(await warn(env)).toBe(0)
      // Dec 7, 09:00: the warnings go out, once.
      clock.set('2026-12-07T12:00:00.000Z')
      expect(await warn(env)).toBe(2)
      expect(await warn(env)).toBe(0)
      clock.set('2026-12-08T12:00:00.000Z')
      expect(await warn(env)).toBe(0)

      const [digitalWarning, ...moreDigital] = await notices(env, digital.id)
      expect(moreDigital).toEqual([])
      expect(digitalWarning).toMatchObject({ kind: 'expiry_warning', to_address: account.seller.email, subject: `Documento nº ${digital.number} vence em 3 dias — ${account.account.name}` })
      expect(digitalWarning!.text_body).toContain(`O documento nº ${digital.number} — Proposta <b>Anual</b>, para ${digital.customer.name}, vale até 10/12/2026 e ainda faltam 3 assinaturas.`)
      expect(digitalWarning!.text_body).toContain('os links de assinatura deixam de funcionar')
      expect(digitalWarning!.text_body).toContain('envie um lembrete aos signatários')
      expect(digitalWarning!.text_body).toContain(`${PUBLIC_URL}/proposals/${digital.id}/edit`)
      expect(digitalWarning!.text_body).toContain('Para deixar de receber estes avisos, ajuste em Minha conta:\nhttp://vendoc.test/account/password#avisos')
      expect(digitalWarning!.html_body).toContain('Proposta &lt;b&gt;Anual&lt;/b&gt;')
      expect(digitalWarning!.html_body).not.toContain('<b>Anual')
      const [paperWarning] = await notices(env, paper.id)
      expect(paperWarning!.text_body).toContain('vale até 10/12/2026 e ainda não foi marcado como assinado.')
      expect(paperWarning!.text_body).toContain('marque-o como assinado na página do documento')
      for (const quiet of [short, draft, cancelled, noValidity]) expect(await notices(env, quiet.id), `document ${quiet.id}`).toEqual([])
      const warnedAt = await env.db.selectFrom('proposals').select(['id', 'expiry_warned_at']).where('id', 'in', [digital.id, short.id]).orderBy('id').execute()
      expect(warnedAt.map((row) => row.expiry_warned_at === null ? null : new Date(row.expiry_warned_at).toISOString())).toEqual(['2026-12-07T12:00:00.000Z', null])

      // Dec 11, 00:30 in São Paulo: all three open documents expire, and each seller hears of it.
      clock.set('2026-12-11T03:30:00.000Z')
      expect(await expireProposals(env.db, env.clock, PUBLIC_URL)).toBe(3)
      const expired = (await notices(env, digital.id))[1]!
      expect(expired).toMatchObject({ kind: 'expired', to_address: account.seller.email, subject: `Documento nº ${digital.number} venceu — ${account.account.name}` })
      expect(expired.text_body).toContain('valia até 10/12/2026 e venceu antes de ser assinado por todas as partes. Os links de assinatura não funcionam mais.')
      expect(expired.text_body).toContain('A validade de um documento enviado não pode ser prorrogada')
      expect(expired.text_body).toContain(`duplique-o com uma nova validade e envie a cópia:\n${PUBLIC_URL}/proposals/new?from=${digital.id}`)
      expect(expired.html_body).toMatch(new RegExp(`<p>Para dar mais prazo ao cliente, duplique-o com uma nova validade e envie a cópia:</p>\\n<p><a href="${PUBLIC_URL}/proposals/new\\?from=${digital.id}"`))
      expect(expired.text_body).not.toContain('Minha conta')
      expect((await notices(env, paper.id)).map((email) => email.kind)).toEqual(['expiry_warning', 'expired'])
      expect((await notices(env, paper.id))[1]!.text_body).toContain('e venceu sem ter sido marcado como assinado.')
      expect((await notices(env, short.id)).map((email) => email.kind)).toEqual(['expired'])
    })

    it('warns only of documents still waiting for signatures: not of one signed on paper or cancelled before its window', async () => {
      clock.set('2026-11-29T13:00:00.000Z')
      const account = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      const signed = await sentDocument(env, account, 'paper', '2026-12-10')
      const cancelled = await sentDocument(env, account, 'digital', '2026-12-10')
      const open = await sentDocument(env, account, 'paper', '2026-12-10')
      clock.set('2026-12-01T13:00:00.000Z')
      await postOk(env, account, `${signed.id}/mark-signed`, {})
      await postOk(env, account, `${cancelled.id}/cancel`, { reason: 'Cliente desistiu' })
      clock.set('2026-12-07T12:00:00.000Z')
      expect(await warn(env)).toBe(1)
      expect(await notices(env, signed.id)).toEqual([])
      expect(await notices(env, cancelled.id)).toEqual([])
      expect((await notices(env, open.id)).map((email) => email.kind)).toEqual(['expiry_warning'])
    })

    it('warns of a document sent the day before its window, not of one sent on the window’s first day', async () => {
      const account = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      // The window of a validity ending on 10 December opens on the 7th, São Paulo time.
      clock.set('2026-12-07T02:30:00.000Z') // 6 December, 23:30 there
      const dayBefore = await sentDocument(env, account, 'paper', '2026-12-10')
      clock.set('2026-12-07T03:30:00.000Z') // 7 December, 00:30 there
      const firstDay = await sentDocument(env, account, 'paper', '2026-12-10')
      clock.set('2026-12-07T12:00:00.000Z')
      expect(await warn(env)).toBe(1)
      expect((await notices(env, dayBefore.id)).map((email) => email.kind)).toEqual(['expiry_warning'])
      expect(await notices(env, firstDay.id)).toEqual([])
    })

    it('counts the signatures still missing, and follows each zone’s own today, ahead of UTC and behind it', async () => {
      clock.set('2026-11-29T13:00:00.000Z')
      const tokyo = await makeAccount(env, { timeZone: 'Asia/Tokyo' })
      const honolulu = await makeAccount(env, { timeZone: 'Pacific/Honolulu' })
      const early = await sentDocument(env, tokyo, 'digital', '2026-12-10')
      const late = await sentDocument(env, honolulu, 'paper', '2026-12-10')
      const [first] = await env.db.selectFrom('proposal_signers').select(['name', 'cpf', 'sign_token']).where('proposal_id', '=', early.id).orderBy('id').execute()
      const signed = await signAsSigner(env.db, env.clock, first!.sign_token!, { name: first!.name, cpf: first!.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: first!.name }, CLIENT, { baseUrl: PUBLIC_URL })
      expect(signed.outcome).toBe('signed')

      // 6 December, 23:30 UTC is 7 December, 08:30 in Tokyo: three days left there, in the daytime
      // (in UTC the 10th is still four days away).
      clock.set('2026-12-06T23:30:00.000Z')
      expect(await warn(env)).toBe(1)
      const [warning] = await notices(env, early.id)
      expect(warning!.subject).toBe(`Documento nº ${early.number} vence em 3 dias — ${tokyo.account.name}`)
      expect(warning!.text_body).toContain('vale até 10/12/2026 e ainda faltam 2 assinaturas.')

      // 11 December, 00:30 UTC is 10 December, 14:30 in Honolulu: its last day there (in UTC it has
      // passed). The first run to see it, so its warning comes late, saying so.
      clock.set('2026-12-11T00:30:00.000Z')
      expect(await warn(env)).toBe(1)
      const [lastDay] = await notices(env, late.id)
      expect(lastDay!.subject).toBe(`Documento nº ${late.number} vence hoje — ${honolulu.account.name}`)
    })

    it('spares a user who turned the warnings off (no admin is told instead), but always tells of the expiry; without an active seller, the admins hear', async () => {
      clock.set('2026-11-29T13:00:00.000Z')
      const account = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      const admin = await createUser(env.db, env.clock, { accountId: account.id, name: 'Ana Admin', email: `ana.${account.id}@vendoc.test`, role: 'admin', password: 'uma-senha-longa-1' })
      const quietAdmin = await createUser(env.db, env.clock, { accountId: account.id, name: 'Beto Admin', email: `beto.${account.id}@vendoc.test`, role: 'admin', password: 'uma-senha-longa-1' })
      expect(await saveNoticePreferences(env.db, env.clock, account.id, quietAdmin.id, { documentActivity: true, expiryWarning: false })).toBe(true)
      expect(await saveNoticePreferences(env.db, env.clock, account.id, account.seller.id, { documentActivity: true, expiryWarning: false })).toBe(true)
      const sellers = await sentDocument(env, account, 'paper', '2026-12-10')
      const orphan = await sentDocument(env, account, 'paper', '2026-12-10')
      // The seller of the second one left the company after sending it.
      await env.db.updateTable('proposals').set({ seller_id: account.otherSeller.id }).where('id', '=', orphan.id).execute()
      await env.db.updateTable('users').set({ active: false }).where('id', '=', account.otherSeller.id).execute()

      clock.set('2026-12-07T12:00:00.000Z')
      // Both are marked as warned: the seller chose not to hear, which is no reason to ask again.
      expect(await warn(env)).toBe(2)
      expect(await notices(env, sellers.id)).toEqual([])
      expect((await notices(env, orphan.id)).map((email) => [email.kind, email.to_address])).toEqual([['expiry_warning', admin.email]])

      clock.set('2026-12-11T03:30:00.000Z')
      await expireProposals(env.db, env.clock, PUBLIC_URL)
      expect((await notices(env, sellers.id)).map((email) => [email.kind, email.to_address])).toEqual([['expired', account.seller.email]])
      expect((await notices(env, orphan.id)).map((email) => [email.kind, email.to_address])).toEqual([
        ['expiry_warning', admin.email],
        ['expired', admin.email],
        ['expired', quietAdmin.email],
      ])
    })
  },
  { clock },
)
