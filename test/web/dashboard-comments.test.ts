// The Painel's "Comentários para você", on both databases: the internal comments of the last 14
// days that named the signed-in user or that someone else wrote on a document they sell, newest
// first, each with its document, an excerpt linking to the document's comments, its author and
// why it is listed, whatever their e-mail preferences; never their own comments, older ones,
// comments on others' documents that do not name them (even quoting their address), nor another
// account's. No card when there are none.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { saveNoticePreferences } from '../../src/modules/accounts/notice-preferences.js'
import { createUser } from '../../src/modules/accounts/users.js'
import type { Actor } from '../../src/modules/proposals/actor.js'
import { addProposalComment, type NewComment } from '../../src/modules/proposals/proposal-comments.js'
import { COMMENT_EXCERPT_CHARACTERS, RECENT_COMMENT_DAYS, RECENT_COMMENTS_SHOWN } from '../../src/modules/reports/recent-comments.js'
import { makeDraft } from '../lifecycle/lifecycle-fixtures.js'
import { describeEachDialect } from '../support/dialects.js'
import type { TestAccount } from '../support/factories.js'
import { signedInUser } from '../support/web-login.js'

const c = t.dashboard.comments

/** The Painel's comments card, or '' when the page has none. */
function commentsCard(html: string): string {
  const start = html.indexOf('aria-labelledby="dashboard-comments"')
  return start === -1 ? '' : html.slice(start, html.indexOf('</section>', start))
}

