// The records of one account that the access-control matrix aims at: customers (CNPJ and CPF),
// documents in three states (a paper draft, a sent paper one, a sent digital one with signing
// links), a webhook with a delivery and a request log entry. Every text that could leak carries a
// distinctive marker, so "no byte of B's data" is a plain substring search.
import { expect } from 'vitest'
import { recordActivity } from '../../../src/modules/accounts/account-activity.js'
import { saveAccountLogo } from '../../../src/modules/accounts/account-logo.js'
import { recordDomainEvent } from '../../../src/modules/events/record-domain-event.js'
import { createWebhookEndpoint } from '../../../src/modules/webhooks/webhook-endpoints.js'
import { validCnpj, validCpf } from '../../support/documents.js'
import { buildPng } from '../../support/png.js'
import { makeAccount, makeCustomer, makeProposal, uniqueSuffix, type TestAccount } from '../../support/factories.js'
import type { TestApp } from '../../support/test-app.js'
import { punctuateCnpj, punctuateCpf } from './access-api-routes.js'

export interface AccessRecords {
  account: TestAccount
  companyCustomer: { id: number; code: string; cnpj: string }
  personCustomer: { id: number; code: string; cpf: string }
  /** Draft (paper), sent paper, sent digital: every write action finds one it would change. */
  proposals: Array<{ id: number; externalUuid: string; externalReference: string }>
  signToken: string
  /** The digital document's signer (`proposals[2]`). */
  signer: number
  webhook: number
  delivery: number
  requestLog: number
  /** A PDF attached to the draft (`proposals[0]`). */
  attachment: number
  /** Texts of this account that appear in no request another account sends: they must never come back. */
  secretMarkers: string[]
  /** Identifiers another account may type into a URL; echoing them back to that very request is no leak. */
  identifierMarkers: string[]
}

async function send(env: TestApp, account: TestAccount, id: number): Promise<void> {
  const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${id}/send`, headers: account.auth, payload: {} })
  expect(sent.statusCode, sent.body).toBe(200)
}

/** Builds the account and its records; `mark` goes into every name, e-mail and reference. */
export async function makeAccessRecords(env: TestApp, mark: string): Promise<AccessRecords> {
  const suffix = uniqueSuffix()
  const tag = `${mark}${suffix}`
  // Codes and references are typed into URLs by the other account's tests, so they carry a tag of their own.
  const idTag = `REF${uniqueSuffix()}`
  const account = await makeAccount(env, { name: `${tag} Conta Ltda` })
  const cnpj = validCnpj()
  const cpf = validCpf()
  const company = await makeCustomer(env, account, { code: `${idTag}-PJ`, name: `${tag} Empresa Ltda`, trade_name: `${tag} Fantasia`, document: cnpj, email: `${tag.toLowerCase()}.pj@cliente.test`, address_street: `Rua ${tag}` })
  const person = await makeCustomer(env, account, { code: `${idTag}-PF`, name: `${tag} Pessoa`, trade_name: null, document: cpf, document_type: 'cpf', email: `${tag.toLowerCase()}.pf@cliente.test` })

  const signer = { name: `${tag} Signatária`, email: `${tag.toLowerCase()}.signer@cliente.test`, cpf: validCpf(), role_id: account.roles.party.id, signing_order: 1 }
  const draft = await makeProposal(env, account, company, { title: `${tag} rascunho`, notes: `${tag} nota`, external_reference: `${idTag}-1` })
  const paper = await makeProposal(env, account, person, { title: `${tag} papel`, external_reference: `${idTag}-2` })
  const digital = await makeProposal(env, account, company, { title: `${tag} digital`, signature_type: 'digital', seller_id: account.seller.id, signers: [signer], external_reference: `${idTag}-3` })
  await send(env, account, paper.id)
  await send(env, account, digital.id)
  const attached = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${draft.id}/attachments`, headers: account.auth, payload: { file_name: `${tag} anexo.pdf`, content_base64: Buffer.from(`%PDF-1.4\n% ${tag}\n`).toString('base64') } })
  expect(attached.statusCode, attached.body).toBe(201)
  const signRow = await env.db.selectFrom('proposal_signers').select(['id', 'sign_token']).where('proposal_id', '=', digital.id).executeTakeFirstOrThrow()

  const hookUrl = `http://127.0.0.1:9/${tag.toLowerCase()}-hook`
  const webhook = await createWebhookEndpoint(env.db, env.clock, { allowPrivate: true }, account.id, { url: hookUrl, events: ['proposal.updated'], description: `${tag} webhook` })
  await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.updated', proposalId: draft.id, data: { note: `${tag} payload` } }))
  const delivery = await env.db.selectFrom('webhook_deliveries').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
  await env.app.requestLog.flush()
  const log = await env.db.selectFrom('request_logs').select('id').where('account_id', '=', account.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
  // An activity entry by the account's token and about it, so a filter by author or item naming this token finds something here and nothing elsewhere.
  const byToken = { type: 'api_token' as const, id: account.token.id, name: `${tag} token`, ip: '192.0.2.9' }
  await recordActivity(env.db, env.clock, account.id, byToken, { action: 'api_token.regenerated', target: { id: account.token.id, label: `${tag} token` }, data: { prefix: account.token.prefix } })
  // A logo, so the admin's control GET of its image answers 200.
  await saveAccountLogo(env.db, env.clock, account.id, buildPng({ width: 16, height: 16 }))

  const proposals = [draft, paper, digital].map((proposal) => ({ id: proposal.id, externalUuid: proposal.external_uuid, externalReference: proposal.external_reference! }))
  return {
    account,
    companyCustomer: { id: company.id, code: company.code!, cnpj },
    personCustomer: { id: person.id, code: person.code!, cpf },
    proposals,
    signToken: signRow.sign_token!,
    signer: signRow.id,
    webhook: webhook.id,
    delivery: delivery.id,
    requestLog: log.id,
    attachment: attached.json().id,
    secretMarkers: [
      tag, // every name, title, note, e-mail, street and the webhook URL carry it
      account.token.token,
      account.token.prefix,
      signRow.sign_token!,
      webhook.secret,
      signer.cpf,
      punctuateCpf(signer.cpf),
    ],
    identifierMarkers: [
      idTag,
      cnpj,
      punctuateCnpj(cnpj),
      cpf,
      punctuateCpf(cpf),
      ...proposals.flatMap((proposal) => [proposal.externalUuid, proposal.externalUuid.toUpperCase()]),
    ],
  }
}
