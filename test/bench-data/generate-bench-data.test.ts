// The benchmark's data generator (`vendoc bench-data`): the counts it promises, documents the app
// itself reads back correctly (detail and customer list through the API), totals priced exactly as
// the app prices them, an exact id range, sequences moved past the explicit ids, and determinism.
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import type { Clock } from '../../src/platform/clock.js'
import type { DatabaseHandle } from '../../src/platform/db/connect.js'
import { type BenchDataSummary, generateBenchData } from '../../src/modules/bench-data/generate-bench-data.js'
import { isValidCpf, parseDocument } from '../../src/modules/customers/brazilian-documents.js'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { expiryWarningDue } from '../../src/modules/lifecycle/expiry-notices.js'
import { lineTotalCents } from '../../src/modules/proposals/proposal-totals.js'
import { lastProposalNumber } from '../support/proposal-counter.js'
import type { TestApp } from '../support/test-app.js'
import { describeEachDialect } from '../support/dialects.js'
import { ManualClock } from '../support/manual-clock.js'
import { vendoc } from '../support/vendoc-cli.js'

const CUSTOMERS = 50
const PROPOSALS = 500
const BIG = 100
const PRODUCTS = 40
const fixedClock = (): Clock => new ManualClock('2026-11-29T12:00:00.000Z')

function handleFor(env: TestApp): DatabaseHandle {
  const config = loadConfig({ DATABASE_URL: env.databaseUrl }).database
  return { db: env.db, dialect: env.dialect, sqliteFile: config.dialect === 'sqlite' ? config.file : null, sharedConfig: null, close: async () => undefined }
}

async function countWhere(env: TestApp, table: 'customers' | 'products' | 'proposals' | 'proposal_items' | 'proposal_signers' | 'proposal_events', accountId: number): Promise<number> {
  const row = await env.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()
  return Number(row.n)
}

