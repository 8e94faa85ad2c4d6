// Searching as people type in Brazil, on both databases alike: without regard to case or accents
// ("joao" and "JOÃO" find "João"; "sao paulo" finds "SÃO PAULO"), and a term's own % and _ taken
// literally. Before, SQLite's lower() folded ASCII only ("joão" missed "JOÃO") and neither
// database ignored accents ("joao" missed "João").
import { describe, expect, it } from 'vitest'
import { listProducts } from '../../src/modules/catalog/manage-products.js'
import { listCustomers } from '../../src/modules/customers/list-customers.js'
import { listProposals } from '../../src/modules/proposals/list-proposals.js'
import { sql } from 'kysely'
import { foldedColumn, foldForSearch } from '../../src/platform/db/folded-search.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import { createProduct, createSignerRole } from '../../src/modules/catalog/catalog-admin.js'
import { listSignerRoles } from '../../src/modules/catalog/manage-signer-roles.js'
import { getRegistrationData } from '../../src/modules/catalog/registration-data.js'
import { getProposalFormOptions } from '../../src/modules/proposals/proposal-form-options.js'

describe('foldForSearch', () => {
  it('drops accents and case of Latin letters, and keeps everything else', () => {
    expect(foldForSearch('JOÃO Conceição Ávila Müller Ñandú Øster')).toBe('joao conceicao avila muller nandu oster')
    expect(foldForSearch('Ação 50% _x_ 😀 Ωμέγα')).toBe('acao 50% _x_ 😀 ωμέγα')
    // Decomposed input (a letter and its combining accent) folds as the composed one.
    expect(foldForSearch('Joa\u0303o')).toBe('joao')
  })
})

describeEachDialect('Folded search', (env) => {
  it('folds a column in SQL as foldForSearch folds a term, on every connection', async () => {
    const texts = ['JOÃO Conceição Ávila Müller Ñandú Øster ŸÝ', 'Ação 50% _x_ 😀 AÇÚCAR', 'plain ascii', '']
    const folded = (db: typeof env.db, text: string) => sql<{ folded: string }>`select ${foldedColumn(db, sql.val(text))} as folded`.execute(db)
    for (const text of texts) {
      // Outside a transaction SQLite reads on its read thread; inside one, on the main connection: each registers the function.
      expect((await folded(env.db, text)).rows[0]!.folded, text).toBe(foldForSearch(text))
      expect((await env.db.transaction().execute((trx) => folded(trx, text))).rows[0]!.folded, text).toBe(foldForSearch(text))
    }
  })

  it('finds customers whatever the case and accents typed, in name, trade name and code', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    await makeCustomer(env, other, { name: 'JOÃO DA OUTRA CONTA' })
    await makeCustomer(env, account, { name: 'JOÃO CONCEIÇÃO LTDA', trade_name: 'Padaria São Paulo' })
    await makeCustomer(env, account, { name: 'Ágata Ávila', code: 'AÇÚCAR-1' })
    await makeCustomer(env, account, { name: 'Maria 50%_Desconto' })
    const found = async (q: string) => (await listCustomers(env.db, account.id, { q, page: 1, perPage: 50 })).rows.map((row) => row.name)
    for (const q of ['joão', 'JOAO', 'joao conceicao', 'CONCEIÇÃO', 'sao paulo', 'PADARIA SÃO']) expect(await found(q), q).toEqual(['JOÃO CONCEIÇÃO LTDA'])
    for (const q of ['agata', 'ÁGATA ÁVILA', 'açucar', 'acucar-1']) expect(await found(q), q).toEqual(['Ágata Ávila'])
    expect(await found('50%_')).toEqual(['Maria 50%_Desconto'])
    expect(await found('50%x')).toEqual([])
    expect(await found('joãoo')).toEqual([])
    // Ordered by the folded name too: "Ágata" among the A's, not after "Maria" as SQLite's byte order put it.
    expect(await found('a')).toEqual(['Ágata Ávila', 'JOÃO CONCEIÇÃO LTDA', 'Maria 50%_Desconto'])
  })

  it('finds documents by their customer’s name or code whatever the case and accents', async () => {
    const account = await makeAccount(env)
    const joao = await makeCustomer(env, account, { name: 'JOÃO CONCEIÇÃO LTDA', code: 'ÉPICO-7' })
    const ana = await makeCustomer(env, account, { name: 'Ana Souza' })
    const first = await makeProposal(env, account, joao)
    await makeProposal(env, account, ana)
    const timeZoned = { id: account.id, timeZone: 'America/Sao_Paulo' }
    const found = async (customerText: string) => (await listProposals(env.db, timeZoned, { customerText }, { page: 1, perPage: 50 })).rows.map((row) => row.id)
    for (const text of ['joão', 'joao conceicao', 'CONCEICAO', 'épico', 'EPICO-7']) expect(await found(text), text).toEqual([first.id])
    expect(await found('pico-7')).toEqual([])
  })

  it('finds products whatever the case and accents, in code and name', async () => {
    const account = await makeAccount(env)
    await createProduct(env.db, env.clock, account.id, { code: 'SERV-ÁGUA', name: 'Instalação hidráulica', kind: 'service', unit: 'h', price_cents: 100 })
    const found = async (q: string) => (await listProducts(env.db, account.id, { q })).rows.map((row) => row.code)
    for (const q of ['INSTALACAO', 'hidraulica', 'instalação HIDRÁULICA', 'serv-agua', 'ÁGUA']) expect(await found(q), q).toEqual(['SERV-ÁGUA'])
  })

  it('orders names ignoring case and accents: the catalogue, the editors, the customer picker', async () => {
    const account = await makeAccount(env)
    const names = ['Zeca', 'água', 'Banana', 'abacaxi', 'Óleo', 'Érica']
    const sorted = ['abacaxi', 'água', 'Banana', 'Érica', 'Óleo', 'Zeca']
    for (const [index, name] of names.entries()) {
      await createProduct(env.db, env.clock, account.id, { code: `ORD-${index}`, name, kind: 'product', unit: 'un', price_cents: 100 })
      await createSignerRole(env.db, env.clock, account.id, { name })
      await makeCustomer(env, account, { name })
    }
    const registration = await getRegistrationData(env.db, account.id)
    expect(registration.products.map((row) => row.name).filter((name) => names.includes(name))).toEqual(sorted)
    expect(registration.signer_roles.map((row) => row.name).filter((name) => names.includes(name))).toEqual(sorted)
    expect((await listProducts(env.db, account.id)).rows.map((row) => row.name).filter((name) => names.includes(name))).toEqual(sorted)
    expect((await listSignerRoles(env.db, account.id)).map((row) => row.name).filter((name) => names.includes(name))).toEqual(sorted)
    expect((await listCustomers(env.db, account.id, { page: 1, perPage: 50 })).rows.map((row) => row.name)).toEqual(sorted)
    expect((await getProposalFormOptions(env.db, account.id)).customers!.map((row) => row.name)).toEqual(sorted)
  })
})
