// The catalogue in the account's activity, on both databases (catalog/catalog-activity.ts): an
// admin's products, payment methods, signer roles and templates created and changed in the web
// app are recorded with who, from where and what changed (a template's body only as changed, with
// the version that holds it); a save as it was, a refused one or another account's id records
// nothing; concurrent saves are recorded one after the other; Configurações → Atividade and
// GET /api/v1/account-activity show them under "catalog".
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { savePaymentMethod } from '../../src/modules/catalog/manage-payment-methods.js'
import { saveProduct } from '../../src/modules/catalog/manage-products.js'
import { saveSignerRole } from '../../src/modules/catalog/manage-signer-roles.js'
import { formatMoney } from '../../src/platform/pt-br-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

const ta = t.activity

async function catalogActivity(env: TestApp, account: TestAccount) {
  const rows = await env.db.selectFrom('account_activity').selectAll().where('account_id', '=', account.id).where('subject', '=', 'catalog').orderBy('id').execute()
  return rows.map((row) => ({ action: row.action, actor: `${row.actor_type}:${row.actor_name}`, ip: row.ip, target: [row.target_id, row.target_label], data: JSON.parse(row.data_json) as Record<string, unknown> }))
}

const PRODUCTS = '/registration-data/products'
const METHODS = '/registration-data/payment-methods'
const ROLES = '/registration-data/signer-roles'
const TEMPLATES = '/registration-data/templates'

