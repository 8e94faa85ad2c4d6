// Cadastros through app.inject on both databases: products/services, payment methods, signer
// roles and users/sellers — admins create and edit, members read the catalogue lists only, foreign
// ids answer the same 404 as missing ones, and changes reach the API's registration data at once.
import { describe, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent, csrfTokenIn } from '../support/web-agent.js'
import { WEB_PASSWORD, signedInUser } from '../support/web-login.js'
import { productSearchKeys } from '../../src/modules/catalog/product-search-keys.js'

function productFields(overrides: Record<string, string> = {}): Record<string, string> {
  return { code: `P-${uniqueSuffix()}`, name: 'Licença anual', kind: 'product', unit: 'un', price: '1.234,56', description: 'Licença de uso', active: '1', ...overrides }
}

async function productRow(env: TestApp, accountId: number, code: string) {
  return env.db.selectFrom('products').selectAll().where('account_id', '=', accountId).where('code', '=', code).executeTakeFirst()
}

async function apiRegistrationData(env: TestApp, auth: { authorization: string }) {
  const response = await env.app.inject({ method: 'GET', url: '/api/v1/registration-data', headers: auth })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ products: Array<{ id: number; code: string }>; payment_methods: Array<{ id: number; name: string; max_installments: number }>; signer_roles: Array<{ id: number; name: string }>; sellers: Array<{ id: number }> }>()
}

/** The 404 page with the request-specific parts (csrf token, request id) blanked. */
function normalised(body: string): string {
  return body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '')
}