describeEachDialect('bench-data generator', (env) => {
  let summary: BenchDataSummary
  const progress: Array<[number, number]> = []

  async function generated(): Promise<BenchDataSummary> {
    summary ??= await generateBenchData(handleFor(env), fixedClock(), { customers: CUSTOMERS, proposals: PROPOSALS, accountProposals: BIG, products: PRODUCTS, seed: 7 }, (done, total) =>
      progress.push([done, total]),
    )
    return summary
  }

  it('creates the promised rows in a new account, with an exact id range and numbers 1..M', async () => {
    const result = await generated()
    const id = result.account_id
    expect(result).toMatchObject({ customers: CUSTOMERS, proposals: PROPOSALS, products: PRODUCTS, big_customer: { proposals: BIG } })
    expect(progress.at(-1)).toEqual([PROPOSALS, PROPOSALS])
    expect(await countWhere(env, 'customers', id)).toBe(CUSTOMERS)
    expect(await countWhere(env, 'products', id)).toBe(PRODUCTS)
    expect(await countWhere(env, 'proposals', id)).toBe(PROPOSALS)

    const proposals = await env.db.selectFrom('proposals').select(['id', 'number', 'customer_id', 'created_at', 'external_uuid']).where('account_id', '=', id).orderBy('id').execute()
    expect(proposals[0]!.id).toBe(result.proposal_ids.min)
    expect(proposals.at(-1)!.id).toBe(result.proposal_ids.max)
    expect(result.proposal_ids.max - result.proposal_ids.min + 1).toBe(PROPOSALS)
    expect(proposals.map((row) => row.number)).toEqual(Array.from({ length: PROPOSALS }, (_, index) => index + 1))
    expect(new Set(proposals.map((row) => row.external_uuid)).size).toBe(PROPOSALS)
    // Numbers follow creation order, over the two years before the clock's now.
    const times = proposals.map((row) => Date.parse(row.created_at))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(times[0]!).toBeGreaterThan(Date.parse('2024-11-20T00:00:00Z'))
    expect(times.at(-1)!).toBeLessThanOrEqual(Date.parse('2026-11-29T12:00:00Z'))

    const account = await env.db.selectFrom('accounts').innerJoin('plans', 'plans.id', 'accounts.plan_id')
      .select(['accounts.creation_limit_override', 'plans.code']).where('accounts.id', '=', id).executeTakeFirstOrThrow()
    expect(account).toEqual({ creation_limit_override: 1_000_000_000, code: 'empresarial' })
    expect(await lastProposalNumber(env.db, id)).toBe(PROPOSALS)

    const big = result.big_customer!
    expect(proposals.filter((row) => row.customer_id === big.id)).toHaveLength(BIG)
    const customers = await env.db.selectFrom('customers').select(['id', 'document', 'document_type', 'code']).where('account_id', '=', id).execute()
    expect(customers.find((row) => row.id === big.id)!.document).toBe(big.document)
    expect(new Set(customers.map((row) => row.code)).size).toBe(CUSTOMERS)
    for (const customer of customers.filter((row) => row.document !== null)) {
      expect(parseDocument(customer.document!), customer.document!).toEqual({ document: customer.document, type: customer.document_type })
    }
    expect(customers.filter((row) => row.document_type === 'cnpj').length).toBeGreaterThan(CUSTOMERS / 2)
    // The other documents are spread over the other customers.
    expect(new Set(proposals.filter((row) => row.customer_id !== big.id).map((row) => row.customer_id)).size).toBeGreaterThan(CUSTOMERS / 2)

    const sampled = new Set(result.customer_documents_sample)
    expect(sampled.size).toBe(result.customer_documents_sample.length)
    expect(sampled.size).toBeGreaterThan(CUSTOMERS / 2)
    const withDocuments = new Set(proposals.map((row) => row.customer_id))
    for (const document of sampled) {
      const customer = customers.find((row) => row.document === document)
      expect(customer, document).toBeDefined()
      expect(withDocuments.has(customer!.id)).toBe(true)
      expect(document).not.toBe(big.document)
    }
  }, 60_000)

  it('gives every document 3–10 items whose totals add up, 1–3 valid signers and a history that starts with its creation', async () => {
    const { account_id: id } = await generated()
    const [proposals, items, signers, events] = await Promise.all([
      env.db.selectFrom('proposals').selectAll().where('account_id', '=', id).execute(),
      env.db.selectFrom('proposal_items').selectAll().where('account_id', '=', id).orderBy('id').execute(),
      env.db.selectFrom('proposal_signers').selectAll().where('account_id', '=', id).orderBy('id').execute(),
      env.db.selectFrom('proposal_events').selectAll().where('account_id', '=', id).orderBy('id').execute(),
    ])
    const byProposal = <T extends { proposal_id: number }>(rows: T[]) => {
      const groups = new Map<number, T[]>()
      for (const row of rows) groups.set(row.proposal_id, [...(groups.get(row.proposal_id) ?? []), row])
      return groups
    }
    const itemsOf = byProposal(items)
    const signersOf = byProposal(signers)
    const eventsOf = byProposal(events)
    const statuses = new Set<string>()
    for (const proposal of proposals) {
      statuses.add(proposal.status)
      const lines = itemsOf.get(proposal.id) ?? []
      expect(lines.length).toBeGreaterThanOrEqual(3)
      expect(lines.length).toBeLessThanOrEqual(10)
      expect(lines.map((line) => line.position)).toEqual(lines.map((_, index) => index))
      for (const line of lines) expect(line.total_cents).toBe(lineTotalCents(line))
      const discount = lines.reduce((sum, line) => sum + line.discount_cents, 0)
      const total = lines.reduce((sum, line) => sum + line.total_cents, 0)
      expect({ subtotal: proposal.subtotal_cents, discount: proposal.discount_cents, total: proposal.total_cents }).toEqual({ subtotal: total + discount, discount, total })

      const people = signersOf.get(proposal.id) ?? []
      expect(people.length).toBeGreaterThanOrEqual(1)
      expect(people.length).toBeLessThanOrEqual(3)
      for (const signer of people) expect(isValidCpf(signer.cpf!), signer.cpf!).toBe(true)
      expect(people.map((signer) => signer.signing_order)).toEqual(people.map((_, index) => index + 1))

      const history = eventsOf.get(proposal.id) ?? []
      expect(history[0]).toMatchObject({ type: 'created', created_at: proposal.created_at })
      expect(history.length).toBeLessThanOrEqual(4)
      // The status is the last step of the history, and its time is recorded on the document.
      expect(history.at(-1)!.type).toBe(proposal.status === 'draft' ? 'created' : proposal.status)
      if (proposal.status === 'draft') expect(proposal.sent_at).toBeNull()
      if (proposal.status !== 'draft' && history.some((event) => event.type === 'sent')) expect(proposal.sent_at).not.toBeNull()
      if (proposal.status === 'signed') {
        expect(proposal.signed_at).not.toBeNull()
        expect(people.every((signer) => signer.status === 'signed' && signer.signed_at !== null)).toBe(true)
      }
      if (proposal.status === 'viewed' || proposal.status === 'rejected') expect(proposal.signature_type).toBe('digital')
      if (proposal.status === 'sent' && proposal.signature_type === 'digital') {
        expect(people[0]!.sign_token).not.toBeNull()
        expect(people[0]!.status).toBe('sent')
      }
      const times = history.map((event) => Date.parse(event.created_at))
      expect([...times].sort((a, b) => a - b)).toEqual(times)
    }
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['cancelled', 'draft', 'expired', 'sent', 'signed', 'viewed']))

    // The sellers were warned of the documents that entered their last days while open, as the
    // server would have done: its hourly task finds nothing left to warn of now.
    const now = fixedClock().now()
    const open = proposals.filter((proposal) => proposal.status === 'sent' || proposal.status === 'viewed')
    const due = open.filter((proposal) => expiryWarningDue(proposal, now, 'America/Sao_Paulo'))
    expect(due.length).toBeGreaterThan(0)
    expect(due.filter((proposal) => proposal.expiry_warned_at === null)).toEqual([])
    const warned = proposals.filter((proposal) => proposal.expiry_warned_at !== null)
    expect(warned.length).toBeGreaterThan(due.length)
    for (const proposal of warned) {
      const at = Date.parse(proposal.expiry_warned_at!)
      expect(at).toBeGreaterThan(Date.parse(proposal.sent_at!))
      expect(at).toBeLessThanOrEqual(now.getTime())
    }
  }, 60_000)

  it('writes documents the app reads back: the detail and the big customer\'s list through the API', async () => {
    const result = await generated()
    const { token } = await createApiToken(env.db, env.clock, result.account_id, 'bench test')
    const headers = { authorization: `Bearer ${token}` }
    const id = result.proposal_ids.min + Math.floor(PROPOSALS / 2)
    const stored = await env.db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const detail = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${id}`, headers })
    expect(detail.statusCode, detail.body).toBe(200)
    const body = detail.json()
    expect(body).toMatchObject({ id, number: stored.number, status: stored.status, totals: { subtotal_cents: stored.subtotal_cents, discount_cents: stored.discount_cents, total_cents: stored.total_cents } })
    expect(body.items.reduce((sum: number, item: { total_cents: number }) => sum + item.total_cents, 0)).toBe(stored.total_cents)
    expect(body.signers.length).toBeGreaterThanOrEqual(1)
    expect(body.events[0].type).toBe('created')

    const big = result.big_customer!
    const list = await env.app.inject({ method: 'GET', url: `/api/v1/customers/${big.document}/proposals`, headers })
    expect(list.statusCode, list.body).toBe(200)
    const page = list.json()
    expect(page.customer.id).toBe(big.id)
    expect(page.meta).toEqual({ page: 1, per_page: 50, total: BIG, total_pages: 2 })
    expect(page.data).toHaveLength(50)

    const sampled = await env.app.inject({ method: 'GET', url: `/api/v1/customers/${result.customer_documents_sample[0]}/proposals`, headers })
    expect(sampled.statusCode, sampled.body).toBe(200)
    expect(sampled.json().meta.total).toBeGreaterThan(0)
  }, 60_000)

  it('moves the id sequences past the explicit ids: the app then creates a document with the next number', async () => {
    const result = await generated()
    const { token } = await createApiToken(env.db, env.clock, result.account_id, 'bench creation')
    const [template, method, product] = await Promise.all([
      env.db.selectFrom('templates').select('id').where('account_id', '=', result.account_id).executeTakeFirstOrThrow(),
      env.db.selectFrom('payment_methods').select('id').where('account_id', '=', result.account_id).where('kind', '=', 'pix').executeTakeFirstOrThrow(),
      env.db.selectFrom('products').select('id').where('account_id', '=', result.account_id).executeTakeFirstOrThrow(),
    ])
    const created = await env.app.inject({
      method: 'POST',
      url: '/api/v1/proposals',
      headers: { authorization: `Bearer ${token}` },
      payload: { template_id: template.id, signature_type: 'paper', payment_method_id: method.id, customer: { document: result.big_customer!.document }, items: [{ product_id: product.id, quantity: 2 }] },
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ number: PROPOSALS + 1 })
    expect(created.json().id).toBeGreaterThan(result.proposal_ids.max)
  }, 60_000)

  it('is deterministic for a seed, and a second run lands in its own account and id range', async () => {
    const first = await generated()
    const options = { customers: 5, proposals: 30, accountProposals: 10, products: 8, seed: 3 }
    const [a, b] = [await generateBenchData(handleFor(env), fixedClock(), options), await generateBenchData(handleFor(env), fixedClock(), options)]
    expect(a.account_id).not.toBe(b.account_id)
    expect(a.proposal_ids.min).toBeGreaterThan(first.proposal_ids.max)
    expect(b.proposal_ids.min).toBe(a.proposal_ids.max + 1)
    const shape = (accountId: number) =>
      env.db.selectFrom('proposals').select(['number', 'title', 'status', 'total_cents', 'created_at', 'valid_until']).where('account_id', '=', accountId).orderBy('number').execute()
    expect(await shape(b.account_id)).toEqual(await shape(a.account_id))
    expect(b.customer_documents_sample).toEqual(a.customer_documents_sample)
  }, 60_000)

  describe('the command line', () => {
    it('generates through the command line and prints the summary as one JSON document', async () => {
      const result = await vendoc(env.databaseUrl, 'bench-data', '--customers', '20', '--proposals', '200', '--account-proposals', '30', '--products', '10', '--json')
      expect(result.code, result.stderr).toBe(0)
      const summary = JSON.parse(result.stdout) as BenchDataSummary
      expect(summary).toMatchObject({ customers: 20, proposals: 200, products: 10, big_customer: { proposals: 30 } })
      expect(summary.proposal_ids.max - summary.proposal_ids.min).toBe(199)
      expect(result.stderr).toMatch(/200 \/ 200 documents/)
      const { n } = await env.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', summary.account_id).executeTakeFirstOrThrow()
      expect(Number(n)).toBe(200)

      const text = await vendoc(env.databaseUrl, 'bench-data', '--customers', '3', '--proposals', '10')
      expect(text.code, text.stderr).toBe(0)
      expect(text.stdout).toMatch(/^10 documents \([\d.k]+ rows\) in [\d.]+ s: [\d,]+ documents\/s\n/)
    }, 120_000)

    it('refuses bad arguments with exit status 2', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--proposals', '10'], /--customers/],
        [['--customers', '0', '--proposals', '10'], /--customers/],
        [['--customers', '5', '--proposals', 'many'], /--proposals/],
        [['--customers', '5', '--proposals', '10', '--account-proposals', '11'], /exceed/],
        [['--customers', '1', '--proposals', '10', '--account-proposals', '5'], /single customer/],
      ]
      for (const [args, message] of cases) {
        const result = await vendoc(env.databaseUrl, 'bench-data', ...args)
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2)
        expect(result.stderr).toMatch(message)
      }
    }, 120_000)
  })
})
