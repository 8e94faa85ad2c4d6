// Internal comments in the web app, on both databases: the "Comentários internos" card of
// /proposals/:id/edit lists a document's comments with author and time, line breaks kept and
// markup escaped, and its form (CSRF-checked) adds one in any status, the browser sent back with a
// flash; a bad text is an error flash that records nothing; another account's document is the 404
// page. Its "Avisar colegas" choices offer the account's other active users, and the ones ticked
// are e-mailed, named in the flash and on the card; a forged address records nothing. The form as the page renders it is what is posted (postFormsIn), so a renamed field or a
// moved action fails here.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { createUser } from '../../src/modules/accounts/users.js'
import { COMMENT_NOTIFY_MAX } from '../../src/modules/proposals/comment-notices.js'
import { addProposalComment, COMMENT_MAX_CHARACTERS, COMMENTS_PER_DOCUMENT } from '../../src/modules/proposals/proposal-comments.js'
import { makeDraft, postOk, snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'
import { postFormsIn } from '../security/support/web-forms.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { signedInUser } from '../support/web-login.js'

const c = t.proposalActions.comments

/** The "Comentários internos" card of a document's page. */
function commentsCard(html: string): string {
  const start = html.indexOf('aria-labelledby="comments-heading"')
  expect(start, 'the page has no comments card').toBeGreaterThan(-1)
  return html.slice(start, html.indexOf('</section>', start))
}

/** The message the page shows once after a redirect. */
function flashOf(html: string): string {
  const match = /<p class="alert (\w+) flash"[^>]*>([\s\S]*?)<\/p>/.exec(html)
  return match ? `${match[1]}: ${match[2]}` : ''
}

describeEachDialect('internal comment pages', (env) => {
  async function memberWithDraft(kind: 'paper' | 'digital' = 'digital') {
    const user = await signedInUser(env, { role: 'member' })
    const draft = await makeDraft(env, user.account, kind)
    return { ...user, draft, url: `/proposals/${draft.id}/edit`, action: `/proposals/${draft.id}/comments` }
  }

  /** The comment form's fields as the page renders them, with `text` typed in. */
  async function commentForm(agent: Awaited<ReturnType<typeof memberWithDraft>>['agent'], url: string, action: string, text: string) {
    const forms = postFormsIn(url, (await agent.get(url)).body, { asBrowser: true }).filter((form) => form.action === action)
    expect(forms, 'the page has one comment form').toHaveLength(1)
    const fields = forms[0]!.fields
    expect(fields.has('_csrf')).toBe(true)
    fields.set('text', text)
    return Object.fromEntries(fields)
  }

  const commentRows = (proposalId: number) =>
    env.db.selectFrom('proposal_events').select(['actor_type', 'actor_id', 'actor_name', 'data_json']).where('proposal_id', '=', proposalId).where('type', '=', 'comment_added').orderBy('id').execute()

  it('a member comments on a draft: 303 back to the page, the flash, the card with author, time and line breaks, the history', async () => {
    const { agent, user, draft, url, action } = await memberWithDraft()
    const empty = commentsCard((await agent.get(url)).body)
    expect(empty).toContain(c.none)
    expect(empty).toContain(`action="${action}"`)
    expect(empty).toContain(`maxlength="${COMMENT_MAX_CHARACTERS}"`)
    // A draft's page reloads: the unsaved form is lost, and the hint says so.
    expect(empty).toContain(c.draftHint)

    const response = await agent.post(action, await commentForm(agent, url, action, 'Cliente pediu 60 dias.\r\nLigar na segunda.'))
    expect(response.statusCode, response.body).toBe(303)
    expect(response.headers.location).toBe(url)
    const rows = await commentRows(draft.id)
    expect(rows).toEqual([{ actor_type: 'user', actor_id: user.id, actor_name: user.name, data_json: JSON.stringify({ text: 'Cliente pediu 60 dias.\nLigar na segunda.' }) }])

    const page = (await agent.get(url)).body
    expect(flashOf(page)).toBe(`success: ${c.added}`)
    const card = commentsCard(page)
    expect(card).not.toContain(c.none)
    expect(card).toContain('<p class="comment-text">Cliente pediu 60 dias.\nLigar na segunda.</p>')
    expect(card).toContain(`${user.name}, `)
    expect(page).toContain(`<td>${t.proposals.events.comment_added}</td>`)
    // The form's own text is not kept in the textarea once saved.
    expect(card).toMatch(/<textarea[^>]*name="text"[^>]*><\/textarea>/)
  })

  it('takes comments on a sent and a signed document too, oldest first', async () => {
    const { agent, account, draft, url, action } = await memberWithDraft('paper')
    await postOk(env, account, `${draft.id}/send`, {})
    expect((await agent.post(action, await commentForm(agent, url, action, 'Enviado por e-mail ao comprador.'))).statusCode).toBe(303)
    await postOk(env, account, `${draft.id}/mark-signed`, {})
    const page = (await agent.get(url)).body
    expect(page).not.toContain(c.draftHint)
    expect((await agent.post(action, await commentForm(agent, url, action, 'Via assinada arquivada no ERP.'))).statusCode).toBe(303)
    const card = commentsCard((await agent.get(url)).body)
    expect(card.indexOf('Enviado por e-mail')).toBeGreaterThan(-1)
    expect(card.indexOf('Enviado por e-mail')).toBeLessThan(card.indexOf('Via assinada'))
    expect((await commentRows(draft.id)).map((row) => JSON.parse(row.data_json).text)).toEqual(['Enviado por e-mail ao comprador.', 'Via assinada arquivada no ERP.'])
  })

  it('escapes markup in a comment and in its author’s name, and names a token’s comment as the API’s', async () => {
    const { agent, account, user, draft, url, action } = await memberWithDraft()
    const markup = '<script>window.__xss=1</script><img src=x onerror=alert(1)>'
    expect((await agent.post(action, await commentForm(agent, url, action, markup))).statusCode).toBe(303)
    const context = { accountId: account.id, timeZone: account.account.time_zone, clock: env.clock, publicUrl: 'http://vendoc.test' }
    await addProposalComment(env.db, { ...context, actor: { type: 'user', id: user.id, name: '<b onmouseover=alert(1)>Ana</b>' } }, draft.id, { text: 'Autora com marcação' })
    await addProposalComment(env.db, { ...context, actor: { type: 'api_token', id: account.token.id, name: 'CRM' } }, draft.id, { text: 'Vindo do CRM' })
    const card = commentsCard((await agent.get(url)).body)
    expect(card).toContain('&lt;script>window.__xss=1&lt;/script>&lt;img src=x onerror=alert(1)>')
    expect(card).toContain('&lt;b onmouseover=alert(1)>Ana&lt;/b>, ')
    expect(card).toContain(`${c.by('CRM', '', true)}`)
    expect(card).not.toContain('<script>')
    expect(card).not.toContain('<img')
    expect(card).not.toContain('<b ')
    expect(await commentRows(draft.id)).toHaveLength(3)
  })

  it('offers the account’s other active users to tell; ticking two e-mails them, the flash names them and the card lists them', async () => {
    const { agent, account, user, draft, url, action } = await memberWithDraft()
    const gone = await createUser(env.db, env.clock, { accountId: account.id, name: 'Gil Inativo', email: `gil.${account.id}@vendoc.test` })
    await env.db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute()
    const stranger = await makeAccount(env)
    const card = commentsCard((await agent.get(url)).body)
    const offered = [...card.matchAll(/<input type="checkbox" id="field-notify-(\d+)" name="notify" value="(\d+)"\/><label for="field-notify-\1">([^<]+)<\/label>/g)].map((match) => [Number(match[2]), match[3]])
    // Active colleagues only, by name (Bruno before Carla), never the author, an inactive user or another account's.
    expect(offered).toEqual([[account.otherSeller.id, account.otherSeller.name], [account.seller.id, account.seller.name]])
    // By name: a member's page does not list the colleagues' addresses.
    expect(card).not.toContain(account.seller.email)
    expect(card).not.toContain(stranger.seller.name)

    const fields = new URLSearchParams(await commentForm(agent, url, action, 'Bruno e Carla: o cliente quer fechar hoje.'))
    fields.append('notify', String(account.otherSeller.id))
    fields.append('notify', String(account.seller.id))
    expect((await agent.post(action, fields)).statusCode).toBe(303)
    const page = (await agent.get(url)).body
    expect(flashOf(page)).toBe(`success: ${c.addedAndNotified([account.otherSeller.name, account.seller.name])}`)
    expect(commentsCard(page)).toContain(c.notified([account.otherSeller.name, account.seller.name]))
    const emails = await env.db.selectFrom('outbox_emails').select(['to_address', 'text_body']).where('proposal_id', '=', draft.id).where('kind', '=', 'comment').orderBy('id').execute()
    expect(emails.map((email) => email.to_address)).toEqual([account.otherSeller.email, account.seller.email])
    expect(emails[0]!.text_body).toContain(`${user.name} marcou você`)
  })

  it('refuses to tell another account’s user, an inactive one, the author, a repeat, a non-id or more than the cap (forged forms) with an error flash, recording nothing', async () => {
    const { agent, account, user, url, action } = await memberWithDraft()
    const stranger = await makeAccount(env)
    const gone = await createUser(env.db, env.clock, { accountId: account.id, name: 'Gil Inativo', email: `gil.${account.id}@vendoc.test` })
    await env.db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute()
    const own = String(account.seller.id)
    const cases = [[String(stranger.seller.id)], [String(gone.id)], [String(user.id)], [own, own], ['carla@vendoc.test'], ['0'], ['99999999999999999999'], Array.from({ length: COMMENT_NOTIFY_MAX + 1 }, () => own)]
    for (const notify of cases) {
      const fields = new URLSearchParams(await commentForm(agent, url, action, 'Não deve ficar'))
      for (const value of notify) fields.append('notify', value)
      const before = await snapshotEverything(env.db)
      expect((await agent.post(action, fields)).statusCode, notify.join(',')).toBe(303)
      expect(flashOf((await agent.get(url)).body), notify.join(',')).toBe(`error: ${c.invalidNotify(COMMENT_NOTIFY_MAX)}`)
      expect(await snapshotEverything(env.db)).toEqual(before)
    }
  })

  it('gives the card the anchor the notices link to', async () => {
    const { agent, url } = await memberWithDraft()
    expect((await agent.get(url)).body).toMatch(/<section class="card" id="comentarios" aria-labelledby="comments-heading"/)
  })

  it('refuses a comment past the 500th with an error flash', async () => {
    const { agent, account, draft, url, action } = await memberWithDraft()
    const row = { account_id: account.id, proposal_id: draft.id, type: 'comment_added' as const, actor_type: 'system' as const, actor_id: null, actor_name: 'Vendoc', created_at: new Date().toISOString() }
    await env.db.insertInto('proposal_events').values(Array.from({ length: COMMENTS_PER_DOCUMENT }, (_, index) => ({ ...row, data_json: JSON.stringify({ text: `Comentário ${index + 1}` }) }))).execute()
    const fields = await commentForm(agent, url, action, 'Um a mais')
    const before = await snapshotEverything(env.db)
    expect((await agent.post(action, fields)).statusCode).toBe(303)
    expect(flashOf((await agent.get(url)).body)).toBe(`error: ${c.tooMany(COMMENTS_PER_DOCUMENT)}`)
    expect(await snapshotEverything(env.db)).toEqual(before)
  })

  it('refuses an empty, too long or unprintable comment with an error flash, recording nothing', async () => {
    const { agent, draft, url, action } = await memberWithDraft()
    for (const text of ['', '  \r\n ', 'x'.repeat(COMMENT_MAX_CHARACTERS + 1), 'texto \u202e invertido', 'x'.repeat(20_000)]) {
      const fields = await commentForm(agent, url, action, text)
      const before = await snapshotEverything(env.db)
      const response = await agent.post(action, fields)
      expect(response.statusCode, JSON.stringify(text.slice(0, 20))).toBe(303)
      const page = (await agent.get(url)).body
      expect(flashOf(page)).toBe(`error: ${c.invalid(COMMENT_MAX_CHARACTERS)}`)
      expect(await snapshotEverything(env.db)).toEqual(before)
    }
    expect(await commentRows(draft.id)).toEqual([])
  })

  it('refuses the form without the page’s CSRF token (403)', async () => {
    const { agent, draft, url, action } = await memberWithDraft()
    await agent.get(url)
    const before = await snapshotEverything(env.db)
    expect((await agent.post(action, { text: 'Sem token' })).statusCode).toBe(403)
    expect(await snapshotEverything(env.db)).toEqual(before)
    expect(await commentRows(draft.id)).toEqual([])
  })

  it('answers a comment on another account’s document, or a missing one, with the 404 page, and nothing changes', async () => {
    const owner = await memberWithDraft()
    expect((await owner.agent.post(owner.action, await commentForm(owner.agent, owner.url, owner.action, 'Só da conta dona'))).statusCode).toBe(303)
    const stranger = await signedInUser(env)
    const own = await makeDraft(env, stranger.account, 'paper')
    const ownUrl = `/proposals/${own.id}/edit`
    const before = await snapshotEverything(env.db)
    const foreign = await stranger.agent.submit(ownUrl, owner.action, { text: 'Tomado' })
    expect(foreign.statusCode).toBe(404)
    expect(foreign.body).toContain(t.errors.notFoundTitle)
    const missing = await stranger.agent.submit(ownUrl, '/proposals/999999999/comments', { text: 'Tomado' })
    expect(missing.statusCode).toBe(404)
    expect(await snapshotEverything(env.db)).toEqual(before)
    expect((await commentRows(owner.draft.id)).map((row) => JSON.parse(row.data_json).text)).toEqual(['Só da conta dona'])
    // The stranger's own page shows none of the owner's.
    const theirs = (await stranger.agent.get(ownUrl)).body
    expect(commentsCard(theirs)).toContain(c.none)
    expect(theirs).not.toContain('Só da conta dona')
  })
})
