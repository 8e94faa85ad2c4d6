// Mass assignment (OWASP API3): every body of the API is strict, so a field the client must not
// set — the tenant, the ID, the status, the number, timestamps, quota counters, secrets — is a 422
// that names it, and nothing is written: the whole database fingerprint (counts, highest ids and
// the content of every table the API writes) is the same before and after. The list of operations
// comes from the OpenAPI document, so a new POST/PATCH/PUT is covered without being listed here.
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, proposalBody, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { openApiOperations, type Operation } from '../support/openapi-contract.js'
import { bodySchema, fillPath } from './support/fuzz-requests.js'
import type { Schema } from './support/fuzz-schema-values.js'
import { snapshotPlan, takeWriteSnapshot, writesBetween, type SnapshotPlan } from './support/fuzz-write-snapshot.js'

/** Server-owned fields, at the top level of every body. */
const TOP_LEVEL = ['account_id', 'id', 'status', 'number', 'created_at', 'updated_at', 'sent_at', 'signed_at', 'cancelled_at', 'deleted_at', 'external_uuid', 'total_cents', 'version', 'used', 'limit', 'quota_limit', 'quota_used', 'token_hash', 'token_id', 'secret', 'secret_hash', 'plan_code', 'role', 'api_token_id', 'attempts']

