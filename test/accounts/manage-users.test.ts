// manage-users.ts on both databases: the rules the user screens rely on, called directly — the
// account keeps an active admin, one default seller at most, foreign ids are notFound, and
// deactivation deletes the user's web sessions.
import { describe, expect, it } from 'vitest'
import { createAccountUser, findAccountUser, listAccountUsers, updateAccountUser } from '../../src/modules/accounts/manage-users.js'
import { createUser } from '../../src/modules/accounts/users.js'
import { createWebSession, findWebSession } from '../../src/modules/accounts/web-sessions.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'

const PASSWORD = 'senha-forte-123'
/** What a login's request says of its browser (these sessions are made directly, without a login). */
const A_BROWSER = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0', ipAddress: '127.0.0.1' }

describeEachDialect('Account users management', (env) => {
  async function accountWithAdmin() {
    const account = await makeAccount(env)
    const admin = await createUser(env.db, env.clock, { accountId: account.id, name: 'Admin', email: `admin.${uniqueSuffix()}@vendoc.test`, role: 'admin', password: PASSWORD })
    return { account, admin }
  }

  const changes = (overrides: Partial<Parameters<typeof updateAccountUser>[5]> = {}) => ({ name: 'Pessoa', role: 'member', isSeller: false, isDefaultSeller: false, active: true, password: '', ...overrides })

  it('refuses to leave the account without an active admin, even when someone else asks', async () => {
    const { account, admin } = await accountWithAdmin()
    // actorId of another user: the self-rules do not apply, the last-admin rule does.
    const demoted = await updateAccountUser(env.db, env.clock, account.id, { userId: account.seller.id }, admin.id, changes({ name: 'Admin', role: 'member' }))
    expect(demoted).toEqual({ ok: false, errors: { role: 'last_admin' } })
    const deactivated = await updateAccountUser(env.db, env.clock, account.id, { userId: account.seller.id }, admin.id, changes({ name: 'Admin', role: 'admin', active: false }))
    expect(deactivated).toEqual({ ok: false, errors: { active: 'last_admin' } })
    expect(await findAccountUser(env.db, account.id, admin.id)).toMatchObject({ role: 'admin', active: true })

    // With a second active admin, the first can be demoted.
    await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, account.seller.id, changes({ name: account.seller.name, role: 'admin', isSeller: true, isDefaultSeller: true }))
    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: account.seller.id }, admin.id, changes({ name: 'Admin', role: 'member' }))).toEqual({ ok: true, id: admin.id })
  })

  it('refuses self-demotion and self-deactivation', async () => {
    const { account, admin } = await accountWithAdmin()
    const result = await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, admin.id, changes({ name: 'Admin', role: 'member', active: false }))
    expect(result).toEqual({ ok: false, errors: { role: 'cannot_demote_self', active: 'cannot_deactivate_self' } })
  })

  it('keeps at most one default seller and requires it to be an active seller', async () => {
    const { account, admin } = await accountWithAdmin()
    const made = await createAccountUser(env.db, env.clock, account.id, { name: 'Nova', email: `nova.${uniqueSuffix()}@vendoc.test`, role: 'member', isSeller: true, isDefaultSeller: true, password: PASSWORD })
    expect(made.ok).toBe(true)
    const defaults = (await listAccountUsers(env.db, account.id)).filter((user) => user.is_default_seller)
    expect(defaults.map((user) => user.name)).toEqual(['Nova'])
    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, account.seller.id, changes({ isSeller: true, isDefaultSeller: true, active: false })))
      .toEqual({ ok: false, errors: { is_default_seller: 'default_needs_active' } })
    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, account.seller.id, changes({ isDefaultSeller: true })))
      .toEqual({ ok: false, errors: { is_default_seller: 'default_needs_seller' } })
  })

  it('treats another account\'s user as not found and changes nothing', async () => {
    const { account, admin } = await accountWithAdmin()
    const other = await makeAccount(env)
    expect(await findAccountUser(env.db, account.id, other.seller.id)).toBeUndefined()
    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, other.seller.id, changes({ name: 'Invadido' }))).toEqual({ ok: false, notFound: true })
    expect(await findAccountUser(env.db, other.id, other.seller.id)).toMatchObject({ name: other.seller.name, is_default_seller: true })
  })

  it('deletes the web sessions of a deactivated user, and only theirs', async () => {
    const { account, admin } = await accountWithAdmin()
    const own = await createWebSession(env.db, env.clock, { userId: admin.id, accountId: account.id }, A_BROWSER)
    const theirs = await createWebSession(env.db, env.clock, { userId: account.seller.id, accountId: account.id }, A_BROWSER)
    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, account.seller.id, changes({ name: account.seller.name, isSeller: true, active: false }))).toEqual({ ok: true, id: account.seller.id })
    expect(await env.db.selectFrom('web_sessions').select('id').where('user_id', '=', account.seller.id).execute()).toHaveLength(0)
    expect(await findWebSession(env.db, env.clock, theirs.token)).toBeNull()
    expect(await findWebSession(env.db, env.clock, own.token)).not.toBeNull()
  })

  it('logs a user given a new password out everywhere, but the admin changing their own on this browser', async () => {
    const { account, admin } = await accountWithAdmin()
    const theirs = [await createWebSession(env.db, env.clock, { userId: account.seller.id, accountId: account.id }, A_BROWSER), await createWebSession(env.db, env.clock, { userId: account.seller.id, accountId: account.id }, A_BROWSER)]
    const own = await createWebSession(env.db, env.clock, { userId: admin.id, accountId: account.id }, A_BROWSER)
    const ownElsewhere = await createWebSession(env.db, env.clock, { userId: admin.id, accountId: account.id }, A_BROWSER)
    const seller = changes({ name: account.seller.name, isSeller: true, isDefaultSeller: true })
    // Saving without a password keeps every session.
    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id, sessionToken: own.token }, account.seller.id, seller)).toEqual({ ok: true, id: account.seller.id })
    for (const session of theirs) expect(await findWebSession(env.db, env.clock, session.token)).not.toBeNull()

    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id, sessionToken: own.token }, account.seller.id, { ...seller, password: 'nova-senha-forte' })).toEqual({ ok: true, id: account.seller.id })
    for (const session of theirs) expect(await findWebSession(env.db, env.clock, session.token)).toBeNull()
    expect(await findWebSession(env.db, env.clock, own.token)).not.toBeNull()

    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id, sessionToken: own.token }, admin.id, changes({ name: 'Admin', role: 'admin', password: 'minha-nova-senha' }))).toEqual({ ok: true, id: admin.id })
    expect(await findWebSession(env.db, env.clock, own.token)).not.toBeNull()
    expect(await findWebSession(env.db, env.clock, ownElsewhere.token)).toBeNull()
  })

  it('changes the password only when a new one is given', async () => {
    const { account, admin } = await accountWithAdmin()
    const before = await env.db.selectFrom('users').select('password_hash').where('id', '=', admin.id).executeTakeFirstOrThrow()
    await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, admin.id, changes({ name: 'Admin', role: 'admin' }))
    expect((await env.db.selectFrom('users').select('password_hash').where('id', '=', admin.id).executeTakeFirstOrThrow()).password_hash).toBe(before.password_hash)
    expect(await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, admin.id, changes({ name: 'Admin', role: 'admin', password: 'curta' }))).toEqual({ ok: false, errors: { password: 'password_too_short' } })
    await updateAccountUser(env.db, env.clock, account.id, { userId: admin.id }, admin.id, changes({ name: 'Admin', role: 'admin', password: 'outra-senha-forte' }))
    const after = await env.db.selectFrom('users').select('password_hash').where('id', '=', admin.id).executeTakeFirstOrThrow()
    expect(after.password_hash).not.toBe(before.password_hash)
    expect(after.password_hash).toMatch(/^scrypt\$/)
  })
})
