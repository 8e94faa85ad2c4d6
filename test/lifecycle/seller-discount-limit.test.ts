// A seller's own discount limit, on both databases: an admin sets it in Cadastros › Usuários (blank
// follows the account's), and a draft answers to its seller's limit, else the account's, wherever
// the limit is read: sending through the API and the web app, the detail's `discount_approval`,
// the draft's page and the Painel's requests; changing the seller of a draft changes the limit it
// answers to; a new limit that leaves a requested draft under it ends the request; the change is in
// the account's activity; a limit that is not a percentage is the field's error and changes nothing.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { describeEachDialect } from '../support/dialects.js'
import type { TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import type { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { makeDraft, post } from './lifecycle-fixtures.js'

const d = t.proposalActions.discount

/** Two units of the R$ 1.500,00 product with `discount` cents off (15 % with 45.000), by `sellerId`. */
function discounted(account: TestAccount, discount: number, sellerId: number) {
  return { seller_id: sellerId, items: [{ product_id: account.products.main.id, quantity: 2, discount_cents: discount }] }
}

async function setAccountLimit(env: TestApp, account: TestAccount, bp: number | null) {
  await env.db.updateTable('accounts').set({ discount_approval_above_bp: bp }).where('id', '=', account.id).execute()
}

/** Saves a user's form as its page fills it in, with the limit typed. */
async function saveSellerLimit(agent: WebAgent, userId: number, typed: string) {
  const page = `/registration-data/users/${userId}/edit`
  const body = (await agent.get(page)).body
  const value = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(body)?.[1] ?? ''
  const checked = (name: string) => (new RegExp(`name="${name}"[^>]*checked`).test(body) ? '1' : '')
  return agent.submit(page, `/registration-data/users/${userId}`, {
    name: value('name'),
    role: /<option value="admin" selected/.test(body) ? 'admin' : 'member',
    is_seller: checked('is_seller'),
    is_default_seller: checked('is_default_seller'),
    active: checked('active'),
    discount_approval_above: typed,
  })
}

async function approvalOf(env: TestApp, account: TestAccount, id: number) {
  const response = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${id}`, headers: account.auth })
  expect(response.statusCode, response.body).toBe(200)
  return response.json().discount_approval as { status: string; limit_percent: string } | null
}

describeEachDialect('a seller’s own discount limit', (env) => {
  it('lets a seller with a higher limit send what the account’s would stop, and stops a stricter one’s, wherever the limit is read', async () => {
    const admin = await signedInUser(env)
    const { account } = admin
    await setAccountLimit(env, account, 1000)
    // Carla may give up to 20 %; Bruno follows the account's 10 %.
    expect((await saveSellerLimit(admin.agent, account.seller.id, '20')).statusCode).toBe(303)
    const carlas = await makeDraft(env, account, 'paper', discounted(account, 45_000, account.seller.id))
    const brunos = await makeDraft(env, account, 'paper', discounted(account, 45_000, account.otherSeller.id))

    expect(await approvalOf(env, account, carlas.id)).toBeNull()
    expect(await approvalOf(env, account, brunos.id)).toMatchObject({ status: 'required', discount_percent: '15', limit_percent: '10' })
    const brunoPage = (await admin.agent.get(`/proposals/${brunos.id}/edit`)).body
    expect(brunoPage).toContain(d.pending('15%', '10%'))
    expect((await admin.agent.get(`/proposals/${carlas.id}/edit`)).body).not.toContain('data-discount-approval')
    const refused = await post(env, account, `${brunos.id}/send`)
    expect(refused.statusCode).toBe(422)
    expect(refused.json()).toMatchObject({ code: 'discount_approval_required', discount_percent: '15', limit_percent: '10' })
    expect((await post(env, account, `${carlas.id}/send`)).statusCode).toBe(200)

    // A stricter limit than the account's binds its seller: 5 % stops Bruno's 8 % that the account allows.
    expect((await saveSellerLimit(admin.agent, account.otherSeller.id, '5')).statusCode).toBe(303)
    const small = await makeDraft(env, account, 'paper', discounted(account, 24_000, account.otherSeller.id))
    expect(await approvalOf(env, account, small.id)).toMatchObject({ status: 'required', discount_percent: '8', limit_percent: '5' })
    expect((await admin.agent.submit(`/proposals/${small.id}/edit`, `/proposals/${small.id}/send`, {})).statusCode).toBe(303)
    expect((await env.db.selectFrom('proposals').select('status').where('id', '=', small.id).executeTakeFirstOrThrow()).status).toBe('draft')

    // Without an account limit a seller's own still asks; a draft without a seller follows the account's (none).
    await setAccountLimit(env, account, null)
    expect(await approvalOf(env, account, small.id)).toMatchObject({ status: 'required', limit_percent: '5' })
    await env.db.updateTable('proposals').set({ seller_id: null }).where('id', '=', small.id).execute()
    expect(await approvalOf(env, account, small.id)).toBeNull()
    expect((await post(env, account, `${small.id}/send`)).statusCode).toBe(200)
  })

  it('follows the draft’s seller when it changes, and ends a request the seller’s new limit leaves under it', async () => {
    const admin = await signedInUser(env)
    const { account } = admin
    const member = await signedInUser(env, { account, role: 'member' })
    await setAccountLimit(env, account, 1000)
    const draft = await makeDraft(env, account, 'paper', discounted(account, 45_000, account.otherSeller.id))
    const page = `/proposals/${draft.id}/edit`
    expect((await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})).statusCode).toBe(303)
    expect((await admin.agent.get('/dashboard')).body).toContain(`href="/proposals/${draft.id}/edit">#${draft.number}</a>`)

    // Bruno's limit raised to 15 %: the draft needs nothing now, and the Painel no longer lists it.
    expect((await saveSellerLimit(admin.agent, account.otherSeller.id, '15')).statusCode).toBe(303)
    expect(await approvalOf(env, account, draft.id)).toBeNull()
    expect((await env.db.selectFrom('proposals').select('discount_approval_requested_at').where('id', '=', draft.id).executeTakeFirstOrThrow()).discount_approval_requested_at).toBeNull()
    expect((await admin.agent.get('/dashboard')).body).not.toContain('data-discount-requests')

    // The draft handed to Carla (the account's 10 %) waits again; back to Bruno it goes.
    const patch = (sellerId: number) => env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload: { seller_id: sellerId } })
    expect((await patch(account.seller.id)).statusCode).toBe(200)
    expect(await approvalOf(env, account, draft.id)).toMatchObject({ status: 'required', limit_percent: '10' })
    expect((await post(env, account, `${draft.id}/send`)).statusCode).toBe(422)
    // Asked for again as Carla's, then handed back to Bruno: his 15 % leaves it under, and the request ends.
    expect((await member.agent.submit(page, `/proposals/${draft.id}/request-discount-approval`, {})).statusCode).toBe(303)
    expect((await admin.agent.get('/dashboard')).body).toContain(`href="/proposals/${draft.id}/edit">#${draft.number}</a>`)
    expect((await patch(account.otherSeller.id)).statusCode).toBe(200)
    expect((await env.db.selectFrom('proposals').select('discount_approval_requested_at').where('id', '=', draft.id).executeTakeFirstOrThrow()).discount_approval_requested_at).toBeNull()
    expect((await admin.agent.get('/dashboard')).body).not.toContain('data-discount-requests')
    expect((await post(env, account, `${draft.id}/send`)).statusCode).toBe(200)
  })

  it('is set in Cadastros › Usuários by admins, listed, recorded in the activity; a limit that is not a percentage changes nothing', async () => {
    const admin = await signedInUser(env)
    const { account } = admin
    const form = (await admin.agent.get(`/registration-data/users/${account.seller.id}/edit`)).body
    expect(form).toContain('name="discount_approval_above"')
    expect(form).toContain(t.registrationData.users.discountApprovalAboveHint)

    for (const typed of ['100', '12,345', 'dez', '-1']) {
      const refused = await saveSellerLimit(admin.agent, account.seller.id, typed)
      expect(refused.statusCode, typed).toBe(422)
      expect(refused.body, typed).toContain(t.registrationData.errors.invalid_percentage)
    }
    expect((await env.db.selectFrom('users').select('discount_approval_above_bp').where('id', '=', account.seller.id).executeTakeFirstOrThrow()).discount_approval_above_bp).toBeNull()

    expect((await saveSellerLimit(admin.agent, account.seller.id, '12,5 %')).statusCode).toBe(303)
    expect((await admin.agent.get(`/registration-data/users/${account.seller.id}/edit`)).body).toMatch(/name="discount_approval_above"[^>]*value="12,5"/)
    const list = (await admin.agent.get('/registration-data/users')).body
    expect(list).toContain(`<td>12,5%</td>`)
    expect(list).toContain(`<span class="muted">${t.registrationData.users.accountLimit}</span>`)
    // Saved again as it is: no change recorded; blank gives the account's back.
    expect((await saveSellerLimit(admin.agent, account.seller.id, '12,5')).statusCode).toBe(303)
    expect((await saveSellerLimit(admin.agent, account.seller.id, '')).statusCode).toBe(303)
    const activity = (await admin.agent.get('/settings/activity?subject=user')).body
    const field = t.activity.fields.seller_discount_limit_bp!
    expect(activity).toContain(`${field}: o da conta → 12,5%`)
    expect(activity).toContain(`${field}: 12,5% → o da conta`)
    expect(activity.split(`${field}:`)).toHaveLength(3)

    // A post without the field (a script, an old page) keeps the limit; the form always sends it.
    expect((await saveSellerLimit(admin.agent, account.seller.id, '9')).statusCode).toBe(303)
    const page = `/registration-data/users/${account.seller.id}/edit`
    const untouched = await admin.agent.submit(page, `/registration-data/users/${account.seller.id}`, { name: account.seller.name, role: 'member', is_seller: '1', is_default_seller: '1', active: '1' })
    expect(untouched.statusCode).toBe(303)
    expect((await env.db.selectFrom('users').select('discount_approval_above_bp').where('id', '=', account.seller.id).executeTakeFirstOrThrow()).discount_approval_above_bp).toBe(900)

    // A new user may start with a limit of their own.
    const created = await admin.agent.submit('/registration-data/users/new', '/registration-data/users', { name: 'Nova Vendedora', email: `nova.${account.id}@vendoc.test`, role: 'member', is_seller: '1', password: 'uma-senha-bem-longa', discount_approval_above: '7' })
    expect(created.statusCode, created.body).toBe(303)
    const row = await env.db.selectFrom('users').select('discount_approval_above_bp').where('email', '=', `nova.${account.id}@vendoc.test`).executeTakeFirstOrThrow()
    expect(row.discount_approval_above_bp).toBe(700)
    expect((await admin.agent.get('/settings/activity?subject=user')).body).toContain(`${field}: 7%`)
  })
})
