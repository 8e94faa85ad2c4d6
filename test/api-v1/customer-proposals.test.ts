// GET /api/v1/customers/{customer_id}/proposals (DESIGN.md §3.1): the customer named by internal
// ID, code, CNPJ (numeric or alphanumeric) or CPF; ambiguity, 404s, pagination and filters.
import { describe, expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { formatCnpj, formatCpf, validAlphanumericCnpj, validCnpj, validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { expectProblem, type Problem } from '../support/http.js'
import { PUBLIC_URL } from '../support/test-app.js'
import { proposalLinks } from '../../src/modules/proposals/proposal-mapper.js'
import { listCustomerProposalRows } from '../../src/modules/proposals/proposal-repository.js'

interface ListBody {
  customer: { id: number; code: string | null; name: string; document: string | null }
  data: Array<{ id: number; number: number; external_uuid: string; external_reference: string | null; title: string; status: string; total_cents: number; created_at: string; updated_at: string; links: { self: string; web: string } }>
  meta: { page: number; per_page: number; total: number; total_pages: number }
}

/** Link: <url>; rel="next", … → { next: URL, … } */
function parseLinks(header: string | undefined): Record<string, URL> {
  const links: Record<string, URL> = {}
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim())
    if (match) links[match[2]!] = new URL(match[1]!)
  }
  return links
}

/** A 404 body with the parts that legitimately differ (request id, the echoed reference) blanked. */
function normalised404(problem: Problem, reference: string): string {
  return JSON.stringify({ ...problem, request_id: 'req', detail: problem.detail.replace(reference, '<ref>') })
}

