// insert-new-proposal.ts: a new document's rows (the document, its items, its signers, its first
// history entry) are written as given on both databases: text that PostgreSQL's array literals
// must escape, nulls, many rows, ids in the order given, and no signers at all. (That PostgreSQL
// sends the four as one statement: creation-statements.test.ts.)
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'

// Each one breaks a naive array literal: quotes, backslashes, braces, commas, the word NULL, blanks.
const AWKWARD_TEXTS = ['aspas "duplas" e \'simples\'', 'barra \\ invertida \\\\ dupla', '{chaves, e vírgulas}', 'NULL', '', '  espaços  ', 'linha\nquebrada', 'ação ✓ 日本']

describeEachDialect('a new document\'s rows', (env) => {
  it('writes twelve items and three signers as given, in the order given, with the first history entry', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const items = Array.from({ length: 12 }, (_, index) => ({
      product_id: index % 2 === 0 ? account.products.main.id : account.products.service.id,
      quantity: index + 1,
      // An item's own description, null (none) or the product's (omitted) in turn.
      ...(index < AWKWARD_TEXTS.length ? { description: AWKWARD_TEXTS[index] } : index % 2 === 0 ? { description: null } : {}),
    }))
    // Money past 2^31 (the columns are bigint on PostgreSQL): 12 × 5,000,000,000 less 3,000,000,000.
    Object.assign(items[11]!, { unit_price_cents: 5_000_000_000, discount_cents: 3_000_000_000 })
    const signers = [
      { name: 'Ana "Aninha" Souza', email: 'ana@cliente.test', role_id: account.roles.party.id, signing_order: 3, phone: '+55 (11) 9999-0000' },
      { name: 'Bruno NULL', email: 'bruno@cliente.test', role_id: account.roles.witness.id, signing_order: 1, cpf: '529.982.247-25' },
      { name: 'Célia {a,b} \\ NULL', email: 'celia@cliente.test', role_id: account.roles.party.id, signing_order: 2 },
    ]
    const created = await makeProposal(env, account, customer, { signature_type: 'digital', title: 'Título {com} "tudo"', notes: 'NULL', items, signers })

    const itemRows = await env.db.selectFrom('proposal_items').selectAll().where('account_id', '=', account.id).where('proposal_id', '=', created.id).orderBy('id').execute()
    expect(itemRows.map((row) => row.position)).toEqual(items.map((_, index) => index))
    expect(itemRows.map((row) => row.quantity_milli)).toEqual(items.map((item) => item.quantity * 1000))
    expect(itemRows.map((row) => row.description)).toEqual(
      items.map((item) => ('description' in item ? item.description : item.product_id === account.products.main.id ? account.products.main.description : account.products.service.description)),
    )
    expect(itemRows[11]).toMatchObject({ unit_price_cents: 5_000_000_000, discount_cents: 3_000_000_000, total_cents: 57_000_000_000 })
    expect(itemRows[1]).toMatchObject({
      product_id: account.products.service.id,
      code: account.products.service.code,
      name: account.products.service.name,
      unit: 'h',
      unit_price_cents: 12_345,
      discount_cents: 0,
      total_cents: 24_690,
    })

    const signerRows = await env.db.selectFrom('proposal_signers').selectAll().where('account_id', '=', account.id).where('proposal_id', '=', created.id).orderBy('id').execute()
    expect(signerRows.map((row) => [row.name, row.email, row.cpf, row.phone, row.role_id, row.signing_order, row.status, row.signed_at])).toEqual([
      ['Ana "Aninha" Souza', 'ana@cliente.test', null, '+55 (11) 9999-0000', account.roles.party.id, 3, 'pending', null],
      ['Bruno NULL', 'bruno@cliente.test', '52998224725', null, account.roles.witness.id, 1, 'pending', null],
      ['Célia {a,b} \\ NULL', 'celia@cliente.test', null, null, account.roles.party.id, 2, 'pending', null],
    ])

    const document = await env.db.selectFrom('proposals').selectAll().where('account_id', '=', account.id).where('id', '=', created.id).executeTakeFirstOrThrow()
    expect(document).toMatchObject({ title: 'Título {com} "tudo"', notes: 'NULL', status: 'draft', created_via: 'api', api_token_id: account.token.id, customer_id: customer.id })
    expect(signerRows.every((row) => row.created_at === document.created_at)).toBe(true)

    const history = await env.db.selectFrom('proposal_events').selectAll().where('account_id', '=', account.id).where('proposal_id', '=', created.id).execute()
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ type: 'created', actor_type: 'api_token', actor_id: account.token.id, actor_name: 'CRM', created_at: document.created_at })
    expect(JSON.parse(history[0]!.data_json)).toEqual({ via: 'api', number: created.number, total_cents: document.total_cents })

    // The API's own read gives back what was sent (signers in signing order).
    expect(created.items.map((item) => item.description)).toEqual(itemRows.map((row) => row.description))
    expect(created.signers.map((signer) => signer.name)).toEqual(['Bruno NULL', 'Célia {a,b} \\ NULL', 'Ana "Aninha" Souza'])
  })

  it('writes a paper document without signers', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const created = await makeProposal(env, account, customer)
    const signers = await env.db.selectFrom('proposal_signers').select('id').where('account_id', '=', account.id).where('proposal_id', '=', created.id).execute()
    const items = await env.db.selectFrom('proposal_items').select('id').where('account_id', '=', account.id).where('proposal_id', '=', created.id).execute()
    expect(signers).toEqual([])
    expect(items).toHaveLength(1)
    const history = await env.db.selectFrom('proposal_events').select('type').where('account_id', '=', account.id).where('proposal_id', '=', created.id).execute()
    expect(history).toEqual([{ type: 'created' }])
  })
})
