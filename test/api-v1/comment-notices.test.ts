// Who hears of an internal comment by e-mail, on both databases: the colleagues its author names in
// `notify` (always, once each, recorded in `data.notified` and the webhook event), and the
// document's seller of every comment by someone else unless they turned activity notices off;
// without an active seller, the account's admins but the author. Nobody hears of their own comment
// or twice. An address that is not an active colleague's (another account's user, an inactive
// one, a stranger, a repeat, the author) is 422 on `/notify/{i}` and changes nothing. The message
// quotes the comment escaped, links to the document's comments, and offers the opt-out only to
// those who follow the document. The customer's LGPD export names the colleagues told, without
// their addresses.
import { expect, it } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import { saveNoticePreferences } from '../../src/modules/accounts/notice-preferences.js'
import { COMMENT_NOTIFY_MAX } from '../../src/modules/proposals/comment-notices.js'
import { addProposalComment } from '../../src/modules/proposals/proposal-comments.js'
import { writePersonalDataExport } from '../../src/modules/privacy/export-personal-data.js'
import { makeDraft } from '../lifecycle/lifecycle-fixtures.js'
import { accountSnapshot } from '../support/account-snapshot.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'

type Detail = { events: Array<{ type: string; data: Record<string, unknown> }> }

function comment(env: TestApp, account: TestAccount, id: number, payload: object) {
  return env.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/comments`, headers: account.auth, payload })
}

/** The comment notices about a document, in the order queued. */
function notices(env: TestApp, proposalId: number) {
  return env.db.selectFrom('outbox_emails').select(['to_address', 'subject', 'text_body', 'html_body'])
    .where('proposal_id', '=', proposalId).where('kind', '=', 'comment').orderBy('id').execute()
}

async function colleague(env: TestApp, account: TestAccount, name: string, role: 'admin' | 'member' = 'member') {
  const email = `${name.toLowerCase()}.${account.id}.${Math.random().toString(36).slice(2, 8)}@vendoc.test`
  const user = await createUser(env.db, env.clock, { accountId: account.id, name, email, role })
  return { id: user.id, name, email }
}

/** A user's own context for the module, as the web app builds it. */
function userContext(env: TestApp, account: TestAccount, user: { id: number; name: string }) {
  return { accountId: account.id, timeZone: account.account.time_zone, clock: env.clock, publicUrl: 'http://vendoc.test', actor: { type: 'user' as const, id: user.id, name: user.name } }
}

describeEachDialect('comment notices', (env) => {
  it('tells the colleagues named and the seller, once each: the history and the webhook record whom it asked', async () => {
    const account = await makeAccount(env)
    const ana = await colleague(env, account, 'Ana', 'admin')
    const draft = await makeDraft(env, account, 'digital')
    const text = 'Cliente pediu <b>60 dias</b>.\n\nVer com o financeiro.'
    // Typed in capitals: addresses compare ignoring case.
    const answer = await comment(env, account, draft.id, { text, notify: [ana.email.toUpperCase()] })
    expect(answer.statusCode, answer.body).toBe(200)
    const recorded = [{ user_id: ana.id, name: 'Ana', email: ana.email }]
    expect(answer.json<Detail>().events.at(-1)!.data).toEqual({ text, notified: recorded })
    const event = await env.db.selectFrom('domain_events').select('payload_json').where('account_id', '=', account.id).where('type', '=', 'proposal.commented').executeTakeFirstOrThrow()
    expect((JSON.parse(event.payload_json) as { data: { comment: { notified: unknown } } }).data.comment.notified).toEqual(recorded)

    const sent = await notices(env, draft.id)
    expect(sent.map((email) => email.to_address)).toEqual([ana.email, account.seller.email])
    const [asked, follows] = sent as [typeof sent[0], typeof sent[0]]
    const subject = `A integração “${account.token.name}” comentou no documento nº ${draft.number} — ${account.account.name}`
    expect(asked.subject).toBe(subject)
    expect(follows.subject).toBe(subject)
    expect(asked.text_body).toContain(`marcou você em um comentário interno do documento nº ${draft.number}`)
    // The comment quoted line by line, a blank line kept.
    expect(asked.text_body).toContain('> Cliente pediu <b>60 dias</b>.\n>\n> Ver com o financeiro.')
    expect(asked.text_body).toContain(`http://vendoc.test/proposals/${draft.id}/edit#comentarios`)
    expect(asked.html_body).toContain('Cliente pediu &lt;b&gt;60 dias&lt;/b&gt;.<br><br>Ver com o financeiro.')
    expect(asked.html_body).not.toContain('<b>60')
    // Named by the author: no preference turns it off, so no opt-out link.
    expect(asked.text_body).not.toContain('/account/password#avisos')
    expect(follows.text_body).toContain(`comentou no documento nº ${draft.number}`)
    expect(follows.text_body).toContain('porque é o vendedor do documento')
    expect(follows.text_body).toContain('/account/password#avisos')
  })

  it('sends the seller one message when named too, and nothing when they turned activity notices off, unless named', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    expect((await comment(env, account, draft.id, { text: 'Primeiro', notify: [account.seller.email] })).statusCode).toBe(200)
    let sent = await notices(env, draft.id)
    expect(sent.map((email) => email.to_address)).toEqual([account.seller.email])
    expect(sent[0]!.text_body).toContain('marcou você')

    expect(await saveNoticePreferences(env.db, env.clock, account.id, account.seller.id, { documentActivity: false, expiryWarning: true })).toBe(true)
    expect((await comment(env, account, draft.id, { text: 'Segundo' })).statusCode).toBe(200)
    expect(await notices(env, draft.id)).toHaveLength(1)
    expect((await comment(env, account, draft.id, { text: 'Terceiro', notify: [account.seller.email] })).statusCode).toBe(200)
    sent = await notices(env, draft.id)
    expect(sent).toHaveLength(2)
    expect(sent[1]!.text_body).toContain('> Terceiro')
  })

  it('tells nobody of their own comment: the seller commenting hears nothing; without an active seller the admins hear, but the author', async () => {
    const account = await makeAccount(env)
    const ana = await colleague(env, account, 'Ana', 'admin')
    const rui = await colleague(env, account, 'Rui', 'admin')
    const draft = await makeDraft(env, account, 'paper')
    await addProposalComment(env.db, userContext(env, account, account.seller), draft.id, { text: 'Eu mesma liguei para o cliente.' })
    expect(await notices(env, draft.id)).toEqual([])

    await env.db.updateTable('users').set({ active: false }).where('id', '=', account.seller.id).execute()
    await addProposalComment(env.db, userContext(env, account, ana), draft.id, { text: 'Assumo este cliente.' })
    expect((await notices(env, draft.id)).map((email) => email.to_address)).toEqual([rui.email])
    // A colleague posting as themselves names another: the follower (Rui) is not told twice.
    const { notified } = await addProposalComment(env.db, userContext(env, account, ana), draft.id, { text: 'Rui, veja isto.', notify: { emails: [rui.email] } })
    expect(notified).toEqual([{ user_id: rui.id, name: 'Rui', email: rui.email }])
    const sent = await notices(env, draft.id)
    expect(sent.map((email) => email.to_address)).toEqual([rui.email, rui.email])
    expect(sent[1]!.text_body).toContain('Ana marcou você')
  })

  it('tells, without an active seller, only the admins who want activity notices; a named admin hears anyway', async () => {
    const account = await makeAccount(env)
    const ana = await colleague(env, account, 'Ana', 'admin')
    const rui = await colleague(env, account, 'Rui', 'admin')
    expect(await saveNoticePreferences(env.db, env.clock, account.id, rui.id, { documentActivity: false, expiryWarning: true })).toBe(true)
    const draft = await makeDraft(env, account, 'paper')
    await env.db.updateTable('users').set({ active: false }).where('id', '=', account.seller.id).execute()
    expect((await comment(env, account, draft.id, { text: 'Quem assume?' })).statusCode).toBe(200)
    expect((await notices(env, draft.id)).map((email) => email.to_address)).toEqual([ana.email])
    expect((await comment(env, account, draft.id, { text: 'Rui, assume?', notify: [rui.email] })).statusCode).toBe(200)
    expect((await notices(env, draft.id)).map((email) => email.to_address)).toEqual([ana.email, rui.email, ana.email])
  })

  it('names the colleagues told, without their addresses, in the customer’s LGPD export', async () => {
    const account = await makeAccount(env)
    const ana = await colleague(env, account, 'Ana')
    const draft = await makeDraft(env, account, 'paper')
    expect((await comment(env, account, draft.id, { text: 'Ana, veja o prazo.', notify: [ana.email] })).statusCode).toBe(200)
    let exported = ''
    await writePersonalDataExport(env.db, env.clock, account.id, String(draft.customer.id), (chunk) => { exported += chunk })
    const history = (JSON.parse(exported) as { documents: Array<{ history: Array<{ type: string; data: unknown }> }> }).documents[0]!.history
    expect(history.find((entry) => entry.type === 'comment_added')!.data).toEqual({ text: 'Ana, veja o prazo.', notified: [{ name: 'Ana' }] })
    expect(exported).not.toContain(ana.email)
  })

  it('refuses an address that is not an active colleague’s on /notify/{i}, and changes nothing', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const ana = await colleague(env, account, 'Ana')
    const gone = await colleague(env, account, 'Gil')
    await env.db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute()
    const draft = await makeDraft(env, account, 'paper')
    await env.app.requestLog.flush()
    const before = await accountSnapshot(env.db, account.id)

    const cases: Array<[string[], string[]]> = [
      [['ninguem@vendoc.test'], ['/notify/0']],
      // Another account's user reads as a stranger.
      [[ana.email, other.seller.email], ['/notify/1']],
      [[gone.email], ['/notify/0']],
      [[ana.email, ana.email.toUpperCase()], ['/notify/1']],
      // Spaces around an address are not an address (the API's format).
      [[` ${ana.email}`], ['/notify/0']],
      [['não é e-mail'], ['/notify/0']],
      [Array.from({ length: COMMENT_NOTIFY_MAX + 1 }, () => ana.email), ['/notify']],
    ]
    for (const [notify, paths] of cases) {
      const problem = expectProblem(await comment(env, account, draft.id, { text: 'Não deve ficar', notify }), 422, 'validation_failed')
      expect(errorPaths(problem), notify.join(',')).toEqual(paths)
    }
    // The author cannot name themselves (the web form never offers it).
    await expect(addProposalComment(env.db, userContext(env, account, ana), draft.id, { text: 'Eu', notify: { emails: [ana.email] } })).rejects.toMatchObject({ code: 'validation_failed', extras: { errors: [{ path: '/notify/0', message: "must not be the comment's author" }] } })

    await env.app.requestLog.flush()
    const { request_logs: _a, api_tokens: _b, api_usage_counters: _c, ...after } = await accountSnapshot(env.db, account.id)
    const { request_logs: _d, api_tokens: _e, api_usage_counters: _f, ...kept } = before
    expect(after).toEqual(kept)
  })
})