describeEachDialect('GET /api/v1/customers/{customer_id}/proposals', (env) => {
  function list(account: TestAccount, reference: string, query = '') {
    return env.app.inject({ method: 'GET', url: `/api/v1/customers/${reference}/proposals${query}`, headers: account.auth })
  }

  async function listOk(account: TestAccount, reference: string, query = ''): Promise<ListBody> {
    const response = await list(account, reference, query)
    expect(response.statusCode, `${reference}${query}: ${response.body}`).toBe(200)
    return response.json<ListBody>()
  }

  /** An account with one customer that has two documents, and a second customer with one. */
  async function customerWithProposals(documentOverrides: Parameters<typeof makeCustomer>[2] = {}) {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account, documentOverrides)
    const other = await makeCustomer(env, account)
    const first = await makeProposal(env, account, customer, { title: 'Primeira' })
    const second = await makeProposal(env, account, customer, { title: 'Segunda' })
    const othersProposal = await makeProposal(env, account, other)
    return { account, customer, other, proposals: [first, second], othersProposal }
  }

  describe('happy: the customer by each of its references', () => {
    it('by internal ID', async () => {
      const { account, customer, proposals, othersProposal } = await customerWithProposals()
      const body = await listOk(account, String(customer.id))
      expect(body.customer).toEqual({ id: customer.id, code: customer.code, name: customer.name, document: customer.document })
      expect(body.data.map((proposal) => proposal.id)).toEqual([proposals[1]!.id, proposals[0]!.id])
      expect(body.data.map((proposal) => proposal.id)).not.toContain(othersProposal.id)
      expect(body.meta).toEqual({ page: 1, per_page: 50, total: 2, total_pages: 1 })
    })

    it('lists each document with its summary and links', async () => {
      const { account, customer, proposals } = await customerWithProposals()
      const body = await listOk(account, String(customer.id))
      const created = proposals[0]!
      const entry = body.data.find((proposal) => proposal.id === created.id)
      expect(entry).toEqual({
        id: created.id,
        number: created.number,
        external_uuid: created.external_uuid,
        external_reference: null,
        title: 'Primeira',
        status: 'draft',
        total_cents: 150_000,
        created_at: created.created_at,
        updated_at: created.updated_at,
        links: { self: `${PUBLIC_URL}/api/v1/proposals/${created.id}`, web: `${PUBLIC_URL}/proposals/${created.id}/edit` },
      })
    })

    it('by code', async () => {
      const { account, customer, proposals } = await customerWithProposals({ code: 'ACME-01' })
      const body = await listOk(account, 'ACME-01')
      expect(body.customer.id).toBe(customer.id)
      expect(body.data.map((proposal) => proposal.id).sort()).toEqual(proposals.map((proposal) => proposal.id).sort())
      // Read trimmed, like a creation's customer code: an ERP's padded code finds the same customer.
      expect((await listOk(account, 'ACME-01%20%20')).customer.id).toBe(customer.id)
      expect((await listOk(account, '%20ACME-01', '?lookup=code')).customer.id).toBe(customer.id)
    })

    it('by numeric CNPJ, formatted (its slash encoded or not) and unformatted', async () => {
      const cnpj = validCnpj()
      const { account, customer } = await customerWithProposals({ document: cnpj, document_type: 'cnpj' })
      // The slash as is: what a client that builds the URL by interpolation sends.
      const asIs = [formatCnpj(cnpj), formatCnpj(cnpj).replace(/\./g, ''), `${formatCnpj(cnpj)}?status=draft`.split('?')[0]!]
      for (const reference of [cnpj, encodeURIComponent(formatCnpj(cnpj)), formatCnpj(cnpj).replace('/', '%2F'), formatCnpj(cnpj).replace('/', '%2f'), ...asIs]) {
        const body = await listOk(account, reference)
        expect(body.customer.id, reference).toBe(customer.id)
        expect(body.meta.total).toBe(2)
      }
    })

    it('reads only a CNPJ-shaped path with its slash unencoded; any other slash names no route', async () => {
      const { account } = await customerWithProposals({ code: 'ACME/01' })
      expectProblem(await list(account, 'ACME/01'), 404, 'route_not_found')
      expect((await listOk(account, 'ACME%2F01')).meta.total).toBe(2)
      // A CNPJ shape with wrong check digits is read like any reference: no customer.
      expectProblem(await list(account, '11.222.333/0001-00'), 404, 'customer_not_found')
    })

    it('by alphanumeric CNPJ, formatted and unformatted, in any case', async () => {
      const cnpj = validAlphanumericCnpj()
      const { account, customer } = await customerWithProposals({ document: cnpj, document_type: 'cnpj' })
      for (const reference of [cnpj, encodeURIComponent(formatCnpj(cnpj)), cnpj.toLowerCase()]) {
        expect((await listOk(account, reference)).customer.id, reference).toBe(customer.id)
      }
    })

    it('by the official alphanumeric example 12.ABC.345/01DE-35', async () => {
      const { account, customer } = await customerWithProposals({ document: '12ABC34501DE35', document_type: 'cnpj' })
      expect((await listOk(account, '12.ABC.345%2F01DE-35')).customer.id).toBe(customer.id)
      expect((await listOk(account, '12.ABC.345/01DE-35', '?status=draft')).customer.id).toBe(customer.id)
      expect((await listOk(account, '12ABC34501DE35')).customer.id).toBe(customer.id)
    })

    it('by CPF, formatted and unformatted', async () => {
      const cpf = validCpf()
      const { account, customer } = await customerWithProposals({ document: cpf, document_type: 'cpf', name: 'Maria Souza' })
      expect((await listOk(account, formatCpf(cpf))).customer.id).toBe(customer.id)
      expect((await listOk(account, cpf)).customer.id).toBe(customer.id)
    })

    it('a customer matching one reference by both id and code is not ambiguous', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      await env.db.updateTable('customers').set({ code: String(customer.id) }).where('id', '=', customer.id).execute()
      const body = await listOk(account, String(customer.id))
      expect(body.customer).toMatchObject({ id: customer.id, code: String(customer.id) })
    })

    it('a customer without documents lists nothing, with a single empty page', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const response = await list(account, String(customer.id))
      expect(response.json<ListBody>()).toMatchObject({ data: [], meta: { page: 1, per_page: 50, total: 0, total_pages: 1 } })
      expect(parseLinks(response.headers.link as string).next).toBeUndefined()
    })
  })

  describe('happy: ?lookup forces one reading', () => {
    it('lookup=code reads a document-looking string as a code', async () => {
      const account = await makeAccount(env)
      const cnpj = validCnpj()
      const byDocument = await makeCustomer(env, account, { document: cnpj })
      const byCode = await makeCustomer(env, account, { code: cnpj, document: validCnpj() })
      expect((await listOk(account, cnpj, '?lookup=code')).customer.id).toBe(byCode.id)
      expect((await listOk(account, cnpj, '?lookup=document')).customer.id).toBe(byDocument.id)
    })

    it('a forced reading that matches nothing is a 404, even if another reading would match', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account, { code: 'ACME-02' })
      expectProblem(await list(account, String(customer.id), '?lookup=code'), 404, 'customer_not_found')
      expectProblem(await list(account, String(customer.id), '?lookup=document'), 404, 'customer_not_found')
      expectProblem(await list(account, 'ACME-02', '?lookup=id'), 404, 'customer_not_found')
      expectProblem(await list(account, encodeURIComponent(formatCnpj(customer.document!)), '?lookup=code'), 404, 'customer_not_found')
      expect((await listOk(account, String(customer.id), '?lookup=id')).customer.id).toBe(customer.id)
    })
  })

  describe('error: ambiguous references', () => {
    it('an ID that is also another customer’s code → 409 listing both; lookup settles it', async () => {
      const account = await makeAccount(env)
      const a = await makeCustomer(env, account, { name: 'Cliente A' })
      const b = await makeCustomer(env, account, { name: 'Cliente B' })
      // A's code is B's internal ID, like the seed's "48011".
      await env.db.updateTable('customers').set({ code: String(b.id) }).where('id', '=', a.id).execute()
      const proposalOfA = await makeProposal(env, account, a)
      const proposalOfB = await makeProposal(env, account, b)

      const problem = expectProblem(await list(account, String(b.id)), 409, 'ambiguous_customer_reference')
      expect(problem.detail).toContain('lookup')
      const candidates = problem.candidates as Array<{ id: number; code: string | null; name: string; document: string | null; matched_by: string[] }>
      expect(candidates.map((candidate) => candidate.id).sort((x, y) => x - y)).toEqual([a.id, b.id].sort((x, y) => x - y))
      expect(candidates.find((candidate) => candidate.id === a.id)).toEqual({ id: a.id, code: String(b.id), name: 'Cliente A', document: a.document, matched_by: ['code'] })
      expect(candidates.find((candidate) => candidate.id === b.id)).toEqual({ id: b.id, code: b.code, name: 'Cliente B', document: b.document, matched_by: ['id'] })

      const byId = await listOk(account, String(b.id), '?lookup=id')
      expect(byId.customer.id).toBe(b.id)
      expect(byId.data.map((proposal) => proposal.id)).toEqual([proposalOfB.id])
      const byCode = await listOk(account, String(b.id), '?lookup=code')
      expect(byCode.customer.id).toBe(a.id)
      expect(byCode.data.map((proposal) => proposal.id)).toEqual([proposalOfA.id])
    })

    it('a code that is also another customer’s CPF → 409; lookup=document and lookup=code resolve each', async () => {
      const account = await makeAccount(env)
      const cpf = validCpf()
      const person = await makeCustomer(env, account, { document: cpf, document_type: 'cpf' })
      const company = await makeCustomer(env, account, { code: cpf })
      const problem = expectProblem(await list(account, cpf), 409, 'ambiguous_customer_reference')
      const candidates = problem.candidates as Array<{ id: number; matched_by: string[] }>
      expect(candidates).toHaveLength(2)
      expect(candidates.find((candidate) => candidate.id === person.id)?.matched_by).toEqual(['document'])
      expect(candidates.find((candidate) => candidate.id === company.id)?.matched_by).toEqual(['code'])
      expect((await listOk(account, cpf, '?lookup=document')).customer.id).toBe(person.id)
      expect((await listOk(account, cpf, '?lookup=code')).customer.id).toBe(company.id)
    })
  })

  describe('error: not found', () => {
    it('an unknown ID, code or document → 404 customer_not_found', async () => {
      const account = await makeAccount(env)
      await makeCustomer(env, account)
      for (const reference of ['999999999', 'NO-SUCH-CODE', validCnpj(), encodeURIComponent(formatCpf(validCpf())), '0', '-1', encodeURIComponent('caf\u00e9 ☕')]) {
        const problem = expectProblem(await list(account, reference), 404, 'customer_not_found')
        expect(problem.errors).toBeUndefined()
      }
    })

    it('a reference with a NUL byte is just not found', async () => {
      const account = await makeAccount(env)
      expectProblem(await list(account, 'ACME%00'), 404, 'customer_not_found')
      expectProblem(await list(account, '%00', '?lookup=code'), 404, 'customer_not_found')
    })
  })

  describe('security', () => {
    it("another account's customer answers exactly like a missing one, by ID, code and document", async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const cnpj = validCnpj()
      const foreign = await makeCustomer(env, theirs, { code: `SECRET-${theirs.id}`, document: cnpj })
      await makeProposal(env, theirs, foreign)

      const missingReferences = ['999999999', 'NO-SUCH-CODE-XYZ', validCnpj()]
      const foreignReferences = [String(foreign.id), `SECRET-${theirs.id}`, cnpj]
      for (let i = 0; i < foreignReferences.length; i++) {
        const foreignResponse = await list(mine, foreignReferences[i]!)
        const missingResponse = await list(mine, missingReferences[i]!)
        const foreignProblem = expectProblem(foreignResponse, 404, 'customer_not_found')
        const missingProblem = expectProblem(missingResponse, 404, 'customer_not_found')
        expect(normalised404(foreignProblem, foreignReferences[i]!)).toBe(normalised404(missingProblem, missingReferences[i]!))
        expect(Object.keys(foreignProblem)).toEqual(Object.keys(missingProblem))
        expect(foreignResponse.body).not.toContain(foreign.name)
        expect(foreignProblem.candidates).toBeUndefined()
      }
      // The owner still sees it.
      expect((await listOk(theirs, cnpj)).customer.id).toBe(foreign.id)
    })

    it("a foreign customer never makes a reference ambiguous", async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const own = await makeCustomer(env, mine)
      // In the other account, a customer whose code is my customer's ID.
      await makeCustomer(env, theirs, { code: String(own.id) })
      expect((await listOk(mine, String(own.id))).customer.id).toBe(own.id)
    })

    it("the same CNPJ in two accounts resolves to each account's own customer", async () => {
      const mine = await makeAccount(env)
      const theirs = await makeAccount(env)
      const cnpj = validCnpj()
      const own = await makeCustomer(env, mine, { document: cnpj })
      const foreign = await makeCustomer(env, theirs, { document: cnpj })
      const ownProposal = await makeProposal(env, mine, own)
      await makeProposal(env, theirs, foreign)
      const body = await listOk(mine, cnpj)
      expect(body.customer.id).toBe(own.id)
      expect(body.data.map((proposal) => proposal.id)).toEqual([ownProposal.id])
    })
  })

  describe('pagination', () => {
    it('pages with meta and a Link header that keeps the other parameters', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const created = []
      for (let i = 0; i < 5; i++) created.push(await makeProposal(env, account, customer, { title: `Documento ${i + 1}` }))
      const newestFirst = created.map((proposal) => proposal.id).reverse()

      const first = await list(account, String(customer.id), '?per_page=2')
      expect(first.statusCode).toBe(200)
      const firstBody = first.json<ListBody>()
      expect(firstBody.meta).toEqual({ page: 1, per_page: 2, total: 5, total_pages: 3 })
      expect(firstBody.data.map((proposal) => proposal.id)).toEqual(newestFirst.slice(0, 2))
      const firstLinks = parseLinks(first.headers.link as string)
      expect(Object.keys(firstLinks).sort()).toEqual(['first', 'last', 'next'])
      expect(firstLinks.next!.origin).toBe(PUBLIC_URL)
      expect(firstLinks.next!.pathname).toBe(`/api/v1/customers/${customer.id}/proposals`)
      expect(firstLinks.next!.searchParams.get('page')).toBe('2')
      expect(firstLinks.next!.searchParams.get('per_page')).toBe('2')
      expect(firstLinks.last!.searchParams.get('page')).toBe('3')

      const second = await list(account, String(customer.id), '?per_page=2&page=2&status=draft')
      const secondBody = second.json<ListBody>()
      expect(secondBody.data.map((proposal) => proposal.id)).toEqual(newestFirst.slice(2, 4))
      const secondLinks = parseLinks(second.headers.link as string)
      expect(Object.keys(secondLinks).sort()).toEqual(['first', 'last', 'next', 'prev'])
      expect(secondLinks.prev!.searchParams.get('page')).toBe('1')
      expect(secondLinks.next!.searchParams.get('page')).toBe('3')
      expect(secondLinks.next!.searchParams.get('status')).toBe('draft')

      const last = await list(account, String(customer.id), '?per_page=2&page=3')
      expect(last.json<ListBody>().data.map((proposal) => proposal.id)).toEqual(newestFirst.slice(4))
      expect(parseLinks(last.headers.link as string).next).toBeUndefined()

      const beyond = await list(account, String(customer.id), '?per_page=2&page=9')
      expect(beyond.json<ListBody>()).toMatchObject({ data: [], meta: { page: 9, total: 5, total_pages: 3 } })
    })

    it('keeps the percent-encoded reference in the Link header', async () => {
      const account = await makeAccount(env)
      const cnpj = validCnpj()
      const customer = await makeCustomer(env, account, { document: cnpj })
      await makeProposal(env, account, customer)
      await makeProposal(env, account, customer)
      const response = await list(account, encodeURIComponent(formatCnpj(cnpj)), '?per_page=1')
      const next = parseLinks(response.headers.link as string).next!
      const followed = await env.app.inject({ method: 'GET', url: `${next.pathname}${next.search}`, headers: account.auth })
      expect(followed.statusCode, followed.body).toBe(200)
      expect(followed.json<ListBody>()).toMatchObject({ customer: { id: customer.id }, meta: { page: 2, total: 2 } })
    })

    it('accepts per_page up to 100 and rejects more, or page 0, with 422 on the query parameter', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      expect((await listOk(account, String(customer.id), '?per_page=100')).meta.per_page).toBe(100)
      for (const [query, path] of [
        ['?per_page=101', '/per_page'],
        ['?per_page=0', '/per_page'],
        ['?page=0', '/page'],
        ['?page=abc', '/page'],
      ] as const) {
        const problem = expectProblem(await list(account, String(customer.id), query), 422, 'validation_failed')
        expect(problem.errors, query).toEqual([expect.objectContaining({ in: 'query', path })])
      }
    })
  })

  describe('the answer as written', () => {
    // The page's rows arrive as JSON text written by the database (SQLite: where the query ran,
    // JSON_ROWS_MARK, the read thread or the main connection; PostgreSQL: row_to_json) and are
    // spliced into the answer unparsed; it must be byte for byte what serializing the same rows,
    // as the driver hands them over, with their links gives.
    it('is, byte for byte, the rows of the same page serialized with their links, filtered or not', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const awkward = ['Aspas "duplas" e \\ barra', 'Emoji 😀, ✓ e acentuação', 'Separador\u2028de linha </script>', 'Controle\t\n\r\b\f\u0001\u001f\u007f fim']
      for (const [index, title] of awkward.entries()) await makeProposal(env, account, customer, { title, external_reference: `ref-"${index}"\\` })
      const plain = await makeProposal(env, account, customer)
      // An instant with microseconds (PostgreSQL keeps them; the API shows milliseconds, truncated).
      await env.db.updateTable('proposals').set({ updated_at: '2026-01-02T03:04:05.678901Z' }).where('id', '=', plain.id).execute()
      for (const query of ['?per_page=3', '?per_page=3&page=2', '?status=draft&per_page=50']) {
        const response = await list(account, String(customer.id), query)
        expect(response.statusCode, response.body).toBe(200)
        const body = response.json<ListBody>()
        const url = new URL(`http://x${query}`)
        const { rows } = await listCustomerProposalRows(
          env.db,
          account.id,
          { id: customer.id, proposal_count: 5 },
          { status: (url.searchParams.get('status') ?? undefined) as 'draft' | undefined },
          { limit: Number(url.searchParams.get('per_page')), offset: (Number(url.searchParams.get('page') ?? 1) - 1) * Number(url.searchParams.get('per_page')) },
        )
        const expected = JSON.stringify(rows.map((row) => ({ ...row, links: proposalLinks(PUBLIC_URL, row.id) })))
        expect(body.data.length).toBe(rows.length)
        expect(response.body).toContain(`"data":${expected},"meta":`)
      }
      const titles = (await listOk(account, String(customer.id))).data.map((proposal) => proposal.title)
      expect(titles).toEqual(expect.arrayContaining(awkward))
    })
  })

  describe('filters and order', () => {
    it('lists newest first, by creation time', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const a = await makeProposal(env, account, customer)
      const b = await makeProposal(env, account, customer)
      const c = await makeProposal(env, account, customer)
      // Creation times need not follow IDs (imports, clock skew between servers).
      await env.db.updateTable('proposals').set({ created_at: '2026-01-03T12:00:00.000Z' }).where('id', '=', a.id).execute()
      await env.db.updateTable('proposals').set({ created_at: '2026-01-01T12:00:00.000Z' }).where('id', '=', b.id).execute()
      await env.db.updateTable('proposals').set({ created_at: '2026-01-02T12:00:00.000Z' }).where('id', '=', c.id).execute()
      const body = await listOk(account, String(customer.id))
      expect(body.data.map((proposal) => proposal.id)).toEqual([a.id, c.id, b.id])
      expect(body.data[0]!.created_at).toBe('2026-01-03T12:00:00.000Z')
    })

    it("the unfiltered total is the customer's document count, kept exact by the database when a document moves", async () => {
      // Unfiltered, the total comes from customers.proposal_count (kept by triggers), not a count.
      const { account, customer, other, proposals } = await customerWithProposals()
      expect((await listOk(account, String(customer.id))).meta.total).toBe(2)
      expect((await listOk(account, String(other.id))).meta.total).toBe(1)
      await env.db.updateTable('proposals').set({ customer_id: other.id }).where('id', '=', proposals[0]!.id).execute()
      expect((await listOk(account, String(customer.id))).meta.total).toBe(1)
      const moved = await listOk(account, String(other.id))
      expect(moved.meta.total).toBe(2)
      expect(moved.data.map((proposal) => proposal.id)).toContain(proposals[0]!.id)
      const stored = await env.db.selectFrom('customers').select(['id', 'proposal_count']).where('account_id', '=', account.id).orderBy('id').execute()
      for (const row of stored) {
        const count = await env.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', row.id).executeTakeFirstOrThrow()
        expect(row.proposal_count).toBe(Number(count.n))
      }
    })

    it('filters by status', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const draft = await makeProposal(env, account, customer)
      const sent = await makeProposal(env, account, customer)
      await env.db.updateTable('proposals').set({ status: 'sent' }).where('id', '=', sent.id).execute()
      const onlySent = await listOk(account, String(customer.id), '?status=sent')
      expect(onlySent.data.map((proposal) => proposal.id)).toEqual([sent.id])
      expect(onlySent.data[0]!.status).toBe('sent')
      expect(onlySent.meta.total).toBe(1)
      expect((await listOk(account, String(customer.id), '?status=draft')).data.map((proposal) => proposal.id)).toEqual([draft.id])
      expect((await listOk(account, String(customer.id), '?status=signed')).meta.total).toBe(0)
    })

    it("filters by creation day, read as calendar days in the account's time zone", async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const times = {
        jan10: '2026-01-10T12:00:00.000Z',
        // 23:30 on 19 January in São Paulo, although already the 20th in UTC.
        jan19late: '2026-01-20T02:30:00.000Z',
        // 00:00 on 20 January in São Paulo.
        jan20: '2026-01-20T03:00:00.000Z',
        feb01: '2026-02-01T12:00:00.000Z',
      }
      const ids: Record<string, number> = {}
      for (const [name, createdAt] of Object.entries(times)) {
        const proposal = await makeProposal(env, account, customer)
        await env.db.updateTable('proposals').set({ created_at: createdAt }).where('id', '=', proposal.id).execute()
        ids[name] = proposal.id
      }
      const listed = async (query: string) => (await listOk(account, String(customer.id), query)).data.map((proposal) => proposal.id)
      expect(await listed('?created_from=2026-01-20')).toEqual([ids.feb01, ids.jan20])
      expect(await listed('?created_to=2026-01-19')).toEqual([ids.jan19late, ids.jan10])
      expect(await listed('?created_from=2026-01-19&created_to=2026-01-20')).toEqual([ids.jan20, ids.jan19late])
      expect(await listed('?created_from=2026-01-11&created_to=2026-01-31&status=draft')).toEqual([ids.jan20, ids.jan19late])
      expect(await listed('?created_from=2026-03-01')).toEqual([])
      // The calendar's last day: its next day is in year 10000, whose ISO instant ("+010000-…")
      // PostgreSQL refused with a 500 and SQLite's text order put before every document.
      const everyOne = [ids.feb01, ids.jan20, ids.jan19late, ids.jan10]
      expect(await listed('?created_to=9999-12-31')).toEqual(everyOne)
      expect(await listed('?created_from=1970-01-01&created_to=9999-12-31')).toEqual(everyOne)
      expect(await listed('?created_from=9999-12-31')).toEqual([])
    })

    it('rejects invalid filters with 422 naming each query parameter', async () => {
      const account = await makeAccount(env)
      const customer = await makeCustomer(env, account)
      const problem = expectProblem(
        await list(account, String(customer.id), '?status=archived&created_from=2026-02-30&created_to=yesterday&lookup=name&account_id=1'),
        422,
        'validation_failed',
      )
      expect(problem.errors!.every((error) => error.in === 'query')).toBe(true)
      expect([...new Set(problem.errors!.map((error) => error.path))].sort()).toEqual(['/account_id', '/created_from', '/created_to', '/lookup', '/status'])      // An empty period is named, as on GET /request-logs, rather than answered with an empty page.
      const reversed = expectProblem(await list(account, String(customer.id), '?created_from=2026-11-30&created_to=2026-11-01'), 422, 'validation_failed')
      expect(reversed.errors).toEqual([{ in: 'query', path: '/created_to', message: 'must not be before `created_from`' }])
    })
  })
})