/** Server-owned fields of nested objects, by the body property that holds them. */
const NESTED: Record<string, string[]> = {
  customer: ['account_id', 'created_at', 'status'],
  items: ['account_id', 'id', 'proposal_id', 'total_cents', 'position'],
  signers: ['account_id', 'id', 'status', 'signed_at', 'token_hash', 'sign_token'],
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT'])

describeEachDialect('mass assignment', (env) => {
  let account: TestAccount
  let plan: SnapshotPlan
  let samples: Record<string, Record<string, unknown>>
  let pathValues: Record<string, string>
  let injected = 0

  beforeAll(async () => {
    account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const draft = await makeProposal(env, account, customer, { signature_type: 'digital', signers: [{ name: 'Maria Souza', email: 'maria@cliente.test', role_id: account.roles.party.id }] })
    const webhook = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: account.auth, payload: { url: 'http://127.0.0.1:9/hook', events: ['proposal.created'] } })
    expect(webhook.statusCode, webhook.body).toBe(201)
    const webhookId = String(webhook.json<{ id: number }>().id)
    plan = await snapshotPlan(env.db, env.dialect)
    pathValues = { id: String(draft.id), customer_id: String(customer.id), delivery_id: '1', signer_id: String(draft.signers[0]!.id) }
    const webhookPath = { ...pathValues, id: webhookId }
    samples = {
      createProposal: proposalBody(account, customer, { signers: [{ name: 'Ana Lima', email: 'ana@cliente.test', role_id: account.roles.party.id }] }),
      updateProposal: { notes: 'nota', items: [{ product_id: account.products.main.id, quantity: 2 }], signers: [{ name: 'Ana Lima', email: 'ana@cliente.test', role_id: account.roles.party.id }] },
      createWebhook: { url: 'http://127.0.0.1:9/hook', events: ['proposal.created'] },
      updateWebhook: { description: 'CRM' },
      updateSignerContact: { phone: '+55 11 90000-0000' },
      addProposalAttachment: { file_name: 'anexo.pdf', content_base64: Buffer.from('%PDF-1.4\n').toString('base64') },
      commentProposal: { text: 'Cliente pediu prazo de 60 dias.' },
    }
    // Webhook operations address the webhook, the others the draft.
    for (const operation of writeOperations()) if (operation.path.includes('/webhooks/')) samples[`path:${operation.operation.operationId}`] = webhookPath as never
  }, 120_000)

  function writeOperations(): Operation[] {
    return openApiOperations().filter((operation) => WRITE_METHODS.has(operation.method) && bodySchema(operation))
  }

  function urlOf(operation: Operation): string {
    return fillPath(operation, (samples[`path:${operation.operation.operationId}`] as unknown as Record<string, string> | undefined) ?? pathValues)
  }

  /** Sends `body`; it must be a 422 naming `pointer`, and write nothing. */
  async function expectRejected(operation: Operation, body: Record<string, unknown>, pointer: string): Promise<void> {
    const before = await takeWriteSnapshot(env.db, plan)
    const response = await env.app.inject({ method: operation.method as 'POST', url: urlOf(operation), headers: account.auth, payload: body })
    const where = `${operation.operation.operationId} with ${pointer}`
    const problem = expectProblem(response, 422, 'validation_failed')
    expect(errorPaths(problem), where).toContain(pointer)
    expect(problem.errors!.find((error) => error.path === pointer)?.message, where).toBe('is not a known field')
    expect(writesBetween(before, await takeWriteSnapshot(env.db, plan)), `writes of ${where}`).toEqual([])
    injected++
  }

  it('covers every write operation of the OpenAPI document, each with a strict body', () => {
    const operations = writeOperations()
    expect(operations.map((operation) => operation.operation.operationId).sort()).toEqual(
      ['addProposalAttachment', 'cancelProposal', 'commentProposal', 'createProposal', 'createWebhook', 'markProposalSigned', 'redeliverWebhook', 'requestDiscountApproval', 'resendProposal', 'rotateWebhookSecret', 'sendProposal', 'updateProposal', 'updateSignerContact', 'updateWebhook'].sort(),
    )
    for (const operation of operations) expect(bodySchema(operation)!.additionalProperties, operation.operation.operationId).toBe(false)
  })

  it('refuses every server-owned field at the top level of every body, writing nothing', { timeout: 180_000 }, async () => {
    for (const operation of writeOperations()) {
      const schema = bodySchema(operation)!
      const sample = samples[operation.operation.operationId] ?? {}
      for (const field of TOP_LEVEL.filter((name) => !(name in (schema.properties ?? {})))) {
        await expectRejected(operation, { ...sample, [field]: field.endsWith('_at') ? '2020-01-01T00:00:00Z' : field === 'status' ? 'signed' : 999 }, `/${field}`)
      }
    }
  })

  it('refuses server-owned fields inside customers, items and signers, writing nothing', { timeout: 120_000 }, async () => {
    for (const operation of writeOperations()) {
      const schema = bodySchema(operation)!
      const sample = samples[operation.operation.operationId] ?? {}
      for (const [property, fields] of Object.entries(NESTED)) {
        const nested = (schema.properties ?? {})[property] as Schema | undefined
        if (!nested || sample[property] === undefined) continue
        const own = (nested.items ?? nested).properties ?? {}
        for (const field of fields.filter((name) => !(name in own))) {
          const value = sample[property]
          const body = { ...sample, [property]: Array.isArray(value) ? [{ ...value[0], [field]: 999 }] : { ...(value as object), [field]: 999 } }
          await expectRejected(operation, body, Array.isArray(value) ? `/${property}/0/${field}` : `/${property}/${field}`)
        }
      }
    }
  })

  it('accepts the same bodies without the injected fields (the 422s are about the fields)', async () => {
    const created = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: samples.createProposal! })
    expect(created.statusCode, created.body).toBe(201)
    const updated = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${pathValues.id}`, headers: account.auth, payload: samples.updateProposal! })
    expect(updated.statusCode, updated.body).toBe(200)
    const body = updated.json<{ id: number; status: string; number: number; notes: string }>()
    expect(body).toMatchObject({ id: Number(pathValues.id), status: 'draft', notes: 'nota' })
    // The draft still belongs to the account, with the number it was given.
    const row = await env.db.selectFrom('proposals').select(['account_id', 'number', 'status']).where('id', '=', Number(pathValues.id)).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ account_id: account.id, number: 1, status: 'draft' })
    expect(injected).toBeGreaterThan(200)
    console.log(`[mass-assignment ${env.dialect}] ${injected} injected fields refused, nothing written`)
  })
  // The fixture's webhook calls a loopback URL (no DNS needed); SSRF has its own test.
}, { env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'on', API_RATE_LIMIT_PER_MINUTE: '1000000' } })
