// GET /api/v1/proposals/{id} (DESIGN.md §3.2): one whole document by internal ID, external_uuid or
// external_reference; everything sent at creation comes back; foreign and garbage ids are 404s.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createProposal } from '../../src/modules/proposals/create-proposal.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { describeEachDialect } from '../support/dialects.js'
import { formatCnpj, formatCpf, validCnpj, validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { expectProblem, type Problem } from '../support/http.js'
import { PUBLIC_URL } from '../support/test-app.js'

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** A creation body that uses every field of DESIGN.md §3.5. */
function fullBody(account: TestAccount) {
  const cnpj = validCnpj()
  const [maria, joao] = [validCpf(), validCpf()]
  return {
    cnpj,
    cpfs: { maria, joao },
    body: {
      title: 'Proposta de implantação',
      template_id: account.template.id,
      signature_type: 'digital',
      payment_method_id: account.paymentMethods.card.id,
      installments: 3,
      seller_id: account.otherSeller.id,
      customer: {
        code: 'ACME-01',
        name: 'Acme Indústria Ltda',
        trade_name: 'Acme',
        document: formatCnpj(cnpj),
        email: 'Compras@Acme.com.br',
        phone: '+55 11 3333-4444',
        address: { street: 'Av. Paulista', number: '1000', complement: null, district: 'Bela Vista', city: 'São Paulo', state: 'SP', postal_code: '01310100' },
      },
      items: [
        // 2 × 1.500,00 − 100,00 = 2.900,00
        { product_id: account.products.main.id, quantity: 2, discount_cents: 10_000 },
        // 1,5 × 3,33 = 4,995 → 5,00 (half up), own description
        { product_id: account.products.service.id, quantity: 1.5, unit_price_cents: 333, description: 'Consultoria extra' },
        // 0,001 × 123,45 (catalogue price) = 0,12345 → 0,12
        { product_id: account.products.service.id, quantity: 0.001 },
      ],
      signers: [
        { name: 'Maria Souza', email: 'Maria@Acme.com.br', cpf: formatCpf(maria), phone: '+55 11 98888-7777', role_id: account.roles.party.id, signing_order: 2, authentication: 'email_code' },
        { name: 'João Lima', email: 'joao@acme.com.br', cpf: joao, phone: null, role_id: account.roles.witness.id, signing_order: 1, authentication: 'link' },
        { name: 'Ana Reis', email: 'ana@acme.com.br', role_id: account.roles.witness.id },
      ],
      valid_until: '2099-12-31',
      notes: 'Entrega em 30 dias.\nPagamento no cartão.',
      fields: { prazo_implantacao: '30 dias', horas: 40, urgente: true, observacao: null },
      external_reference: 'CRM-DEAL-991',
    },
  }
}

function normalised404(problem: Problem, reference: string): string {
  return JSON.stringify({ ...problem, request_id: 'req', detail: problem.detail.replace(reference, '<ref>') })
}

describeEachDialect('GET /api/v1/proposals/{id}', (env) => {
  function get(account: TestAccount, reference: string, query = '') {
    return env.app.inject({ method: 'GET', url: `/api/v1/proposals/${reference}${query}`, headers: account.auth })
  }

  async function getOk(account: TestAccount, reference: string, query = ''): Promise<ProposalDetail> {
    const response = await get(account, reference, query)
    expect(response.statusCode, `${reference}${query}: ${response.body}`).toBe(200)
    return response.json<ProposalDetail>()
  }

  describe('happy', () => {
    it('round-trips everything sent at creation, with server-side totals', async () => {
      const account = await makeAccount(env)
      const { body, cnpj, cpfs } = fullBody(account)
      const created = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: body })
      expect(created.statusCode, created.body).toBe(201)
      const createdBody = created.json<ProposalDetail>()
      const detail = await getOk(account, String(createdBody.id))
      // The 201 body is the detail.
      expect(detail).toEqual(createdBody)

      expect(detail).toEqual({
        id: expect.any(Number),
        number: 1,
        external_uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        external_reference: 'CRM-DEAL-991',
        title: 'Proposta de implantação',
        status: 'draft',
        created_via: 'api',
        created_by: { type: 'api_token', id: account.token.id, name: 'CRM', token_prefix: account.token.prefix },
        signature_type: { id: 'digital', name: 'Digital' },
        template: { id: account.template.id, name: 'Proposta comercial' },
        seller: { id: account.otherSeller.id, name: account.otherSeller.name, email: account.otherSeller.email },
        customer: {
          id: expect.any(Number),
          code: 'ACME-01',
          name: 'Acme Indústria Ltda',
          trade_name: 'Acme',
          document: cnpj,
          document_type: 'cnpj',
          email: 'compras@acme.com.br',
          phone: '+55 11 3333-4444',
          address: { street: 'Av. Paulista', number: '1000', complement: null, district: 'Bela Vista', city: 'São Paulo', state: 'SP', postal_code: '01310-100' },
          created_at: expect.stringMatching(INSTANT),
          updated_at: expect.stringMatching(INSTANT),
        },
        payment: {
          method: { id: account.paymentMethods.card.id, name: 'Cartão de crédito', kind: 'credit_card' },
          installments: 3,
          installment_amount_cents: 96_837,
          // The method's terms (makeAccount's card: none set, so on signing, then monthly); no dates before the signature.
          first_due_days: 0,
          installment_interval_days: 30,
          custom_terms: false,
          due_on_business_days: false,
          down_payment: null,
          schedule: [
            { number: 1, amount_cents: 96_838, due_in_days: 0, due_date: null },
            { number: 2, amount_cents: 96_837, due_in_days: 30, due_date: null },
            { number: 3, amount_cents: 96_837, due_in_days: 60, due_date: null },
          ],
        },
        items: [
          {
            id: expect.any(Number),
            product_id: account.products.main.id,
            code: account.products.main.code,
            name: 'Implantação do sistema',
            description: 'Implantação completa',
            unit: 'un',
            quantity: 2,
            unit_price_cents: 150_000,
            discount_cents: 10_000,
            total_cents: 290_000,
          },
          {
            id: expect.any(Number),
            product_id: account.products.service.id,
            code: account.products.service.code,
            name: 'Hora de consultoria',
            description: 'Consultoria extra',
            unit: 'h',
            quantity: 1.5,
            unit_price_cents: 333,
            discount_cents: 0,
            total_cents: 500,
          },
          {
            id: expect.any(Number),
            product_id: account.products.service.id,
            code: account.products.service.code,
            name: 'Hora de consultoria',
            description: null,
            unit: 'h',
            quantity: 0.001,
            unit_price_cents: 12_345,
            discount_cents: 0,
            total_cents: 12,
          },
        ],
        totals: { items_count: 3, subtotal_cents: 300_512, discount_cents: 10_000, total_cents: 290_512 },
        currency: 'BRL',
        discount_approval: null,
        signers: [
          {
            id: expect.any(Number),
            name: 'João Lima',
            email: 'joao@acme.com.br',
            cpf: cpfs.joao,
            phone: null,
            role: account.roles.witness,
            signing_order: 1,
            authentication: 'link',
            status: 'pending',
            signed_at: null,
            sent_at: null,
            viewed_at: null,
            open_count: 0,
            last_opened_at: null,
            rejected_at: null,
            signed_authentication: null,
            url_to_sign: null,
          },
          {
            id: expect.any(Number),
            name: 'Maria Souza',
            email: 'maria@acme.com.br',
            cpf: cpfs.maria,
            phone: '+55 11 98888-7777',
            role: account.roles.party,
            signing_order: 2,
            authentication: 'email_code',
            status: 'pending',
            signed_at: null,
            sent_at: null,
            viewed_at: null,
            open_count: 0,
            last_opened_at: null,
            rejected_at: null,
            signed_authentication: null,
            url_to_sign: null,
          },
          {
            id: expect.any(Number),
            name: 'Ana Reis',
            email: 'ana@acme.com.br',
            cpf: null,
            phone: null,
            role: account.roles.witness,
            signing_order: 3,
            authentication: 'link',
            status: 'pending',
            signed_at: null,
            sent_at: null,
            viewed_at: null,
            open_count: 0,
            last_opened_at: null,
            rejected_at: null,
            signed_authentication: null,
            url_to_sign: null,
          },
        ],
        copy_to: [],
        fields: { prazo_implantacao: '30 dias', horas: 40, urgente: true, observacao: null },
        notes: 'Entrega em 30 dias.\nPagamento no cartão.',
        valid_until: '2099-12-31',
        events: [
          {
            type: 'created',
            actor: { type: 'api_token', id: account.token.id, name: 'CRM' },
            at: detail.created_at,
            data: { via: 'api', number: 1, total_cents: 290_512 },
          },
        ],
        sent_at: null,
        signer_message: null,
        viewed_at: null,
        signed_at: null,
        rejected_at: null,
        cancelled_at: null,
        cancel_reason: null,
        expired_at: null,
        original_sha256: null,
        signed_sha256: null,
        links: {
          self: `${PUBLIC_URL}/api/v1/proposals/${detail.id}`,
          web: `${PUBLIC_URL}/proposals/${detail.id}/edit`,
          document: `${PUBLIC_URL}/proposals/${detail.id}/preview`,
          pdf: `${PUBLIC_URL}/api/v1/proposals/${detail.id}/pdf`,
        },
        created_at: expect.stringMatching(INSTANT),
        updated_at: detail.created_at,
      })
      expect(created.headers.location).toBe(`${PUBLIC_URL}/api/v1/proposals/${detail.id}`)
      const schedule = detail.payment.schedule.reduce((sum, entry) => sum + entry.amount_cents, 0)
      expect(schedule).toBe(detail.totals.total_cents)
      expect(Math.abs(Date.parse(detail.created_at) - Date.now())).toBeLessThan(60_000)
    })

    it('finds the document by internal ID, external_uuid (any case) and ?by=external_reference', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const created = await makeProposal(env, account, customer, { external_reference: 'CRM-DEAL-7' })
      await makeProposal(env, account, customer, { external_reference: 'OTHER-1' })
      const references: Array<[string, string]> = [
        [String(created.id), ''],
        [String(created.id), '?by=id'],
        [created.external_uuid, ''],
        [created.external_uuid.toUpperCase(), ''],
        [created.external_uuid, '?by=external_uuid'],
        ['CRM-DEAL-7', '?by=external_reference'],
      ]
      for (const [reference, query] of references) {
        const detail = await getOk(account, reference, query)
        expect(detail.id, `${reference}${query}`).toBe(created.id)
        expect(detail).toEqual(created)
      }
    })

    it('finds an external_reference that looks like an ID or a UUID only with ?by=external_reference', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const first = await makeProposal(env, account, customer)
      const uuid = randomUUID()
      const numeric = await makeProposal(env, account, customer, { external_reference: String(first.id) })
      const uuidLike = await makeProposal(env, account, customer, { external_reference: uuid })
      expect((await getOk(account, String(first.id))).id).toBe(first.id)
      expect((await getOk(account, String(first.id), '?by=external_reference')).id).toBe(numeric.id)
      expect((await getOk(account, uuid, '?by=external_reference')).id).toBe(uuidLike.id)
      expectProblem(await get(account, uuid), 404, 'proposal_not_found')
    })

    it('shows a document created from the web app as created by its user', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const { id, number } = await createProposal(
        env.db,
        { accountId: account.id, timeZone: account.account.time_zone, clock: env.clock, via: 'web', actor: { type: 'user', id: account.seller.id, name: account.seller.name } },
        { template_id: account.template.id, signature_type: 'paper', payment_method_id: account.paymentMethods.pix.id, customer: { id: customer.id }, items: [{ product_id: account.products.main.id, quantity: 1 }] },
      )
      const detail = await getOk(account, String(id))
      expect(detail.number).toBe(number)
      expect(detail.created_via).toBe('web')
      expect(detail.created_by).toEqual({ type: 'user', id: account.seller.id, name: account.seller.name, token_prefix: null })
      expect(detail.events).toEqual([expect.objectContaining({ type: 'created', actor: { type: 'user', id: account.seller.id, name: account.seller.name } })])
      // Without a title, the template and the customer name it; without a seller, the default seller.
      expect(detail.title).toBe(`Proposta comercial — ${customer.name}`)
      expect(detail.seller).toEqual(account.seller)
      expect(detail.signers).toEqual([])
      expect(detail.fields).toEqual({})
      expect(detail.payment.schedule).toEqual([{ number: 1, amount_cents: 150_000, due_in_days: 0, due_date: null }])
    })
  })

  describe('error', () => {
    it('a garbage or missing reference → 404 proposal_not_found', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const existing = await makeProposal(env, account, customer, { external_reference: 'REF-1' })
      const garbage: Array<[string, string]> = [
        ['abc', ''],
        ['0', ''],
        ['-1', ''],
        ['1.5', ''],
        ['1e3', ''],
        ['0x10', ''],
        [` ${existing.id}`.replace(' ', '%20'), ''],
        [`${existing.id}abc`, ''],
        ['99999999999999999999', ''],
        ['999999999', ''],
        [randomUUID(), ''],
        [`${existing.external_uuid}0`, ''],
        ['REF-1', ''],
        ['REF-2', '?by=external_reference'],
        [existing.external_uuid, '?by=id'],
        [String(existing.id), '?by=external_uuid'],
        ['%00', ''],
        ['REF-1%00', '?by=external_reference'],
      ]
      for (const [reference, query] of garbage) {
        const problem = expectProblem(await get(account, reference, query), 404, 'proposal_not_found')
        expect(problem.errors, `${reference}${query}`).toBeUndefined()
      }
    })

    it('rejects an unknown ?by or other query parameters with 422', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const existing = await makeProposal(env, account, customer)
      const problem = expectProblem(await get(account, String(existing.id), '?by=number&expand=all'), 422, 'validation_failed')
      expect(problem.errors!.map((error) => [error.in, error.path]).sort()).toEqual([
        ['query', '/by'],
        ['query', '/expand'],
      ])
    })
  })

  describe('security', () => {
    it("another account's document answers exactly like a missing one, by ID, external_uuid and external_reference", async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const theirCustomer = await makeCustomer(env, theirs)
      const foreign = await makeProposal(env, theirs, theirCustomer, { external_reference: 'THEIR-REF' })
      const cases: Array<{ foreign: [string, string]; missing: [string, string] }> = [
        { foreign: [String(foreign.id), ''], missing: ['999999999', ''] },
        { foreign: [foreign.external_uuid, ''], missing: [randomUUID(), ''] },
        { foreign: ['THEIR-REF', '?by=external_reference'], missing: ['NOT-A-REF', '?by=external_reference'] },
      ]
      for (const { foreign: [foreignReference, foreignQuery], missing: [missingReference, missingQuery] } of cases) {
        const foreignResponse = await get(mine, foreignReference, foreignQuery)
        const missingResponse = await get(mine, missingReference, missingQuery)
        const foreignProblem = expectProblem(foreignResponse, 404, 'proposal_not_found')
        const missingProblem = expectProblem(missingResponse, 404, 'proposal_not_found')
        expect(normalised404(foreignProblem, foreignReference)).toBe(normalised404(missingProblem, missingReference))
        expect(foreignResponse.body).not.toContain(theirCustomer.name)
      }
      // The owner sees it by all three.
      expect((await getOk(theirs, String(foreign.id))).id).toBe(foreign.id)
      expect((await getOk(theirs, foreign.external_uuid)).id).toBe(foreign.id)
      expect((await getOk(theirs, 'THEIR-REF', '?by=external_reference')).id).toBe(foreign.id)
    })

    it('the same external_reference in two accounts resolves to each account’s own document', async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const own = await makeProposal(env, mine, await makeCustomer(env, mine), { external_reference: 'SHARED-1' })
      const other = await makeProposal(env, theirs, await makeCustomer(env, theirs), { external_reference: 'SHARED-1' })
      expect(own.id).not.toBe(other.id)
      expect((await getOk(mine, 'SHARED-1', '?by=external_reference')).id).toBe(own.id)
      expect((await getOk(theirs, 'SHARED-1', '?by=external_reference')).id).toBe(other.id)
    })
  })
})
