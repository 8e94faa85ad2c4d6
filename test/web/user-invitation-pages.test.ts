// Inviting a user by e-mail (Cadastros › Usuários) through app.inject on both databases, with a
// real SMTP server: the invited person chooses their own password through a seven-day link that
// works once; a new invitation replaces the earlier link; the message never shows in the account's
// outbox and its body is emptied once sent; without SMTP_URL the form asks for a password instead.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { INVITATION_VALID_MS } from '../../src/modules/accounts/user-invitation.js'
import { smtpForSuite } from '../notifications/smtp-receiver.js'
import { describeEachDialect } from '../support/dialects.js'
import { uniqueSuffix } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'

const u = t.registrationData.users
const USERS = '/registration-data/users'

function newPerson() {
  const suffix = uniqueSuffix()
  return { name: `Convidada ${suffix}`, email: `convidada.${suffix}@cliente.test` }
}

async function userIdOf(env: TestApp, email: string): Promise<number> {
  return (await env.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
}

/** Logs in through the form; the status says whether it worked (303 to the dashboard). */
async function logIn(env: TestApp, email: string, password: string) {
  return new WebAgent(env.app, '10.9.0.1').submit('/login', '/login', { email, password })
}

describe('user invitations by e-mail', () => {
  const clock = new ManualClock('2026-11-29T12:00:00.000Z')
  const { options, smtp, delivered } = smtpForSuite(clock)

  describeEachDialect(
    'with SMTP',
    (env) => {
      /** The link of the latest message to `to` that crossed the wire, as its reader sees it. */
      async function deliveredLink(to: string): Promise<string> {
        const match = /http:\/\/[^\s]+(\/reset-password\/[A-Za-z0-9_-]+)/.exec((await delivered(env, to)).text ?? '')
        if (!match) throw new Error(`no invitation reached ${to}`)
        return match[1]!
      }

      it('an admin invites a person, who chooses their password through the e-mailed link and signs in with it', async () => {
        const admin = await signedInUser(env)
        const form = (await admin.agent.get(`${USERS}/new`)).body
        expect(form).toMatch(/<input type="checkbox" id="field-invite" name="invite" value="1" checked/)
        const person = newPerson()
        const created = await admin.agent.submit(`${USERS}/new`, USERS, { ...person, role: 'member', is_seller: '1', invite: '1', password: '' })
        expect(created.statusCode, created.body).toBe(303)
        expect((await admin.agent.get(USERS)).body).toContain(u.invited(person.email))
        // Nobody knows the password the account was created with.
        expect((await logIn(env, person.email, 'qualquer-senha-forte')).statusCode).not.toBe(303)

        const link = await deliveredLink(person.email)
        const message = smtp().to(person.email).at(-1)!
        expect(message.subject).toBe(`Convite para acessar ${admin.account.account.name} no Vendoc`)
        expect(message.text).toContain(`${admin.user.name} convidou você`)
        expect(message.text).toContain('vale por 7 dias')
        const row = await env.db.selectFrom('outbox_emails').select(['id', 'kind', 'state', 'text_body', 'html_body']).where('to_address', '=', person.email).executeTakeFirstOrThrow()
        expect(row).toMatchObject({ kind: 'user_invitation', state: 'sent', text_body: '', html_body: null })
        const outbox = await admin.agent.get(`/settings/emails/${row.id}`)
        expect(outbox.body).toContain('Convite de usuário')
        expect(outbox.body).toContain('não é exibido')

        const invited = new WebAgent(env.app, '10.9.0.2')
        const page = await invited.get(link)
        expect(page.statusCode).toBe(200)
        expect(page.body).toContain(t.passwordReset.invitation.title)
        const chosen = await invited.submit(link, link, { password: 'minha-senha-forte', confirmation: 'minha-senha-forte' })
        expect(chosen.statusCode).toBe(303)
        expect(chosen.headers.location).toBe('/login?password_chosen')
        expect((await invited.get('/login?password_chosen')).body).toContain(t.login.passwordChosen)
        const login = await logIn(env, person.email, 'minha-senha-forte')
        expect(login.statusCode).toBe(303)
        expect(login.headers.location).toBe('/dashboard')
        expect((await invited.get(link)).statusCode).toBe(404)
      })

      it('sending the invitation again replaces the earlier link, and a link dies after seven days', async () => {
        const admin = await signedInUser(env)
        const person = newPerson()
        await admin.agent.submit(`${USERS}/new`, USERS, { ...person, role: 'member', invite: '1' })
        const first = await deliveredLink(person.email)
        const id = await userIdOf(env, person.email)
        const edit = (await admin.agent.get(`${USERS}/${id}/edit`)).body
        expect(edit).toContain(`action="${USERS}/${id}/invite"`)
        const resent = await admin.agent.submit(`${USERS}/${id}/edit`, `${USERS}/${id}/invite`, {})
        expect(resent.statusCode).toBe(303)
        expect((await admin.agent.get(`${USERS}/${id}/edit`)).body).toContain(u.resent(person.email))
        // The account's activity: the user created with an invitation, then invited again.
        const activity = await env.db.selectFrom('account_activity').select(['action', 'target_id', 'data_json']).where('account_id', '=', admin.account.id).orderBy('id').execute()
        expect(activity.map((entry) => [entry.action, entry.target_id])).toEqual([['user.created', id], ['user.invited', id]])
        expect(JSON.parse(activity[0]!.data_json)).toMatchObject({ invited: true })
        const second = await deliveredLink(person.email)
        expect(second).not.toBe(first)
        const visitor = new WebAgent(env.app, '10.9.0.3')
        expect((await visitor.get(first)).statusCode).toBe(404)
        expect((await visitor.get(second)).statusCode).toBe(200)
        clock.advance(INVITATION_VALID_MS + 60_000)
        try {
          expect((await visitor.get(second)).statusCode).toBe(404)
        } finally {
          clock.set('2026-11-29T12:00:00.000Z')
        }
      })

      it('refuses a bad form with the invitation ticked, creating no one and sending nothing', async () => {
        const admin = await signedInUser(env)
        const before = await snapshotEverything(env.db)
        const response = await admin.agent.submit(`${USERS}/new`, USERS, { name: '', email: 'não-é-email', role: 'member', invite: '1' })
        expect(response.statusCode).toBe(422)
        expect(await snapshotEverything(env.db)).toEqual(before)
      })

      it('answers the 404 page for inviting another account’s user, a missing one or an inactive one, sending nothing', async () => {
        const admin = await signedInUser(env)
        const stranger = await signedInUser(env)
        const inactive = newPerson()
        await admin.agent.submit(`${USERS}/new`, USERS, { ...inactive, role: 'member', invite: '1' })
        const inactiveId = await userIdOf(env, inactive.email)
        await env.db.updateTable('users').set({ active: false }).where('id', '=', inactiveId).execute()
        const csrf = /name="_csrf" value="([^"]+)"/.exec((await admin.agent.get(USERS)).body)![1]!
        const before = await snapshotEverything(env.db)
        for (const id of [stranger.user.id, 999_999_999, inactiveId]) {
          expect((await admin.agent.post(`${USERS}/${id}/invite`, { _csrf: csrf })).statusCode, String(id)).toBe(404)
        }
        expect(await snapshotEverything(env.db)).toEqual(before)
      })
    },
    options,
  )
})

describeEachDialect('user invitations without SMTP', (env) => {
  it('offers no invitation and asks for the initial password instead', async () => {
    const admin = await signedInUser(env)
    const form = (await admin.agent.get(`${USERS}/new`)).body
    expect(form).toContain(u.inviteNeedsSmtp)
    expect(form).not.toContain('name="invite"')
    const person = newPerson()
    const before = await snapshotEverything(env.db)
    const response = await admin.agent.submit(`${USERS}/new`, USERS, { ...person, role: 'member', invite: '1', password: '' })
    expect(response.statusCode).toBe(422)
    expect(await snapshotEverything(env.db)).toEqual(before)
    const id = await (async () => {
      await admin.agent.submit(`${USERS}/new`, USERS, { ...person, role: 'member', password: 'senha-inicial-forte' })
      return userIdOf(env, person.email)
    })()
    expect((await admin.agent.get(`${USERS}/${id}/edit`)).body).not.toContain(`/invite"`)
  })
})
