// The registration-data editors of src/modules/catalog on both databases: validation codes,
// per-account uniqueness, search with literal % and _, and foreign ids reading as not found.
import { expect, it } from 'vitest'
import { countCatalog } from '../../src/modules/catalog/catalog-counts.js'
import { findPaymentMethod, listPaymentMethods, type PaymentMethodInput, savePaymentMethod } from '../../src/modules/catalog/manage-payment-methods.js'
import { findProduct, listProducts, saveProduct, type ProductInput } from '../../src/modules/catalog/manage-products.js'
import { saveSignerRole } from '../../src/modules/catalog/manage-signer-roles.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, uniqueSuffix } from '../support/factories.js'

const product = (overrides: Partial<ProductInput> = {}): ProductInput => ({ code: `C-${uniqueSuffix()}`, name: 'Item', kind: 'product', unit: 'un', price_cents: 100, description: '', active: true, ...overrides })

/** A payment method as the form posts it: a boleto of up to 1 installment, due on signing, monthly after. */
function methodInput(overrides: Partial<PaymentMethodInput> = {}): PaymentMethodInput {
  return { name: 'Boleto', kind: 'boleto', max_installments: '1', first_due_days: '0', installment_interval_days: '30', due_on_business_days: false, active: true, ...overrides }
}

describeEachDialect('Catalogue editors', (env) => {
  it('validates products and keeps codes unique per account', async () => {
    const account = await makeAccount(env)
    expect(await saveProduct(env.db, env.clock, account.id, undefined, product({ code: ' ', kind: 'x', unit: '', price_cents: null })))
      .toEqual({ ok: false, errors: { code: 'required', kind: 'invalid_choice', unit: 'required', price: 'invalid_amount' } })
    expect(await saveProduct(env.db, env.clock, account.id, undefined, product({ price_cents: 100_000_000_001 }))).toEqual({ ok: false, errors: { price: 'amount_too_large' } })
    expect(await saveProduct(env.db, env.clock, account.id, undefined, product({ code: ` ${account.products.main.code} ` }))).toEqual({ ok: false, errors: { code: 'code_taken' } })
    // Saving a product under its own code is not a clash.
    const main = await findProduct(env.db, account.id, account.products.main.id)
    expect(await saveProduct(env.db, env.clock, account.id, main!.id, { ...main!, description: '', price_cents: 1 })).toEqual({ ok: true, id: main!.id })
    expect(await findProduct(env.db, account.id, main!.id)).toMatchObject({ price_cents: 1, description: null })
  })

  it('treats another account\'s rows as not found', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    expect(await findProduct(env.db, account.id, other.products.main.id)).toBeUndefined()
    expect(await saveProduct(env.db, env.clock, account.id, other.products.main.id, product())).toEqual({ ok: false, notFound: true })
    expect(await savePaymentMethod(env.db, env.clock, account.id, other.paymentMethods.pix.id, methodInput({ name: 'X', kind: 'pix' }))).toEqual({ ok: false, notFound: true })
    expect(await saveSignerRole(env.db, env.clock, account.id, other.roles.party.id, { name: 'Outro nome', active: true })).toEqual({ ok: false, notFound: true })
    expect(await findPaymentMethod(env.db, other.id, other.paymentMethods.pix.id)).toMatchObject({ name: 'PIX', active: true })
  })

  it('checks payment method kinds and installments (1 to 120)', async () => {
    const account = await makeAccount(env)
    for (const value of ['0', '121', '2.5', 'abc']) {
      expect(await savePaymentMethod(env.db, env.clock, account.id, undefined, methodInput({ max_installments: value })))
        .toEqual({ ok: false, errors: { max_installments: 'invalid_installments' } })
    }
    expect(await savePaymentMethod(env.db, env.clock, account.id, undefined, { name: '', kind: '', max_installments: '', first_due_days: '', installment_interval_days: '', due_on_business_days: false, active: true }))
      .toEqual({ ok: false, errors: { name: 'required', kind: 'required', max_installments: 'required', first_due_days: 'required', installment_interval_days: 'required' } })
    const saved = await savePaymentMethod(env.db, env.clock, account.id, undefined, methodInput({ max_installments: '120' }))
    expect(saved.ok).toBe(true)
  })

  it('checks payment terms: the first installment 0 to 365 days after signing, 1 to 365 days apart; nothing is written on an error', async () => {
    const account = await makeAccount(env)
    const before = await listPaymentMethods(env.db, account.id)
    for (const value of ['-1', '366', '1.5', '30 dias', '1e2']) {
      expect(await savePaymentMethod(env.db, env.clock, account.id, undefined, methodInput({ first_due_days: value })), value)
        .toEqual({ ok: false, errors: { first_due_days: 'invalid_first_due_days' } })
    }
    for (const value of ['0', '366', '-30', 'x']) {
      expect(await savePaymentMethod(env.db, env.clock, account.id, account.paymentMethods.pix.id, methodInput({ installment_interval_days: value })), value)
        .toEqual({ ok: false, errors: { installment_interval_days: 'invalid_interval_days' } })
    }
    expect(await listPaymentMethods(env.db, account.id)).toEqual(before)

    const saved = await savePaymentMethod(env.db, env.clock, account.id, undefined, methodInput({ name: 'Boleto 28 dias', first_due_days: ' 28 ', installment_interval_days: '365', max_installments: '12' }))
    expect(saved.ok).toBe(true)
    expect(await findPaymentMethod(env.db, account.id, (saved as { id: number }).id)).toMatchObject({ first_due_days: 28, installment_interval_days: 365, max_installments: 12 })
    // A method created without terms (the CLI, demo data, rows from before migration 043) falls due on signing, then monthly.
    expect(await findPaymentMethod(env.db, account.id, account.paymentMethods.pix.id)).toMatchObject({ first_due_days: 0, installment_interval_days: 30 })
  })

  it('compares signer role names ignoring case, accents included', async () => {
    const account = await makeAccount(env)
    expect((await saveSignerRole(env.db, env.clock, account.id, undefined, { name: 'Anuência', active: true })).ok).toBe(true)
    expect(await saveSignerRole(env.db, env.clock, account.id, undefined, { name: 'ANUÊNCIA', active: true })).toEqual({ ok: false, errors: { name: 'name_taken' } })
    // Inactive roles still hold their name.
    expect(await saveSignerRole(env.db, env.clock, account.id, undefined, { name: 'avalista', active: true })).toEqual({ ok: false, errors: { name: 'name_taken' } })
  })

  it('searches code and name with % and _ taken literally, and counts rows per account', async () => {
    const account = await makeAccount(env)
    await saveProduct(env.db, env.clock, account.id, undefined, product({ code: 'DESC_50%', name: 'Desconto' }))
    await saveProduct(env.db, env.clock, account.id, undefined, product({ code: 'DESCX50X', name: 'Outro' }))
    const found = await listProducts(env.db, account.id, { q: 'c_50%' })
    expect(found.rows.map((row) => row.code)).toEqual(['DESC_50%'])
    expect(found.total).toBe(1)
    expect((await listProducts(env.db, account.id, { q: 'DESCONTO' })).rows.map((row) => row.code)).toEqual(['DESC_50%'])
    expect(await countCatalog(env.db, account.id)).toEqual({ products: 5, paymentMethods: 3, templates: 2, signerRoles: 3, users: 2 })
  })
})