describeEachDialect('Web registration data (Cadastros)', (env) => {
  describe('hub', () => {
    it('links every kind of registration data with its count', async () => {
      const { agent } = await signedInUser(env)
      const page = await agent.get('/registration-data')
      expect(page.statusCode).toBe(200)
      for (const href of ['/registration-data/products', '/registration-data/payment-methods', '/registration-data/templates', '/registration-data/signer-roles', '/registration-data/users']) {
        expect(page.body).toContain(`href="${href}"`)
      }
      // makeAccount: 3 products, 3 payment methods, 2 templates, 3 signer roles; 3 users with the admin.
      expect(page.body).toContain('Produtos e serviços')
      expect(page.body.match(/3 registros/g)?.length).toBe(4)
      expect(page.body).toContain('2 registros')
      expect(page.body).toContain('aria-current="page"')
    })
  })

  describe('products and services', () => {
    it('creates and edits a product with a Brazilian price, stored to the exact cent', async () => {
      const { agent, account } = await signedInUser(env)
      const fields = productFields()
      const response = await agent.submit('/registration-data/products/new', '/registration-data/products', fields)
      expect(response.statusCode, response.body).toBe(303)
      expect(response.headers.location).toBe('/registration-data/products')
      const row = await productRow(env, account.id, fields.code!)
      expect(row).toMatchObject({ name: 'Licença anual', kind: 'product', unit: 'un', price_cents: 123_456, description: 'Licença de uso' })
      expect(Boolean(row!.active)).toBe(true)

      const list = await agent.get('/registration-data/products')
      expect(list.body).toContain('Cadastro criado.')
      expect(list.body).toContain('R$\u00a01.234,56')
      expect(list.body).toContain(`/registration-data/products/${row!.id}/edit`)

      const edit = await agent.get(`/registration-data/products/${row!.id}/edit`)
      expect(edit.statusCode).toBe(200)
      expect(edit.body).toContain('value="1234,56"')
      const saved = await agent.submit(`/registration-data/products/${row!.id}/edit`, `/registration-data/products/${row!.id}`, productFields({ code: fields.code!, name: 'Hora técnica', kind: 'service', unit: 'h', price: '0,99', description: '' }))
      expect(saved.statusCode, saved.body).toBe(303)
      const after = await productRow(env, account.id, fields.code!)
      expect(after).toMatchObject({ id: row!.id, name: 'Hora técnica', kind: 'service', unit: 'h', price_cents: 99, description: null })
    })

    it('refuses a duplicate code with 422 next to the field, keeps the input and inserts nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const before = await env.db.selectFrom('products').select('id').where('account_id', '=', account.id).execute()
      const response = await agent.submit('/registration-data/products/new', '/registration-data/products', productFields({ code: account.products.main.code, name: 'Outro nome', price: '10,50' }))
      expect(response.statusCode).toBe(422)
      expect(response.body).toContain('Corrija os campos destacados.')
      expect(response.body).toMatch(/id="field-code"[^>]*aria-invalid="true"/)
      expect(response.body).toContain('id="field-code-error">Já existe um produto ou serviço com este código.')
      expect(response.body).toContain('value="Outro nome"')
      expect(response.body).toContain('value="10,50"')
      expect(await env.db.selectFrom('products').select('id').where('account_id', '=', account.id).execute()).toHaveLength(before.length)

      // The same code in another account is fine: codes are unique per account.
      const other = await signedInUser(env)
      const elsewhere = await other.agent.submit('/registration-data/products/new', '/registration-data/products', productFields({ code: account.products.main.code }))
      expect(elsewhere.statusCode, elsewhere.body).toBe(303)
    })

    it('shows field errors for an empty name and a price that is not an amount', async () => {
      const { agent, account } = await signedInUser(env)
      const fields = productFields({ name: '', price: '12,3,4' })
      const response = await agent.submit('/registration-data/products/new', '/registration-data/products', fields)
      expect(response.statusCode).toBe(422)
      expect(response.body).toContain('id="field-name-error">Preencha este campo.')
      expect(response.body).toContain('id="field-price-error">Informe um valor, como 1.234,56.')
      expect(response.body).toContain(`value="${fields.code}"`)
      expect(await productRow(env, account.id, fields.code!)).toBeUndefined()
    })

    it('deactivating a product removes it from the API registration data', async () => {
      const { agent, account } = await signedInUser(env)
      const { main } = account.products
      expect((await apiRegistrationData(env, account.auth)).products.map((p) => p.id)).toContain(main.id)
      const response = await agent.submit(`/registration-data/products/${main.id}/edit`, `/registration-data/products/${main.id}`, {
        code: main.code, name: main.name, kind: 'product', unit: main.unit, price: '1.500,00', description: main.description ?? '',
      })
      expect(response.statusCode, response.body).toBe(303)
      const row = await productRow(env, account.id, main.code)
      expect(Boolean(row!.active)).toBe(false)
      expect(row!.price_cents).toBe(150_000)
      expect((await apiRegistrationData(env, account.auth)).products.map((p) => p.id)).not.toContain(main.id)
      const list = await agent.get('/registration-data/products')
      expect(list.body).toContain(main.name)
      expect(list.body).toContain('Inativo')
    })

    it('searches by code or name and pages by 50', async () => {
      const { agent, account } = await signedInUser(env)
      const byCode = await agent.get(`/registration-data/products?q=${encodeURIComponent(account.products.service.code.toLowerCase())}`)
      expect(byCode.body).toContain(account.products.service.name)
      expect(byCode.body).not.toContain(account.products.main.name)
      const byName = await agent.get('/registration-data/products?q=implanta')
      expect(byName.body).toContain(account.products.main.code)
      expect(byName.body).not.toContain(account.products.service.code)
      const literal = await agent.get('/registration-data/products?q=%25')
      expect(literal.body).toContain('Nenhum registro encontrado.')

      const now = new Date().toISOString()
      const lots = Array.from({ length: 55 }, (_, i) => ({ code: `LOTE-${String(i).padStart(2, '0')}`, name: `Lote ${String(i).padStart(2, '0')}` }))
      await env.db.insertInto('products').values(lots.map((lot, i) => ({
        account_id: account.id, ...lot, ...productSearchKeys(lot), kind: 'product' as const, unit: 'un', price_cents: i, description: null, active: true, created_at: now, updated_at: now,
      }))).execute()
      const first = await agent.get('/registration-data/products?q=lote')
      expect(first.body).toContain('Página 1 de 2 · 55 registros')
      expect(first.body).toContain('href="/registration-data/products?q=lote&amp;page=2"')
      const second = await agent.get('/registration-data/products?q=lote&page=2')
      expect(second.body).toContain('LOTE-54')
      expect(second.body).not.toContain('LOTE-00')
    })

    it('escapes a product named <script>', async () => {
      const { agent, account } = await signedInUser(env)
      const fields = productFields({ name: '<script>alert(1)</script>' })
      expect((await agent.submit('/registration-data/products/new', '/registration-data/products', fields)).statusCode).toBe(303)
      const list = await agent.get('/registration-data/products')
      expect(list.body).toContain('&lt;script>alert(1)&lt;/script>')
      expect(list.body).not.toContain('<script>alert(1)')
      const row = await productRow(env, account.id, fields.code!)
      const edit = await agent.get(`/registration-data/products/${row!.id}/edit`)
      expect(edit.body).not.toContain('<script>alert(1)')
    })
  })

  describe('payment methods', () => {
    it('creates and edits a payment method, with installments checked', async () => {
      const { agent, account } = await signedInUser(env)
      const name = `Boleto ${uniqueSuffix()}`
      // The new form offers the usual terms: on signing, then monthly.
      const form = await agent.get('/registration-data/payment-methods/new')
      expect(form.body).toMatch(/name="first_due_days"[^>]*value="0"/)
      expect(form.body).toMatch(/name="installment_interval_days"[^>]*value="30"/)
      // Banking days: unticked until the admin says so.
      expect(form.body).toMatch(/<input[^>]*name="due_on_business_days"/)
      expect(form.body).not.toMatch(/<input[^>]*name="due_on_business_days"[^>]*checked/)
      const terms = { first_due_days: '0', installment_interval_days: '30' }
      const bad = await agent.submit('/registration-data/payment-methods/new', '/registration-data/payment-methods', { name, kind: 'boleto', max_installments: '121', first_due_days: '400', installment_interval_days: '0', active: '1' })
      expect(bad.statusCode).toBe(422)
      expect(bad.body).toContain('id="field-max_installments-error">Informe um número inteiro de 1 a 120.')
      expect(bad.body).toContain('id="field-first_due_days-error">Informe um número inteiro de dias, de 0 a 365.')
      expect(bad.body).toContain('id="field-installment_interval_days-error">Informe um número inteiro de dias, de 1 a 365.')
      expect(bad.body).toContain(`value="${name}"`)
      expect(bad.body).toMatch(/name="first_due_days"[^>]*value="400"/)
      expect(bad.body).toMatch(/<option value="boleto" selected/)
      expect(await env.db.selectFrom('payment_methods').select('id').where('account_id', '=', account.id).where('name', '=', name).execute()).toEqual([])

      const created = await agent.submit('/registration-data/payment-methods/new', '/registration-data/payment-methods', { name, kind: 'boleto', max_installments: '6', first_due_days: '28', installment_interval_days: '30', due_on_business_days: '1', active: '1' })
      expect(created.statusCode, created.body).toBe(303)
      const row = await env.db.selectFrom('payment_methods').selectAll().where('account_id', '=', account.id).where('name', '=', name).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ kind: 'boleto', max_installments: 6, first_due_days: 28, installment_interval_days: 30 })
      expect(Boolean(row.due_on_business_days)).toBe(true)
      expect((await apiRegistrationData(env, account.auth)).payment_methods)
        .toContainEqual(expect.objectContaining({ id: row.id, max_installments: 6, first_due_days: 28, installment_interval_days: 30, due_on_business_days: true }))
      expect((await agent.get(`/registration-data/payment-methods/${row.id}/edit`)).body).toMatch(/<input[^>]*name="due_on_business_days"[^>]*checked/)

      const list = await agent.get('/registration-data/payment-methods')
      expect(list.body).toContain(name)
      expect(list.body).toContain('Boleto')
      expect(list.body).toContain('28 dias após a assinatura, depois a cada 30 dias (em dia útil)')
      const edited = await agent.submit(`/registration-data/payment-methods/${row.id}/edit`, `/registration-data/payment-methods/${row.id}`, { name: `${name} parcelado`, kind: 'bank_transfer', max_installments: '12', ...terms })
      expect(edited.statusCode, edited.body).toBe(303)
      const after = await env.db.selectFrom('payment_methods').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()
      expect(after).toMatchObject({ name: `${name} parcelado`, kind: 'bank_transfer', max_installments: 12, first_due_days: 0, installment_interval_days: 30 })
      // An unticked box is a no.
      expect(Boolean(after.due_on_business_days)).toBe(false)
      expect(Boolean(after.active)).toBe(false)
      expect((await apiRegistrationData(env, account.auth)).payment_methods.map((m) => m.id)).not.toContain(row.id)
    })
  })

  describe('signer roles', () => {
    it('creates and edits a signer role; names are unique ignoring case', async () => {
      const { agent, account } = await signedInUser(env)
      const duplicate = await agent.submit('/registration-data/signer-roles/new', '/registration-data/signer-roles', { name: 'TESTEMUNHA', active: '1' })
      expect(duplicate.statusCode).toBe(422)
      expect(duplicate.body).toContain('id="field-name-error">Já existe um papel com este nome.')
      expect(duplicate.body).toContain('value="TESTEMUNHA"')

      const created = await agent.submit('/registration-data/signer-roles/new', '/registration-data/signer-roles', { name: 'Fiador', active: '1' })
      expect(created.statusCode, created.body).toBe(303)
      const row = await env.db.selectFrom('signer_roles').selectAll().where('account_id', '=', account.id).where('name', '=', 'Fiador').executeTakeFirstOrThrow()
      expect((await apiRegistrationData(env, account.auth)).signer_roles.map((role) => role.name)).toContain('Fiador')

      const renamed = await agent.submit(`/registration-data/signer-roles/${row.id}/edit`, `/registration-data/signer-roles/${row.id}`, { name: 'Fiadora', active: '1' })
      expect(renamed.statusCode, renamed.body).toBe(303)
      // Saving a role under its own name (another case) is not a duplicate of itself.
      const sameName = await agent.submit(`/registration-data/signer-roles/${row.id}/edit`, `/registration-data/signer-roles/${row.id}`, { name: 'FIADORA', active: '1' })
      expect(sameName.statusCode, sameName.body).toBe(303)
      const after = await env.db.selectFrom('signer_roles').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()
      expect(after.name).toBe('FIADORA')
    })
  })

  describe('users and sellers', () => {
    it('creates a user who can then log in', async () => {
      const { agent, account } = await signedInUser(env)
      const email = `novo.${uniqueSuffix()}@vendoc.test`
      const short = await agent.submit('/registration-data/users/new', '/registration-data/users', { name: 'Nova Pessoa', email, role: 'member', is_seller: '1', password: 'curta' })
      expect(short.statusCode).toBe(422)
      expect(short.body).toContain('id="field-password-error">A senha precisa ter pelo menos 8 caracteres.')
      expect(short.body).toContain(`value="${email}"`)
      const taken = await agent.submit('/registration-data/users/new', '/registration-data/users', { name: 'Nova Pessoa', email: account.seller.email.toUpperCase(), role: 'member', password: WEB_PASSWORD })
      expect(taken.statusCode).toBe(422)
      expect(taken.body).toContain('id="field-email-error">Já existe um usuário com este e-mail.')

      const created = await agent.submit('/registration-data/users/new', '/registration-data/users', { name: 'Nova Pessoa', email: ` ${email.toUpperCase()} `, role: 'member', is_seller: '1', password: WEB_PASSWORD })
      expect(created.statusCode, created.body).toBe(303)
      const row = await env.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ account_id: account.id, name: 'Nova Pessoa', role: 'member' })
      expect(Boolean(row.is_seller)).toBe(true)
      expect(row.password_hash).toMatch(/^scrypt\$/)

      const list = await agent.get('/registration-data/users')
      expect(list.body).toContain(email)
      expect(list.body).toContain('Membro')

      const newcomer = new WebAgent(env.app)
      const login = await newcomer.submit('/login', '/login', { email, password: WEB_PASSWORD })
      expect(login.statusCode, login.body).toBe(303)
      expect((await newcomer.get('/dashboard')).statusCode).toBe(200)
    })

    it('keeps one default seller at most: choosing one clears the other', async () => {
      const { agent, account } = await signedInUser(env)
      const { otherSeller, seller } = account
      const response = await agent.submit(`/registration-data/users/${otherSeller.id}/edit`, `/registration-data/users/${otherSeller.id}`, { name: otherSeller.name, role: 'member', is_seller: '1', is_default_seller: '1', active: '1' })
      expect(response.statusCode, response.body).toBe(303)
      const defaults = await env.db.selectFrom('users').select('id').where('account_id', '=', account.id).where('is_default_seller', '=', true).execute()
      expect(defaults.map((row) => row.id)).toEqual([otherSeller.id])
      const list = await agent.get('/registration-data/users')
      expect(list.body.match(/badge accent">Padrão/g)).toHaveLength(1)

      // A default seller must be a seller; the former default keeps its seller flag.
      const refused = await agent.submit(`/registration-data/users/${seller.id}/edit`, `/registration-data/users/${seller.id}`, { name: seller.name, role: 'member', is_default_seller: '1', active: '1' })
      expect(refused.statusCode).toBe(422)
      expect(refused.body).toContain('id="field-is_default_seller-error">O vendedor padrão precisa ser vendedor.')
      expect(Boolean((await env.db.selectFrom('users').select('is_seller').where('id', '=', seller.id).executeTakeFirstOrThrow()).is_seller)).toBe(true)

      // A new user can be made the default directly.
      const email = `padrao.${uniqueSuffix()}@vendoc.test`
      const created = await agent.submit('/registration-data/users/new', '/registration-data/users', { name: 'Padrão Novo', email, role: 'member', is_seller: '1', is_default_seller: '1', password: WEB_PASSWORD })
      expect(created.statusCode, created.body).toBe(303)
      const after = await env.db.selectFrom('users').select('email').where('account_id', '=', account.id).where('is_default_seller', '=', true).execute()
      expect(after).toEqual([{ email }])
    })

    it('refuses an admin demoting or deactivating themselves, and keeps one active admin', async () => {
      const { agent, account, user } = await signedInUser(env)
      const demote = await agent.submit(`/registration-data/users/${user.id}/edit`, `/registration-data/users/${user.id}`, { name: user.name, role: 'member', active: '1' })
      expect(demote.statusCode).toBe(422)
      expect(demote.body).toContain('id="field-role-error">Você não pode retirar o seu próprio perfil de administrador.')
      const deactivate = await agent.submit(`/registration-data/users/${user.id}/edit`, `/registration-data/users/${user.id}`, { name: user.name, role: 'admin' })
      expect(deactivate.statusCode).toBe(422)
      expect(deactivate.body).toContain('id="field-active-error">Você não pode desativar o seu próprio usuário.')
      const row = await env.db.selectFrom('users').select(['role', 'active']).where('id', '=', user.id).executeTakeFirstOrThrow()
      expect(row.role).toBe('admin')
      expect(Boolean(row.active)).toBe(true)

      // Renaming oneself is fine; and another admin can be demoted while one admin remains.
      const rename = await agent.submit(`/registration-data/users/${user.id}/edit`, `/registration-data/users/${user.id}`, { name: 'Nome Novo', role: 'admin', active: '1' })
      expect(rename.statusCode, rename.body).toBe(303)
      const second = await signedInUser(env, { account })
      const demoteOther = await agent.submit(`/registration-data/users/${second.user.id}/edit`, `/registration-data/users/${second.user.id}`, { name: second.user.name, role: 'member', active: '1' })
      expect(demoteOther.statusCode, demoteOther.body).toBe(303)
      expect((await second.agent.get('/registration-data/users')).statusCode).toBe(403)
    })

    it('deactivating a user logs them out and deletes their sessions', async () => {
      const { agent, account } = await signedInUser(env)
      const member = await signedInUser(env, { account, role: 'member' })
      expect((await member.agent.get('/dashboard')).statusCode).toBe(200)
      expect(await env.db.selectFrom('web_sessions').select('id').where('user_id', '=', member.user.id).execute()).toHaveLength(1)

      const response = await agent.submit(`/registration-data/users/${member.user.id}/edit`, `/registration-data/users/${member.user.id}`, { name: member.user.name, role: 'member' })
      expect(response.statusCode, response.body).toBe(303)
      expect(Boolean((await env.db.selectFrom('users').select('active').where('id', '=', member.user.id).executeTakeFirstOrThrow()).active)).toBe(false)
      expect(await env.db.selectFrom('web_sessions').select('id').where('user_id', '=', member.user.id).execute()).toHaveLength(0)
      const after = await member.agent.get('/dashboard')
      expect(after.statusCode).toBe(303)
      expect(after.headers.location).toMatch(/^\/login/)
      const login = await new WebAgent(env.app).submit('/login', '/login', { email: member.user.email, password: WEB_PASSWORD })
      expect(login.statusCode).toBe(401)
      // The admin's own session is untouched.
      expect((await agent.get('/registration-data/users')).statusCode).toBe(200)
    })
  })

  describe('members', () => {
    it('read the catalogue lists without create or edit links, and get 403 on every change', async () => {
      const { account } = await signedInUser(env)
      const { agent } = await signedInUser(env, { account, role: 'member' })
      for (const path of ['/registration-data/products', '/registration-data/payment-methods', '/registration-data/signer-roles']) {
        const list = await agent.get(path)
        expect(list.statusCode).toBe(200)
        expect(list.body).toContain('Somente administradores podem criar ou alterar cadastros.')
        expect(list.body).not.toContain(`href="${path}/new"`)
        expect(list.body).not.toContain('/edit"')
      }
      const products = await agent.get('/registration-data/products')
      expect(products.body).toContain(account.products.main.name)
      const hub = await agent.get('/registration-data')
      expect(hub.statusCode).toBe(200)
      expect(hub.body).not.toContain('href="/registration-data/users"')

      const token = csrfTokenIn(hub.body)
      const { main } = account.products
      const forbiddenGets = [
        '/registration-data/products/new', `/registration-data/products/${main.id}/edit`,
        '/registration-data/payment-methods/new', `/registration-data/payment-methods/${account.paymentMethods.pix.id}/edit`,
        '/registration-data/signer-roles/new', `/registration-data/signer-roles/${account.roles.party.id}/edit`,
        '/registration-data/users', '/registration-data/users/new', `/registration-data/users/${account.seller.id}/edit`,
      ]
      for (const path of forbiddenGets) expect((await agent.get(path)).statusCode, path).toBe(403)
      const posts: Array<[string, Record<string, string>]> = [
        ['/registration-data/products', productFields({ code: 'MEMBRO' })],
        [`/registration-data/products/${main.id}`, productFields({ code: main.code, name: 'Alterado por membro' })],
        ['/registration-data/payment-methods', { name: 'Membro', kind: 'pix', max_installments: '1', active: '1' }],
        [`/registration-data/payment-methods/${account.paymentMethods.pix.id}`, { name: 'Alterado', kind: 'pix', max_installments: '1' }],
        ['/registration-data/signer-roles', { name: 'Membro', active: '1' }],
        [`/registration-data/signer-roles/${account.roles.party.id}`, { name: 'Alterado' }],
        ['/registration-data/users', { name: 'Intruso', email: `intruso.${uniqueSuffix()}@vendoc.test`, role: 'admin', password: WEB_PASSWORD }],
        [`/registration-data/users/${account.seller.id}`, { name: 'Alterado', role: 'admin', active: '1' }],
      ]
      for (const [path, fields] of posts) {
        const response = await agent.post(path, { _csrf: token, ...fields })
        expect(response.statusCode, path).toBe(403)
        expect(response.body).toContain('Acesso negado')
      }
      expect(await productRow(env, account.id, 'MEMBRO')).toBeUndefined()
      expect((await productRow(env, account.id, main.code))!.name).toBe(main.name)
      expect((await env.db.selectFrom('payment_methods').select('name').where('id', '=', account.paymentMethods.pix.id).executeTakeFirstOrThrow()).name).toBe('PIX')
      expect((await env.db.selectFrom('signer_roles').select('name').where('id', '=', account.roles.party.id).executeTakeFirstOrThrow()).name).toBe('Contratante')
      expect(await env.db.selectFrom('signer_roles').select('id').where('account_id', '=', account.id).where('name', '=', 'Membro').execute()).toHaveLength(0)
      expect((await env.db.selectFrom('users').select(['name', 'role']).where('id', '=', account.seller.id).executeTakeFirstOrThrow())).toEqual({ name: account.seller.name, role: 'member' })
      expect(await env.db.selectFrom('users').select('id').where('name', '=', 'Intruso').execute()).toHaveLength(0)
    })
  })

  describe('tenant isolation and CSRF', () => {
    it('answers a foreign id with the same 404 as a missing one, on GET and POST, changing nothing', async () => {
      const { agent } = await signedInUser(env)
      const foreign = await makeAccount(env)
      const token = csrfTokenIn((await agent.get('/registration-data')).body)
      const cases: Array<{ base: string; foreignId: number; fields: Record<string, string> }> = [
        { base: '/registration-data/products', foreignId: foreign.products.main.id, fields: productFields({ name: 'Invadido' }) },
        { base: '/registration-data/payment-methods', foreignId: foreign.paymentMethods.pix.id, fields: { name: 'Invadido', kind: 'pix', max_installments: '1', active: '1' } },
        { base: '/registration-data/signer-roles', foreignId: foreign.roles.party.id, fields: { name: 'Invadido', active: '1' } },
        { base: '/registration-data/users', foreignId: foreign.seller.id, fields: { name: 'Invadido', role: 'admin', is_seller: '1', active: '1' } },
      ]
      for (const { base, foreignId, fields } of cases) {
        const missing = await agent.get(`${base}/999999999/edit`)
        const alien = await agent.get(`${base}/${foreignId}/edit`)
        const nonNumeric = await agent.get(`${base}/abc/edit`)
        for (const response of [missing, alien, nonNumeric]) expect(response.statusCode, base).toBe(404)
        expect(normalised(alien.body)).toBe(normalised(missing.body))
        const postMissing = await agent.post(`${base}/999999999`, { _csrf: token, ...fields })
        const postAlien = await agent.post(`${base}/${foreignId}`, { _csrf: token, ...fields })
        const postNonNumeric = await agent.post(`${base}/0x10`, { _csrf: token, ...fields })
        for (const response of [postMissing, postAlien, postNonNumeric]) expect(response.statusCode, base).toBe(404)
        expect(normalised(postAlien.body)).toBe(normalised(postMissing.body))
      }
      expect((await productRow(env, foreign.id, foreign.products.main.code))!.name).toBe(foreign.products.main.name)
      expect((await env.db.selectFrom('payment_methods').select('name').where('id', '=', foreign.paymentMethods.pix.id).executeTakeFirstOrThrow()).name).toBe('PIX')
      expect((await env.db.selectFrom('signer_roles').select('name').where('id', '=', foreign.roles.party.id).executeTakeFirstOrThrow()).name).toBe('Contratante')
      expect((await env.db.selectFrom('users').select(['name', 'role']).where('id', '=', foreign.seller.id).executeTakeFirstOrThrow())).toEqual({ name: foreign.seller.name, role: 'member' })
    })

    it('refuses a POST without the CSRF token', async () => {
      const { agent, account } = await signedInUser(env)
      const fields = productFields()
      const response = await agent.post('/registration-data/products', fields)
      expect(response.statusCode).toBe(403)
      expect(response.body).toContain('Formulário expirado')
      expect(await productRow(env, account.id, fields.code!)).toBeUndefined()
      const role = await agent.post(`/registration-data/signer-roles/${account.roles.party.id}`, { name: 'Sem token' })
      expect(role.statusCode).toBe(403)
    })
  })
})