describeEachDialect('catalogue activity', (env) => {
  it('records what an admin creates and changes in the catalogue, with who and from where; a save as it was or a refused one records nothing', async () => {
    const admin = await signedInUser(env)
    const { agent, account } = admin
    const by = `user:${admin.user.name}`

    // A product, created and then repriced; saved again as it is; refused for a taken code.
    const product = { code: 'CONS-9', name: 'Consultoria <sênior>', kind: 'service', unit: 'h', price: '10,00', description: '', active: '1' }
    expect((await agent.submit(`${PRODUCTS}/new`, PRODUCTS, product)).statusCode).toBe(303)
    const productId = (await env.db.selectFrom('products').select('id').where('account_id', '=', account.id).where('code', '=', 'CONS-9').executeTakeFirstOrThrow()).id
    const productPage = `${PRODUCTS}/${productId}/edit`
    expect((await agent.submit(productPage, `${PRODUCTS}/${productId}`, { ...product, price: '12,50', unit: 'hora' })).statusCode).toBe(303)
    expect((await agent.submit(productPage, `${PRODUCTS}/${productId}`, { ...product, price: '12,50', unit: 'hora' })).statusCode).toBe(303)
    expect((await agent.submit(productPage, `${PRODUCTS}/${productId}`, { ...product, code: account.products.main.code })).statusCode).toBe(422)

    // A payment method's terms, a signer role renamed, a template created and edited.
    const method = account.paymentMethods.card.id
    const methodForm = { name: 'Cartão', kind: 'credit_card', max_installments: '6', first_due_days: '30', installment_interval_days: '30', due_on_business_days: '1', active: '1' }
    expect((await agent.submit(`${METHODS}/${method}/edit`, `${METHODS}/${method}`, methodForm)).statusCode).toBe(303)
    expect((await agent.submit(`${ROLES}/${account.roles.party.id}/edit`, `${ROLES}/${account.roles.party.id}`, { name: 'Contratante principal', active: '1' })).statusCode).toBe(303)
    expect((await agent.submit(`${TEMPLATES}/new`, TEMPLATES, { name: 'Contrato anual', description: '', body: '<p>{{ customer.name }}</p>', active: '1' })).statusCode).toBe(303)
    const template = (await env.db.selectFrom('templates').select('id').where('account_id', '=', account.id).where('name', '=', 'Contrato anual').executeTakeFirstOrThrow()).id
    const templateEdit = `${TEMPLATES}/${template}/edit`
    expect((await agent.submit(templateEdit, `${TEMPLATES}/${template}`, { name: 'Contrato anual', description: 'Doze meses', body: '<p>{{ customer.name }}, {{ number }}</p>', active: '1', version: '1' })).statusCode).toBe(303)
    expect((await agent.submit(templateEdit, `${TEMPLATES}/${template}`, { name: 'Contrato anual', description: 'Doze meses', body: '<p>{{ customer.name }}, {{ number }}</p>', active: '1', version: '2' })).statusCode).toBe(303)

    expect(await env.db.selectFrom('payment_methods').select(['max_installments']).where('id', '=', method).executeTakeFirstOrThrow()).toEqual({ max_installments: 6 })
    // The same saved as it was, and a name another method has, record nothing; so does a role saved as it was.
    expect((await agent.submit(`${METHODS}/${method}/edit`, `${METHODS}/${method}`, methodForm)).statusCode).toBe(303)
    expect((await agent.submit(`${METHODS}/${method}/edit`, `${METHODS}/${method}`, { ...methodForm, name: account.paymentMethods.pix.name })).statusCode).toBe(422)
    expect((await agent.submit(`${ROLES}/${account.roles.party.id}/edit`, `${ROLES}/${account.roles.party.id}`, { name: 'Contratante principal', active: '1' })).statusCode).toBe(303)
    const entries = await catalogActivity(env, account)
    expect(entries.map(({ action, actor, ip }) => [action, actor, ip])).toEqual([
      ['product.created', by, '127.0.0.1'],
      ['product.updated', by, '127.0.0.1'],
      ['payment_method.updated', by, '127.0.0.1'],
      ['signer_role.updated', by, '127.0.0.1'],
      ['template.created', by, '127.0.0.1'],
      ['template.updated', by, '127.0.0.1'],
    ])
    // A template's save refused over a newer version records nothing either.
    expect((await agent.submit(templateEdit, `${TEMPLATES}/${template}`, { name: 'Contrato anual', description: 'Outro', body: '<p>x</p>', active: '1', version: '1' })).statusCode).toBe(409)
    expect(await catalogActivity(env, account)).toHaveLength(6)
    expect(entries[0]).toMatchObject({ target: [productId, 'CONS-9 — Consultoria <sênior>'], data: { price_cents: 1000 } })
    expect(entries[1]!.data).toEqual({ changes: { unit: { from: 'h', to: 'hora' }, price_cents: { from: 1000, to: 1250 } } })
    expect(entries[2]!.target).toEqual([method, 'Cartão'])
    expect(entries[2]!.data).toEqual({ changes: {
      name: { from: 'Cartão de crédito', to: 'Cartão' }, max_installments: { from: 12, to: 6 }, first_due_days: { from: 0, to: 30 }, due_on_business_days: { from: false, to: true },
    } })
    expect(entries[3]).toMatchObject({ target: [account.roles.party.id, 'Contratante principal'], data: { changes: { name: { from: 'Contratante', to: 'Contratante principal' } } } })
    expect(entries[4]).toMatchObject({ target: [template, 'Contrato anual'], data: { version: 1 } })
    // The body's text is the version's: the activity says only that it changed, and which version holds it.
    expect(entries[5]!.data).toEqual({ version: 2, changes: { description: { from: null, to: 'Doze meses' }, body: { hidden: true } } })

    // The page, filtered to the catalogue: escaped names, money as money, the template's version.
    const page = await agent.get('/settings/activity?subject=catalog')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`${ta.actions['product.updated']} <strong>CONS-9 — Consultoria &lt;sênior></strong>`)
    expect(page.body).toContain(`<li>Preço: ${formatMoney(1000)} → ${formatMoney(1250)}</li>`)
    expect(page.body).toContain(`<li>Preço: ${formatMoney(1000)}</li>`)
    expect(page.body).toContain('<li>Unidade: h → hora</li>')
    expect(page.body).toContain('<li>Conteúdo alterado</li>')
    expect(page.body).toContain(`<li><a href="${TEMPLATES}/${template}/versions/2">Versão 2 do modelo</a></li>`)
    expect(page.body).toContain('<option value="catalog" selected>Cadastros</option>')
    expect(page.body).toContain('<li>Vencimento em dia útil: Não → Sim</li>')
    expect(page.body).toContain('<li>Máximo de parcelas: 12 → 6</li>')

    // Created from the forms: a payment method and a role; a product's kind as people read it.
    const newMethod = { ...methodForm, name: 'Boleto 28 dias', kind: 'boleto', max_installments: '1', first_due_days: '28' }
    expect((await agent.submit(`${METHODS}/new`, METHODS, newMethod)).statusCode).toBe(303)
    expect((await agent.submit(`${ROLES}/new`, ROLES, { name: 'Fiador', active: '1' })).statusCode).toBe(303)
    expect((await agent.submit(productPage, `${PRODUCTS}/${productId}`, { ...product, kind: 'product', price: '12,50', unit: 'hora' })).statusCode).toBe(303)
    const more = (await catalogActivity(env, account)).slice(6)
    expect(more.map((entry) => [entry.action, entry.target[1]])).toEqual([['payment_method.created', 'Boleto 28 dias'], ['signer_role.created', 'Fiador'], ['product.updated', 'CONS-9 — Consultoria <sênior>']])
    expect((await agent.get('/settings/activity?subject=catalog')).body).toContain('<li>Tipo: Serviço → Produto</li>')
    expect(page.body).not.toContain(ta.actions['api_token.created'])

    // The API's export of the same, for an integration that keeps audit trails.
    const api = await env.app.inject({ method: 'GET', url: '/api/v1/account-activity?subject=catalog', headers: account.auth })
    expect(api.statusCode, api.body).toBe(200)
    const listed = api.json<{ data: Array<{ action: string; subject: string; target: { id: number; label: string } }> }>().data
    expect(listed.map((entry) => entry.action)).toEqual((await catalogActivity(env, account)).map((entry) => entry.action).reverse())
    expect(listed.every((entry) => entry.subject === 'catalog')).toBe(true)
  })

  it('answers a creation and an edit racing for one code with one saved and one code_taken, not a deadlock', async () => {
    const admin = await signedInUser(env)
    const { account } = admin
    const by = { type: 'user' as const, id: admin.user.id, name: admin.user.name, ip: null }
    const product = (code: string) => ({ code, name: 'Disputado', kind: 'product', unit: 'un', description: '', price_cents: 100, active: true })
    for (let round = 0; round < 6; round++) {
      const code = `RACE-${round}`
      // The edit first half of the time: its lock taken before the creation's insert is the deadlock's order.
      const create = () => saveProduct(env.db, env.clock, account.id, undefined, product(code), by)
      const rename = () => saveProduct(env.db, env.clock, account.id, account.products.main.id, product(code), by)
      const results = round % 2 === 0 ? await Promise.all([create(), rename()]) : await Promise.all([rename(), create()])
      const outcomes = results.map((result) => (result.ok ? 'ok' : 'errors' in result ? result.errors.code : 'notFound'))
      expect(outcomes.sort(), `round ${round}`).toEqual(['code_taken', 'ok'])
    }
  })

  it('lets one of two admins creating one payment method or role name at once have it, the other told it is taken', async () => {
    const admin = await signedInUser(env)
    const { account } = admin
    const by = { type: 'user' as const, id: admin.user.id, name: admin.user.name, ip: null }
    const method = (name: string) => ({ name, kind: 'pix', max_installments: '1', first_due_days: '0', installment_interval_days: '30', due_on_business_days: false, active: true })
    for (let round = 0; round < 3; round++) {
      const methods = await Promise.all([savePaymentMethod(env.db, env.clock, account.id, undefined, method(`PIX ${round}`), by), savePaymentMethod(env.db, env.clock, account.id, undefined, method(`pix ${round}`), by)])
      expect(methods.map((result) => (result.ok ? 'ok' : 'errors' in result ? result.errors.name : 'notFound')).sort()).toEqual(['name_taken', 'ok'])
      const roles = await Promise.all([saveSignerRole(env.db, env.clock, account.id, undefined, { name: `Fiador ${round}`, active: true }, by), saveSignerRole(env.db, env.clock, account.id, undefined, { name: `FIADOR ${round}`, active: true }, by)])
      expect(roles.map((result) => (result.ok ? 'ok' : 'errors' in result ? result.errors.name : 'notFound')).sort()).toEqual(['name_taken', 'ok'])
    }
    // Each name once, and one creation recorded for each.
    const names = (await env.db.selectFrom('payment_methods').select('name').where('account_id', '=', account.id).execute()).map((row) => row.name.toLowerCase())
    expect(names.filter((name) => /^pix \d$/.test(name)).sort()).toEqual(['pix 0', 'pix 1', 'pix 2'])
    expect((await catalogActivity(env, account)).map((entry) => entry.action).sort()).toEqual([...Array(3).fill('payment_method.created'), ...Array(3).fill('signer_role.created')])
  })

  it("records nothing for another account's product, and two concurrent saves one after the other", async () => {
    const admin = await signedInUser(env)
    const { account } = admin
    const other = await makeAccount(env)
    const by = { type: 'user' as const, id: admin.user.id, name: admin.user.name, ip: '203.0.113.7' }
    const main = account.products.main
    const input = (price: number) => ({ code: main.code, name: 'Produto', kind: 'product', unit: 'un', description: '', price_cents: price, active: true })

    expect(await saveProduct(env.db, env.clock, other.id, main.id, input(1), by)).toEqual({ ok: false, notFound: true })
    expect(await catalogActivity(env, other)).toEqual([])
    expect(await catalogActivity(env, account)).toEqual([])

    // Each save reads, under the account's lock, what the one before it wrote: a chain, no lost step.
    const results = await Promise.all([200, 300, 400].map((price) => saveProduct(env.db, env.clock, account.id, main.id, input(price), by)))
    expect(results.every((result) => result.ok)).toBe(true)
    const chain = (await catalogActivity(env, account)).map((entry) => (entry.data.changes as { price_cents: { from: number; to: number } }).price_cents)
    expect(chain).toHaveLength(3)
    for (let index = 1; index < chain.length; index++) expect(chain[index]!.from).toBe(chain[index - 1]!.to)
    const stored = await env.db.selectFrom('products').select('price_cents').where('id', '=', main.id).executeTakeFirstOrThrow()
    expect(Number(stored.price_cents)).toBe(chain.at(-1)!.to)
  })
})
