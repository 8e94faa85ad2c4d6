// Minha conta → Avisos por e-mail, on both databases: a user turns off the e-mails about their
// documents' activity (the first open, each signature short of the last) and gets none; a refusal
// still reaches them; with the seller gone, only the admins who kept the notices are told; the
// notices link to the setting; a value the form does not offer changes nothing, nor does saving
// the same choice; a user's choice is their own (the session's user, whatever the form says).
import { expect, it } from 'vitest'
import { openSigningLink, rejectAsSigner, signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { sentDigitalDocument, type SentSigner } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'
import { snapshotDatabase } from '../support/snapshot.js'
import { csrfTokenIn, WebAgent } from '../support/web-agent.js'
import { signedInUser, type SignedInUser } from '../support/web-login.js'

const CLIENT = { ip: '203.0.113.40', userAgent: 'Mozilla/5.0 (notice preferences)' }
const OPTIONS = { baseUrl: 'http://vendoc.test/' }
const PAGE = '/account/password'

function activityNotices(env: TestApp, proposalId: number) {
  return env.db.selectFrom('outbox_emails').select(['kind', 'to_address', 'text_body', 'html_body']).where('proposal_id', '=', proposalId).where('kind', 'in', ['viewed', 'signer_signed', 'rejected']).orderBy('id').execute()
}

function sign(env: TestApp, signer: SentSigner) {
  return signAsSigner(env.db, env.clock, signer.token, { name: signer.name, cpf: signer.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: signer.name }, CLIENT, OPTIONS)
}

async function preferences(env: TestApp, userId: number) {
  const row = await env.db.selectFrom('users').select(['notify_document_activity', 'notify_expiry_warning']).where('id', '=', userId).executeTakeFirstOrThrow()
  return { activity: Boolean(row.notify_document_activity), expiry: Boolean(row.notify_expiry_warning) }
}

async function preference(env: TestApp, userId: number): Promise<boolean> {
  const row = await env.db.selectFrom('users').select('notify_document_activity').where('id', '=', userId).executeTakeFirstOrThrow()
  return Boolean(row.notify_document_activity)
}

/** Submits the notices form from Minha conta, ticked or not. */
function saveNotices(user: SignedInUser, fields: Record<string, string>) {
  return user.agent.submit(PAGE, '/account/notifications', fields)
}

/** The signed-in user becomes a seller, so documents can be theirs. */
async function asSeller(env: TestApp, user: SignedInUser) {
  await env.db.updateTable('users').set({ is_seller: true }).where('id', '=', user.user.id).execute()
  return { ...user.account, seller: { id: user.user.id, name: user.user.name, email: user.user.email } }
}

describeEachDialect('e-mail notices, per user', (env) => {
  it('shows the choice on Minha conta, on by default, and saves it off and on again for the user alone', async () => {
    const user = await signedInUser(env)
    const colleague = await signedInUser(env, { account: user.account })
    const page = await user.agent.get(PAGE)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1>Minha conta</h1>')
    expect(page.body).toContain('<h2 id="avisos">Avisos por e-mail</h2>')
    expect(page.body).toMatch(/<input type="checkbox" id="field-document_activity" name="document_activity" value="1" checked/)

    const off = await saveNotices(user, {})
    expect(off.statusCode).toBe(303)
    expect(off.headers.location).toBe('/account/password')
    expect(await preference(env, user.user.id)).toBe(false)
    expect(await preference(env, colleague.user.id)).toBe(true)
    const after = await user.agent.get(PAGE)
    expect(after.body).toContain('Preferências de aviso salvas.')
    expect(after.body).toMatch(/name="document_activity" value="1"\s*(aria-describedby="[^"]*")?\s*\/>/)

    // A form naming another user changes only the session's own.
    await saveNotices(colleague, { document_activity: '1', user_id: String(user.user.id) })
    expect(await preference(env, user.user.id)).toBe(false)
    await saveNotices(user, { document_activity: '1' })
    expect(await preference(env, user.user.id)).toBe(true)
  })

  it('keeps the expiry warnings a choice of their own, on by default', async () => {
    const user = await signedInUser(env)
    const page = await user.agent.get(PAGE)
    expect(page.body).toMatch(/<input type="checkbox" id="field-expiry_warning" name="expiry_warning" value="1" checked/)
    expect(page.body).toContain('Avisar quando um documento meu estiver perto de vencer sem todas as assinaturas')
    expect(await preferences(env, user.user.id)).toEqual({ activity: true, expiry: true })
    await saveNotices(user, { document_activity: '1' })
    expect(await preferences(env, user.user.id)).toEqual({ activity: true, expiry: false })
    expect((await user.agent.get(PAGE)).body).toMatch(/name="expiry_warning" value="1"\s*(aria-describedby="[^"]*")?\s*\/>/)
    await saveNotices(user, { expiry_warning: '1' })
    expect(await preferences(env, user.user.id)).toEqual({ activity: false, expiry: true })
    // A value the form does not offer, beside a valid one, changes neither.
    await saveNotices(user, { document_activity: '1', expiry_warning: 'sim' })
    expect((await user.agent.get(PAGE)).body).toContain('Escolha inválida: nada foi alterado.')
    expect(await preferences(env, user.user.id)).toEqual({ activity: false, expiry: true })
  })

  it('refuses a value the form does not offer, changing nothing; saving the same choice writes nothing', async () => {
    const user = await signedInUser(env)
    await saveNotices(user, {})
    const userRow = () => env.db.selectFrom('users').selectAll().where('id', '=', user.user.id).executeTakeFirstOrThrow()
    const accountRow = () => env.db.selectFrom('accounts').selectAll().where('id', '=', user.account.id).executeTakeFirstOrThrow()
    const before = { user: await userRow(), account: await accountRow(), documents: await snapshotDatabase(env.db) }
    for (const value of ['yes', 'true', '0', '11']) {
      const refused = await saveNotices(user, { document_activity: value })
      expect(refused.statusCode).toBe(303)
      expect((await user.agent.get(PAGE)).body, value).toContain('Escolha inválida: nada foi alterado.')
    }
    // Unticked again: the same choice, so not even updated_at moves (nor the account's catalogue version).
    await saveNotices(user, {})
    expect({ user: await userRow(), account: await accountRow(), documents: await snapshotDatabase(env.db) }).toEqual(before)
    expect(await preference(env, user.user.id)).toBe(false)
  })

  it('needs a session: a session without its CSRF token is refused, a visitor is sent to the login', async () => {
    const user = await signedInUser(env)
    await saveNotices(user, {})
    const forged = await user.agent.post('/account/notifications', { document_activity: '1' })
    expect(forged.statusCode).toBe(403)
    // A visitor with a CSRF cookie and token of the login page, but no session.
    const visitor = new WebAgent(env.app)
    const login = await visitor.get('/login')
    const anonymous = await visitor.post('/account/notifications', { _csrf: csrfTokenIn(login.body), document_activity: '1' })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toMatch(/^\/login/)
    expect(await preference(env, user.user.id)).toBe(false)
  })

  it("sends a seller who turned them off no activity notice, nor an admin in their place, but still the refusal; the notices link to the setting", async () => {
    const user = await signedInUser(env)
    const account = await asSeller(env, user)
    // An admin who keeps the notices: told only when there is no active seller, so never here.
    const admin = await signedInUser(env, { account: user.account })
    const signers = [{ name: 'Helena Duarte', cpf: validCpf(), order: 1 }, { name: 'Rui Pacheco', cpf: validCpf(), order: 1 }]

    // On: the first open is told, with the link to turn it off.
    const first = await sentDigitalDocument(env, account, signers)
    await openSigningLink(env.db, env.clock, first.signers[0]!.token, CLIENT, OPTIONS)
    const told = await activityNotices(env, first.id)
    expect(told.map((email) => [email.kind, email.to_address])).toEqual([['viewed', user.user.email]])
    expect(told[0]!.text_body).toContain('Para deixar de receber estes avisos, ajuste em Minha conta:\nhttp://vendoc.test/account/password#avisos')
    expect(told[0]!.html_body).toContain('<a href="http://vendoc.test/account/password#avisos">')

    // Off: neither the open nor a signature is told; the refusal is.
    await saveNotices(user, {})
    const second = await sentDigitalDocument(env, account, signers)
    const [helena, rui] = second.signers as [SentSigner, SentSigner]
    await openSigningLink(env.db, env.clock, helena.token, CLIENT, OPTIONS)
    expect((await sign(env, helena)).outcome).toBe('signed')
    expect(await activityNotices(env, second.id)).toEqual([])
    expect(await preference(env, admin.user.id)).toBe(true)
    expect((await rejectAsSigner(env.db, env.clock, rui.token, 'Valor acima do combinado.', CLIENT)).outcome).toBe('rejected')
    expect((await activityNotices(env, second.id)).map((email) => [email.kind, email.to_address])).toEqual([['rejected', user.user.email]])
  })

  it('tells, in an inactive seller’s place, only the admins who kept the notices', async () => {
    const seller = await signedInUser(env)
    const account = await asSeller(env, seller)
    const quiet = await signedInUser(env, { account: seller.account })
    const keen = await signedInUser(env, { account: seller.account })
    await saveNotices(quiet, {})
    const doc = await sentDigitalDocument(env, account, [{ name: 'Otávio Lins', cpf: validCpf(), order: 1 }, { name: 'Lia Prado', cpf: validCpf(), order: 1 }])
    await env.db.updateTable('users').set({ active: false }).where('id', '=', seller.user.id).execute()
    expect((await sign(env, doc.signers[0]!)).outcome).toBe('signed')
    expect((await activityNotices(env, doc.id)).map((email) => [email.kind, email.to_address])).toEqual([['signer_signed', keen.user.email]])
  })
})
