// The e-mails that tell a user how they sign in changed, for the password (the two-step
// verification's are in two-factor-pages.test.ts), on both databases: their own change in Minha
// conta, a reset link, and an admin's new password each e-mail the user, the admin's naming the
// admin; a new user's first password through an invitation does not; a refused change sends none.
import { expect, it } from 'vitest'
import { issuePasswordLink, resetPassword } from '../../src/modules/accounts/password-reset.js'
import { createUser } from '../../src/modules/accounts/users.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { signedInUser, WEB_PASSWORD } from '../support/web-login.js'

async function noticesTo(env: TestApp, email: string): Promise<Array<{ subject: string; text_body: string }>> {
  return env.db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('kind', '=', 'security_notice').where('to_address', '=', email).orderBy('id').execute()
}

describeEachDialect('security notices of password changes', (env) => {
  it('tells the user of their own change, and of none refused', async () => {
    const user = await signedInUser(env)
    const page = await user.agent.get('/account/password')
    const refused = await user.agent.post('/account/password', { _csrf: csrfTokenIn(page.body), current_password: 'nao-e-a-senha', new_password: 'outra-senha-forte-1', confirmation: 'outra-senha-forte-1' })
    expect(refused.statusCode).toBe(422)
    expect(await noticesTo(env, user.user.email)).toEqual([])
    const changed = await user.agent.post('/account/password', { _csrf: csrfTokenIn(page.body), current_password: WEB_PASSWORD, new_password: 'outra-senha-forte-1', confirmation: 'outra-senha-forte-1' })
    expect(changed.statusCode).toBe(303)
    const [notice, ...rest] = await noticesTo(env, user.user.email)
    expect(rest).toEqual([])
    expect(notice!.subject).toBe('Senha alterada — Vendoc')
    expect(notice!.text_body).toContain('A senha da sua conta do Vendoc foi alterada')
    expect(notice!.text_body).toContain('Se não foi você')
    expect(notice!.text_body).not.toContain('outra-senha-forte-1')
  })

  it('tells the user of a password set by any link, but not of a first password', async () => {
    const account = await makeAccount(env)
    const invited = await createUser(env.db, env.clock, { accountId: account.id, email: `convidada.${uniqueSuffix()}@vendoc.test`, name: 'Convidada', role: 'member' })
    const link = (purpose: 'reset' | 'invitation') => env.db.transaction().execute((trx) => issuePasswordLink(trx, env.clock, { accountId: account.id, userId: invited.id, purpose, validMs: 60_000 }))
    expect(await resetPassword(env.db, env.clock, await link('invitation'), { password: 'primeira-senha-1', confirmation: 'primeira-senha-1' })).toMatchObject({ ok: true })
    expect(await noticesTo(env, invited.email)).toEqual([])
    // An invitation sent again to a user who has a password replaces it: that is told, as a reset is.
    for (const purpose of ['invitation', 'reset'] as const) {
      expect(await resetPassword(env.db, env.clock, await link(purpose), { password: `senha-nova-${purpose}`, confirmation: `senha-nova-${purpose}` })).toMatchObject({ ok: true })
    }
    const notices = await noticesTo(env, invited.email)
    expect(notices.map((notice) => notice.subject)).toEqual(['Senha redefinida — Vendoc', 'Senha redefinida — Vendoc'])
    expect(notices[0]!.text_body).toContain('todas as suas sessões foram encerradas')
    // The way back for someone whose password was changed is the reset link, not Minha conta.
    expect(notices[0]!.text_body).toContain('use “Esqueci minha senha”')
  })

  it('tells a user whose password an admin set, naming the admin', async () => {
    const admin = await signedInUser(env)
    const member = await signedInUser(env, { account: admin.account, role: 'member' })
    const edit = `/registration-data/users/${member.user.id}/edit`
    const saved = await admin.agent.submit(edit, `/registration-data/users/${member.user.id}`, { name: member.user.name, role: 'member', active: '1', password: 'definida-pelo-admin-1' })
    expect(saved.statusCode, saved.body).toBe(303)
    const notices = await noticesTo(env, member.user.email)
    expect(notices).toHaveLength(1)
    expect(notices[0]!.text_body).toContain(`${admin.user.name} definiu uma nova senha para a sua conta do Vendoc`)
    // The admin setting their own password in the same form is told as their own change.
    const ownEdit = `/registration-data/users/${admin.user.id}/edit`
    expect((await admin.agent.submit(ownEdit, `/registration-data/users/${admin.user.id}`, { name: admin.user.name, role: 'admin', active: '1', password: 'minha-nova-senha-1' })).statusCode).toBe(303)
    expect((await noticesTo(env, admin.user.email)).map((notice) => notice.text_body.includes('A senha da sua conta do Vendoc foi alterada'))).toEqual([true])
    // Saving the form without a password changes none and tells nothing.
    expect((await admin.agent.submit(edit, `/registration-data/users/${member.user.id}`, { name: 'Nome Novo', role: 'member', active: '1', password: '' })).statusCode).toBe(303)
    expect(await noticesTo(env, member.user.email)).toHaveLength(1)
  })
})
