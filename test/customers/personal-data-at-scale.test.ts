// The LGPD export and erasure of a customer with more documents than a statement takes bound
// values (SQLite: 32,766) and more distinct signers than one search statement takes terms. Both
// failed for such a customer: the lists of its documents were IN lists of one parameter each
// ("too many SQL variables"), and the export searched the request log with one LIKE per document
// ("Expression tree is too large"). Checked on both engines: the export lists every document and
// the log entries that name one by path, and the erasure anonymises every signer and redacts a
// log entry that names one of them, another customer's entry left as it was. The erasure writes
// in statements of many rows: one a row had cost PostgreSQL a round trip each (~12 s for 20,000
// documents and 40,000 signers, the history's exclusive lock held throughout).
import type { Insertable } from 'kysely'
import { expect, it } from 'vitest'
import { insertRequestLogs } from '../../src/modules/integrations/request-log/request-log-repository.js'
import type { RequestLogEntry } from '../../src/modules/integrations/request-log/request-log-entry.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { writePersonalDataExport } from '../../src/modules/privacy/export-personal-data.js'
import type { ProposalSignersTable, ProposalsTable } from '../../src/platform/db/schema.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'

const DOCUMENTS = 33_000
const IDENTITIES = 120

/** `count` copies of a stored document for the same customer, numbered on from the account's last. */
async function copyDocument(env: TestApp, templateId: number, count: number): Promise<number[]> {
  const { id: _id, ...template } = await env.db.selectFrom('proposals').selectAll().where('id', '=', templateId).executeTakeFirstOrThrow()
  const suffix = uniqueSuffix()
  const last = await env.db.selectFrom('proposals').select((eb) => eb.fn.max('number').as('number')).where('account_id', '=', template.account_id).executeTakeFirstOrThrow()
  // ~60 columns a row: 400 rows a statement stay under either database's bound on parameters.
  for (let first = 0; first < count; first += 400) {
    const rows: Array<Insertable<ProposalsTable>> = Array.from({ length: Math.min(400, count - first) }, (_, offset) => ({
      ...template,
      number: Number(last.number) + first + offset + 1,
      external_uuid: `${suffix}-${first + offset}`,
      external_reference: null,
      custom_payment_terms: Boolean(template.custom_payment_terms),
      due_on_business_days: Boolean(template.due_on_business_days),
    }))
    await env.db.insertInto('proposals').values(rows).execute()
  }
  const ids = await env.db.selectFrom('proposals').select('id').where('account_id', '=', template.account_id).where('customer_id', '=', template.customer_id).where('id', '!=', templateId).orderBy('id').execute()
  return ids.map((row) => Number(row.id))
}

function logEntry(env: TestApp, accountId: number, path: string, requestBody: string | null): RequestLogEntry {
  return {
    created_at: env.clock.now().toISOString(), request_id: `scale-${uniqueSuffix()}`, account_id: accountId, api_token_id: null, token_prefix: null,
    method: 'GET', path, query: null, status: 200, duration_ms: 1, ip: null, user_agent: null, idempotency_key: null, error_code: null,
    request_headers: null, request_body: requestBody, response_body: null, client_closed: false,
  }
}

