// Digital documents sent through the API, with each signer's private token read back from the
// database, for the signing tests (module, pages and browser).
import { expect } from 'vitest'
import { type CreationBody, makeCustomer, makeProposal, type TestAccount } from './factories.js'
import type { TestApp } from './test-app.js'

export interface SentSigner {
  id: number
  name: string
  email: string
  cpf: string | null
  token: string
}

/** A digital document with the given signers, sent through the API; its signers with their tokens. */
export async function sentDigitalDocument(
  env: TestApp,
  account: TestAccount,
  signers: Array<{ name: string; cpf: string | null; order: number; authentication?: 'link' | 'email_code' }>,
  extra: CreationBody = {},
) {
  const customer = await makeCustomer(env, account)
  const created = await makeProposal(env, account, customer, {
    signature_type: 'digital',
    seller_id: account.seller.id,
    signers: signers.map((signer, index) => ({
      name: signer.name,
      email: `signer${index + 1}.${emailSuffix()}@cliente.test`,
      cpf: signer.cpf,
      role_id: account.roles.party.id,
      signing_order: signer.order,
      ...(signer.authentication ? { authentication: signer.authentication } : {}),
    })),
    ...extra,
  })
  const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${created.id}/send`, headers: account.auth, payload: {} })
  expect(sent.statusCode, sent.body).toBe(200)
  const rows = await env.db.selectFrom('proposal_signers').select(['id', 'name', 'email', 'cpf', 'sign_token']).where('proposal_id', '=', created.id).orderBy('signing_order').orderBy('id').execute()
  return { id: created.id, number: created.number, signers: rows.map((row): SentSigner => ({ id: row.id, name: row.name, email: row.email, cpf: row.cpf, token: row.sign_token! })) }
}

let counter = 0
function emailSuffix(): string {
  counter += 1
  return `${Date.now().toString(36)}${counter}`
}

