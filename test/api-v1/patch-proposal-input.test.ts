// PATCH /api/v1/proposals/{id} checks what it is sent exactly like a creation (the same module
// rules): texts blank once trimmed, customer codes with spaces around them, quantities past 3
// decimals. A refused patch changes nothing.
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { snapshotDatabase } from '../support/snapshot.js'

describeEachDialect('PATCH /api/v1/proposals/{id}: the input rules of creation', (env) => {
  function patch(account: TestAccount, id: number, payload: object) {
    return env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${id}`, headers: account.auth, payload })
  }

  it('a blank title, signer name or customer name, or a quantity of 1e-10 → 422 on each field, nothing changed', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account, { code: 'CLI-0016', name: 'Cliente Dezesseis' })
    const draft = await makeProposal(env, account, customer, { title: 'Proposta original' })
    const before = await snapshotDatabase(env.db)
    const problem = expectProblem(
      await patch(account, draft.id, {
        title: ' ',
        customer: { code: 'CLI-0016', name: '\t ' },
        signers: [{ name: '   ', email: 'a@cliente.test', role_id: account.roles.party.id }],
        items: [{ product_id: account.products.main.id, quantity: 1e-10 }],
      }),
      422,
      'validation_failed',
    )
    expect(errorPaths(problem)).toEqual(['/customer/name', '/items/0/quantity', '/signers/0/name', '/title'])
    const after = await snapshotDatabase(env.db)
    expect(after.counts).toEqual(before.counts)
    expect(after.rows).toEqual(before.rows)
  })

  it('a customer code with spaces around it names the existing customer', async () => {
    const account = await makeAccount(env)
    const first = await makeCustomer(env, account)
    const other = await makeCustomer(env, account, { code: 'CLI-0001' })
    const draft = await makeProposal(env, account, first)
    const response = await patch(account, draft.id, { customer: { code: 'CLI-0001 ', name: 'Nome Atualizado' } })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json().customer).toMatchObject({ id: other.id, code: 'CLI-0001', name: 'Nome Atualizado' })
    const codes = await env.db.selectFrom('customers').select('code').where('account_id', '=', account.id).orderBy('id').execute()
    expect(codes.map((row) => row.code)).toEqual([first.code, 'CLI-0001'])
  })
})
