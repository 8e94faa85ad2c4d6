// A customer code "." or ".." cannot be named in a URL path (WHATWG clients resolve them as path
// steps: /customers/../proposals is /proposals), so neither the API's inline customer data nor
// the Clientes form accepts one; each answers an error on the code and writes nothing. On both
// databases. A code that merely holds dots ("A.B", "...") is fine.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { snapshotDatabase } from '../support/snapshot.js'
import { signedInUser } from '../support/web-login.js'

describeEachDialect('customer codes "." and ".."', (env) => {
  it('refuses them in the API’s inline customer data, naming the field and writing nothing', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    for (const code of ['.', '..', ' .. ']) {
      const before = await snapshotDatabase(env.db)
      const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { ...proposalBody(account, customer), customer: { code, name: 'Cliente Ponto' } } })
      expect(errorPaths(expectProblem(response, 422, 'validation_failed')), code).toEqual(['/customer/code'])
      expect(await snapshotDatabase(env.db), code).toEqual(before)
    }
    const fine = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: { ...proposalBody(account, customer), customer: { code: '...', name: 'Cliente Reticências' } } })
    expect(fine.statusCode, fine.body).toBe(201)
  })

  it('refuses them in the Clientes form, next to the code, keeping what was typed', async () => {
    const { agent, account } = await signedInUser(env)
    const count = async () => (await env.db.selectFrom('customers').select('id').where('account_id', '=', account.id).execute()).length
    const before = await count()
    const refused = await agent.submit('/customers/new', '/customers', { name: 'Cliente Ponto', code: '..', document: '', email: '' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain(t.customers.errors.dot_segment)
    expect(refused.body).toContain('value="Cliente Ponto"')
    expect(await count()).toBe(before)
    expect((await agent.submit('/customers/new', '/customers', { name: 'Cliente A.B', code: 'A.B', document: '', email: '' })).statusCode).toBe(303)
  })
})
