// Uniqueness in the catalogue on both databases: payment method names ignore case (accents
// included) as signer role names do, in the module and on the Cadastros form; product codes stay
// exact, as every lookup by code is (the document form's typed codes, the unique key).
import { expect, it } from 'vitest'
import { createPaymentMethod } from '../../src/modules/catalog/catalog-admin.js'
import { saveProduct, type ProductInput } from '../../src/modules/catalog/manage-products.js'
import { savePaymentMethod } from '../../src/modules/catalog/manage-payment-methods.js'
import { productsByCode } from '../../src/modules/proposals/proposal-form-options.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

const method = (name: string, overrides: Partial<{ kind: string; max_installments: string; active: boolean }> = {}) =>
  ({ name, kind: 'other', max_installments: '1', first_due_days: '0', installment_interval_days: '30', due_on_business_days: false, active: true, ...overrides })

async function methodNames(env: TestApp, accountId: number): Promise<string[]> {
  const rows = await env.db.selectFrom('payment_methods').select('name').where('account_id', '=', accountId).orderBy('id').execute()
  return rows.map((row) => row.name)
}

describeEachDialect('Catalogue uniqueness', (env) => {
  it('refuses a payment method named like another of the account, ignoring case and accents\' case, inactive ones included', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    // makeAccount: "PIX", "Cartão de crédito" and the inactive "Cheque".
    for (const name of ['pix', ' PIX ', 'CARTÃO DE CRÉDITO', 'cheque']) {
      expect(await savePaymentMethod(env.db, env.clock, account.id, undefined, method(name)), name).toEqual({ ok: false, errors: { name: 'name_taken' } })
    }
    // Other errors are reported with it.
    expect(await savePaymentMethod(env.db, env.clock, account.id, undefined, method('Pix', { max_installments: '0' })))
      .toEqual({ ok: false, errors: { name: 'name_taken', max_installments: 'invalid_installments' } })
    // Another account's names are not this one's.
    expect((await savePaymentMethod(env.db, env.clock, other.id, undefined, method('Crediário'))).ok).toBe(true)
    const created = await savePaymentMethod(env.db, env.clock, account.id, undefined, method('Crediário'))
    expect(created.ok).toBe(true)
    const id = (created as { id: number }).id

    // A method saved under its own name (another case) is no duplicate of itself; renaming onto another's is.
    expect(await savePaymentMethod(env.db, env.clock, account.id, id, method('CREDIÁRIO', { max_installments: '10' }))).toEqual({ ok: true, id })
    expect(await savePaymentMethod(env.db, env.clock, account.id, id, method('pix'))).toEqual({ ok: false, errors: { name: 'name_taken' } })
    expect(await methodNames(env, account.id)).toEqual(['PIX', 'Cartão de crédito', 'Cheque', 'CREDIÁRIO'])
  })

  it('lets a duplicate held from before the check be edited under its name, and refuses a third', async () => {
    const account = await makeAccount(env)
    const first = await createPaymentMethod(env.db, env.clock, account.id, { name: 'Dinheiro', kind: 'other', max_installments: 1 })
    const second = await createPaymentMethod(env.db, env.clock, account.id, { name: 'DINHEIRO', kind: 'other', max_installments: 1 })
    // Deactivating the duplicate (or any other change keeping its name) must stay possible.
    expect(await savePaymentMethod(env.db, env.clock, account.id, second.id, method('DINHEIRO', { active: false }))).toEqual({ ok: true, id: second.id })
    expect(await savePaymentMethod(env.db, env.clock, account.id, first.id, method('dinheiro', { max_installments: '2' }))).toEqual({ ok: true, id: first.id })
    expect(await savePaymentMethod(env.db, env.clock, account.id, undefined, method('Dinheiro'))).toEqual({ ok: false, errors: { name: 'name_taken' } })
  })

  it('answers the Cadastros form 422 with the message next to the name, keeps what was typed and inserts nothing', async () => {
    const { agent, account } = await signedInUser(env)
    const before = await methodNames(env, account.id)
    const refused = await agent.submit('/registration-data/payment-methods/new', '/registration-data/payment-methods', { name: 'pix', kind: 'pix', max_installments: '1', active: '1' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('id="field-name-error">Já existe uma forma de pagamento com este nome.')
    expect(refused.body).toContain('value="pix"')
    expect(refused.body).toMatch(/<option value="pix" selected/)
    expect(await methodNames(env, account.id)).toEqual(before)
    // The document form still offers one PIX.
    const form = await agent.get('/proposals/new')
    expect(form.statusCode).toBe(200)
    expect(form.body.match(/<option value="\d+"[^>]*>PIX\b/g)).toHaveLength(1)

    // Editing: renaming onto another method's name is refused the same way.
    const card = await env.db.selectFrom('payment_methods').select('id').where('account_id', '=', account.id).where('name', '=', 'Cartão de crédito').executeTakeFirstOrThrow()
    const renamed = await agent.submit(`/registration-data/payment-methods/${card.id}/edit`, `/registration-data/payment-methods/${card.id}`, { name: 'Pix', kind: 'credit_card', max_installments: '12', active: '1' })
    expect(renamed.statusCode).toBe(422)
    expect(renamed.body).toContain('id="field-name-error">Já existe uma forma de pagamento com este nome.')
    expect(await methodNames(env, account.id)).toEqual(before)
  })

  it('keeps product codes exact: a code differing only in case is another product, and is looked up as typed', async () => {
    // Decision: every lookup by code is exact (the document form's typed code, the (account_id,
    // code) unique key) and the API names products by id only, so "srv-cons" is not "SRV-CONS".
    const account = await makeAccount(env)
    const product = (code: string): ProductInput => ({ code, name: `Consultoria ${code}`, kind: 'service', unit: 'h', price_cents: 100, description: '', active: true })
    const upper = `SRV-${uniqueSuffix()}`.toUpperCase()
    const lower = upper.toLowerCase()
    const first = await saveProduct(env.db, env.clock, account.id, undefined, product(upper))
    const second = await saveProduct(env.db, env.clock, account.id, undefined, product(lower))
    expect(first.ok && second.ok).toBe(true)
    expect(await saveProduct(env.db, env.clock, account.id, undefined, product(upper))).toEqual({ ok: false, errors: { code: 'code_taken' } })
    const found = await productsByCode(env.db, account.id, [upper, lower])
    expect(found.get(upper)?.id).toBe((first as { id: number }).id)
    expect(found.get(lower)?.id).toBe((second as { id: number }).id)
  })
})