describeEachDialect('Painel: comments for the user', (env) => {
  /** A signed-in member who sells a document of the account, and a colleague. */
  async function sellerWithDocuments() {
    const signed = await signedInUser(env, { role: 'member' })
    await env.db.updateTable('users').set({ is_seller: true }).where('id', '=', signed.user.id).execute()
    const mine = await makeDraft(env, signed.account, 'paper', { seller_id: signed.user.id })
    const theirs = await makeDraft(env, signed.account, 'paper')
    const colleague = await createUser(env.db, env.clock, { accountId: signed.account.id, name: 'Ana Colega', email: `ana.${signed.account.id}@vendoc.test` })
    return { ...signed, mine, theirs, colleague }
  }

  function commentAs(account: TestAccount, actor: Actor, proposalId: number, input: NewComment) {
    return addProposalComment(env.db, { accountId: account.id, timeZone: account.account.time_zone, clock: env.clock, publicUrl: 'http://vendoc.test', actor }, proposalId, input)
  }

  it('lists the comments by others on the user’s documents and those naming them, newest first, and nothing else', async () => {
    const { agent, account, user, mine, theirs, colleague } = await sellerWithDocuments()
    expect(commentsCard((await agent.get('/dashboard')).body)).toBe('')

    const token: Actor = { type: 'api_token', id: account.token.id, name: 'CRM' }
    const ana: Actor = { type: 'user', id: colleague.id, name: colleague.name }
    const self: Actor = { type: 'user', id: user.id, name: user.name }
    await commentAs(account, token, mine.id, { text: 'O CRM registrou uma ligação.\nCliente quer desconto.' })
    await commentAs(account, self, mine.id, { text: 'Comentário meu, que não me diz respeito' })
    await commentAs(account, ana, theirs.id, { text: `Sem marcar ninguém, citando ${user.email}` })
    await commentAs(account, ana, theirs.id, { text: 'Você pode assumir este?', notify: { userIds: [String(user.id)] } })
    // Older than the window: written straight into the history, as a comment of 15 days ago.
    const old = new Date(Date.now() - (RECENT_COMMENT_DAYS + 1) * 86_400_000).toISOString()
    await env.db.insertInto('proposal_events').values({ account_id: account.id, proposal_id: mine.id, type: 'comment_added', actor_type: 'user', actor_id: colleague.id, actor_name: colleague.name, data_json: JSON.stringify({ text: 'Antigo demais' }), created_at: old }).execute()
    // Another account's comment naming an address like the user's is not theirs.
    const stranger = await signedInUser(env)
    const foreign = await makeDraft(env, stranger.account, 'paper')
    await commentAs(stranger.account, { type: 'user', id: stranger.user.id, name: stranger.user.name }, foreign.id, { text: 'De outra conta' })

    // Named through the API, by address; the window's edge: 13 days and 23 hours ago is in it, 14 days and an hour is not.
    const named = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${theirs.id}/comments`, headers: account.auth, payload: { text: 'Pela API, marcando você', notify: [user.email] } })
    expect(named.statusCode, named.body).toBe(200)
    const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
    for (const [text, at] of [['Quase no limite', ago(RECENT_COMMENT_DAYS * 24 - 1)], ['Logo depois do limite', ago(RECENT_COMMENT_DAYS * 24 + 1)]] as const) {
      await env.db.insertInto('proposal_events').values({ account_id: account.id, proposal_id: mine.id, type: 'comment_added', actor_type: 'user', actor_id: colleague.id, actor_name: colleague.name, data_json: JSON.stringify({ text }), created_at: at }).execute()
    }
    // E-mail notices turned off change nothing here: a page asks nothing of the inbox.
    expect(await saveNoticePreferences(env.db, env.clock, account.id, user.id, { documentActivity: false, expiryWarning: false })).toBe(true)

    const card = commentsCard((await agent.get('/dashboard')).body)
    expect(card).toContain(c.hint(RECENT_COMMENT_DAYS))
    const rows = [...card.matchAll(/<tr data-recent-comments-row>([\s\S]*?)<\/tr>/g)].map((match) => match[1]!)
    expect(rows).toHaveLength(4)
    expect(card).not.toContain(c.more(RECENT_COMMENTS_SHOWN))
    // Newest first: the API's, Ana's question, the CRM's note, the one near the edge.
    expect(rows[0]).toContain('>Pela API, marcando você</a>')
    expect(rows[0]).toContain(`${account.token.name} (pela API), `)
    expect(rows[0]).toContain(c.named)
    expect(rows[1]).toContain(`href="/proposals/${theirs.id}/edit#comentarios">Você pode assumir este?</a>`)
    expect(rows[1]).toContain(`#${theirs.number}`)
    expect(rows[1]).toContain(c.named)
    expect(rows[1]).toContain(`${colleague.name}, `)
    // Line breaks read as spaces in the excerpt.
    expect(rows[2]).toContain(`href="/proposals/${mine.id}/edit#comentarios">O CRM registrou uma ligação. Cliente quer desconto.</a>`)
    expect(rows[2]).toContain(c.seller)
    expect(rows[2]).toContain('CRM (pela API), ')
    expect(rows[3]).toContain('>Quase no limite</a>')
    expect(card).not.toContain('Logo depois do limite')
    for (const absent of ['Comentário meu', 'Sem marcar ninguém', 'Antigo demais', 'De outra conta']) expect(card).not.toContain(absent)
  })

  it('shows at most the newest few, says there are more, and cuts a long comment with an ellipsis; the text is escaped', async () => {
    const { agent, account, mine } = await sellerWithDocuments()
    const token: Actor = { type: 'api_token', id: account.token.id, name: 'CRM' }
    await commentAs(account, token, mine.id, { text: `<b>${'x'.repeat(COMMENT_EXCERPT_CHARACTERS + 40)}</b>` })
    for (let index = 1; index <= RECENT_COMMENTS_SHOWN; index += 1) await commentAs(account, token, mine.id, { text: `Nota ${index}` })
    const card = commentsCard((await agent.get('/dashboard')).body)
    const rows = [...card.matchAll(/<tr data-recent-comments-row>([\s\S]*?)<\/tr>/g)].map((match) => match[1]!)
    expect(rows).toHaveLength(RECENT_COMMENTS_SHOWN)
    expect(rows[0]).toContain(`>Nota ${RECENT_COMMENTS_SHOWN}</a>`)
    expect(card).toContain(c.more(RECENT_COMMENTS_SHOWN))
    // The long one is the oldest: past the page. Alone, it shows cut and escaped.
    expect(card).not.toContain('xxxx')
    const { agent: other, account: otherAccount, mine: otherMine } = await sellerWithDocuments()
    await commentAs(otherAccount, { type: 'api_token', id: otherAccount.token.id, name: 'CRM' }, otherMine.id, { text: `<b>${'y'.repeat(COMMENT_EXCERPT_CHARACTERS + 40)}</b>` })
    const alone = commentsCard((await other.get('/dashboard')).body)
    expect(alone).toContain(`&lt;b>${'y'.repeat(COMMENT_EXCERPT_CHARACTERS - 3)}…</a>`)
    expect(alone).not.toContain('<b>')
    expect(alone).not.toContain(c.more(RECENT_COMMENTS_SHOWN))
  })
})