describeEachDialect('personal data of a customer with 33,000 documents', (env) => {
  it('is exported and erased whole', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const neighbour = await makeCustomer(env, account)
    const first = await makeProposal(env, account, customer, { signers: [{ name: 'Pessoa Modelo', email: 'modelo@escala.test', role_id: account.roles.party.id }] })
    const neighbours = await makeProposal(env, account, neighbour)
    // Every copy's title names the customer, so every document is rewritten by the erasure.
    await env.db.updateTable('proposals').set({ title: `Proposta para ${customer.name}` }).where('id', '=', first.id).execute()
    const copies = await copyDocument(env, first.id, DOCUMENTS)
    // A signer on the first copies, cycling over more people than one search statement takes.
    const signerTemplate = await env.db.selectFrom('proposal_signers').selectAll().where('proposal_id', '=', first.id).orderBy('id').executeTakeFirstOrThrow()
    const { id: _signerId, ...signer } = signerTemplate
    const signers: Array<Insertable<ProposalSignersTable>> = copies.slice(0, IDENTITIES * 2).map((proposalId, index) => ({
      ...signer,
      proposal_id: proposalId,
      name: `Pessoa ${index % IDENTITIES} Quaresma`,
      email: `pessoa${index % IDENTITIES}@escala.test`,
      sign_token: null,
    }))
    for (let start = 0; start < signers.length; start += 100) await env.db.insertInto('proposal_signers').values(signers.slice(start, start + 100)).execute()

    const lastCopy = copies[copies.length - 1]!
    const log = [
      logEntry(env, account.id, `/api/v1/proposals/${lastCopy}`, null),
      logEntry(env, account.id, `/api/v1/proposals/${neighbours.id}`, null),
      logEntry(env, account.id, '/api/v1/proposals', JSON.stringify({ signers: [{ email: `pessoa${IDENTITIES - 1}@escala.test` }] })),
      logEntry(env, account.id, '/api/v1/proposals', JSON.stringify({ signers: [{ email: 'alguem@vizinho.test' }] })),
    ]
    await insertRequestLogs(env.db, log)
    const logIds = await Promise.all(log.map(async (entry) => Number((await env.db.selectFrom('request_logs').select('id').where('request_id', '=', entry.request_id).executeTakeFirstOrThrow()).id)))

    let text = ''
    let pieces = 0
    await writePersonalDataExport(env.db, env.clock, account.id, String(customer.id), (piece) => {
      text += piece
      pieces++
    })
    const exported = JSON.parse(text) as { documents: Array<{ id: number }>; request_log: Array<{ id: number }> }
    // Written a document at a time (never the whole text at once), and exactly as the whole document would print.
    expect(pieces).toBeGreaterThan(DOCUMENTS)
    expect(text).toBe(`${JSON.stringify(exported, null, 2)}\n`)
    expect(exported.documents.map((document) => document.id)).toEqual([first.id, ...copies])
    expect(exported.documents).toHaveLength(DOCUMENTS + 1)
    const listed = exported.request_log.map((row) => Number(row.id))
    expect(listed).toContain(logIds[0])
    expect(listed).not.toContain(logIds[1])

    let statements = 0
    const counted = env.db.withPlugin({
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: async (args) => args.result,
    })
    const summary = await erasePersonalData(counted, env.clock, account.id, String(customer.id), { erasedBy: 'test' })
    expect(summary.documents).toBe(DOCUMENTS + 1)
    expect(summary.changed.proposals).toBe(DOCUMENTS + 1)
    // 33,001 documents locked first and their updated_at moved at the end (one statement each),
    // rewritten and given an erasure entry each, 240 signers: ~34 statements for each of the two,
    // a few dozen reads; row by row it was over 66,000.
    expect(statements).toBeLessThan(150)
    const titled = await env.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', account.id).where('customer_id', '=', customer.id).where('title', 'like', `%${customer.name}%`).executeTakeFirstOrThrow()
    expect(Number(titled.n)).toBe(0)
    const erasureEntries = await env.db.selectFrom('proposal_events').select('proposal_id').where('account_id', '=', account.id).where('type', '=', 'personal_data_erased').execute()
    expect(erasureEntries).toHaveLength(DOCUMENTS + 1)
    expect(new Set(erasureEntries.map((entry) => Number(entry.proposal_id)))).toEqual(new Set([first.id, ...copies]))
    const remaining = await env.db.selectFrom('proposal_signers').select('id').where('account_id', '=', account.id).where('email', 'like', '%@escala.test').execute()
    expect(remaining).toEqual([])
    const bodies = await env.db.selectFrom('request_logs').select(['id', 'request_body']).where('id', 'in', logIds.slice(2)).orderBy('id').execute()
    expect(bodies[0]!.request_body).not.toContain('@escala.test')
    expect(bodies[1]!.request_body).toContain('alguem@vizinho.test')
  }, 180_000)
})
