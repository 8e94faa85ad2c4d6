// activeCatalogueRows (catalog-lookups.ts): the same rows, with the same JS types, on both databases,
// though PostgreSQL reads them as JSON in one statement and SQLite as rows in four. Only the
// account's active rows come back; repeated ids count once; empty lists read nothing.
import { expect, it } from 'vitest'
import { activeCatalogueRows } from '../../src/modules/catalog/catalog-lookups.js'
import { createProduct } from '../../src/modules/catalog/catalog-admin.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'

describeEachDialect('the catalogue rows a document names', (env) => {
  it('are the account\'s active ones, numbers as numbers (past 2^31 too), nulls as null', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const costly = await createProduct(env.db, env.clock, account.id, { code: 'CARO-1', name: 'Usina "solar" {grande}', kind: 'product', unit: 'un', price_cents: 5_000_000_000, description: null })
    const { main, inactive } = account.products

    const rows = await activeCatalogueRows(env.db, account.id, {
      templateId: account.template.id,
      paymentMethodId: account.paymentMethods.card.id,
      productIds: [main.id, costly.id, main.id, inactive.id, other.products.main.id, 2_000_000_000],
      roleIds: [account.roles.witness.id, account.roles.inactive.id, other.roles.party.id, account.roles.witness.id],
    })

    expect(rows.template).toEqual({ id: account.template.id, name: 'Proposta comercial' })
    expect(rows.paymentMethod).toEqual({ id: account.paymentMethods.card.id, name: 'Cartão de crédito', kind: 'credit_card', max_installments: 12, first_due_days: 0, installment_interval_days: 30, due_on_business_days: false })
    expect([...rows.products.keys()].sort((a, b) => a - b)).toEqual([main.id, costly.id].sort((a, b) => a - b))
    expect(rows.products.get(main.id)).toEqual({ id: main.id, code: main.code, name: main.name, unit: 'un', price_cents: 150_000, description: 'Implantação completa' })
    expect(rows.products.get(costly.id)).toEqual({ id: costly.id, code: 'CARO-1', name: 'Usina "solar" {grande}', unit: 'un', price_cents: 5_000_000_000, description: null })
    expect([...rows.roles.values()]).toEqual([{ id: account.roles.witness.id, name: 'Testemunha' }])

    // Due on banking days: a boolean from either engine (SQLite stores 1).
    await env.db.updateTable('payment_methods').set({ due_on_business_days: true }).where('id', '=', account.paymentMethods.card.id).execute()
    const refs = { templateId: account.template.id, paymentMethodId: account.paymentMethods.card.id, productIds: [], roleIds: [] }
    expect((await activeCatalogueRows(env.db, account.id, refs)).paymentMethod?.due_on_business_days).toBe(true)
  })

  it('leave out an inactive or foreign template and payment method, and read nothing for empty lists', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const inactive = await activeCatalogueRows(env.db, account.id, { templateId: account.inactiveTemplate.id, paymentMethodId: account.paymentMethods.inactive.id, productIds: [], roleIds: [] })
    expect(inactive).toEqual({ template: undefined, paymentMethod: undefined, products: new Map(), roles: new Map() })
    const foreign = await activeCatalogueRows(env.db, account.id, { templateId: other.template.id, paymentMethodId: other.paymentMethods.pix.id, productIds: [other.products.service.id], roleIds: [other.roles.party.id] })
    expect(foreign).toEqual({ template: undefined, paymentMethod: undefined, products: new Map(), roles: new Map() })
  })
})
