// Clientes screens through app.inject on both databases: list, search and pagination, create and
// edit with the API's validation, the customer's documents, tenant isolation, escaping and CSRF.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { describeEachDialect } from '../support/dialects.js'
import { formatCnpj, formatCpf, validAlphanumericCnpj, validCnpj, validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'

/** The customers linked from a list page, by id, in page order. */
function listedIds(html: string): number[] {
  return [...html.matchAll(/<a href="\/customers\/(\d+)\/edit">/g)].map((match) => Number(match[1]))
}

/** The <input> tag of the field `name`. */
function inputTag(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)
  if (!match) throw new Error(`no input named ${name}`)
  return match[0]
}

/** The error shown under field `name`, checking it sits right after that field's input. */
function fieldError(html: string, name: string): string | null {
  const id = `field-${name}`
  const input = html.indexOf(inputTag(html, name))
  const match = new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)
  if (!match) return null
  const nextInput = html.indexOf('<input', input + 1)
  expect(match.index).toBeGreaterThan(input)
  expect(nextInput === -1 || match.index < nextInput).toBe(true)
  return match[1]!
}

function customerFields(overrides: Record<string, string> = {}): Record<string, string> {
  const suffix = uniqueSuffix()
  return {
    name: `Empresa ${suffix} Ltda`,
    trade_name: `Empresa ${suffix}`,
    code: `EMP-${suffix}`,
    document: '',
    email: `Contato.${suffix}@Empresa.test`,
    phone: '+55 11 3333-4444',
    street: 'Av. Paulista',
    number: '1000',
    complement: 'Conj. 101',
    district: 'Bela Vista',
    city: 'São Paulo',
    state: 'sp',
    postal_code: '01310100',
    ...overrides,
  }
}

async function customerCount(env: TestApp, accountId: number): Promise<number> {
  const row = await env.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()
  return Number(row.n)
}

describeEachDialect('Clientes pages', (env) => {
  describe('list and search', () => {
    it("lists only the account's customers, by name, with their columns and the new-customer button", async () => {
      const { agent, account } = await signedInUser(env)
      const other = await makeAccount(env)
      const foreign = await makeCustomer(env, other, { name: 'Estrangeira Oculta SA' })
      const beta = await makeCustomer(env, account, { name: 'Beta Comércio Ltda', address_city: 'Campinas', address_state: 'SP' })
      const alpha = await makeCustomer(env, account, { name: 'alfa Serviços ME' })
      const response = await agent.get('/customers')
      expect(response.statusCode).toBe(200)
      expect(listedIds(response.body)).toEqual([alpha.id, beta.id])
      expect(response.body).not.toContain(foreign.name)
      expect(response.body).toContain(formatCnpj(beta.document!))
      expect(response.body).toContain('Campinas/SP')
      expect(response.body).toContain(beta.email!)
      expect(response.body).toContain(beta.code!)
      expect(response.body).toContain(beta.trade_name!)
      expect(response.body).toContain('href="/customers/new"')
      expect(response.body).toContain('Novo cliente')
      expect(response.body).toContain('aria-current="page"')
    })

    it('shows an empty state for an account without customers, and for a search without results', async () => {
      const { agent } = await signedInUser(env)
      const empty = await agent.get('/customers')
      expect(empty.body).toContain('Nenhum cliente cadastrado ainda')
      const none = await agent.get('/customers?q=ninguem')
      expect(none.body).toContain('Nenhum cliente encontrado para “ninguem”')
    })

    it('searches by name, trade name and code, ignoring case', async () => {
      const { agent, account } = await signedInUser(env)
      const target = await makeCustomer(env, account, { name: 'Padaria Pão Quente Ltda', trade_name: 'Pão Quente', code: 'PADARIA-77' })
      const other = await makeCustomer(env, account, { name: 'Oficina Mecânica Silva' })
      expect(listedIds((await agent.get('/customers?q=padaria+p')).body)).toEqual([target.id])
      expect(listedIds((await agent.get('/customers?q=PÃO')).body)).toEqual([target.id])
      expect(listedIds((await agent.get('/customers?q=adaria-7')).body)).toEqual([target.id])
      expect(listedIds((await agent.get('/customers?q=silva')).body)).toEqual([other.id])
      // LIKE wildcards are taken literally.
      expect(listedIds((await agent.get('/customers?q=%25')).body)).toEqual([])
      expect(listedIds((await agent.get('/customers?q=_')).body)).toEqual([])
    })

    it('searches by CNPJ typed with punctuation and by CPF typed without', async () => {
      const { agent, account } = await signedInUser(env)
      const company = await makeCustomer(env, account, { document: validCnpj(), document_type: 'cnpj' })
      const cpf = validCpf()
      const person = await makeCustomer(env, account, { name: 'Maria Pessoa Física', document: cpf, document_type: 'cpf' })
      const alphanumeric = await makeCustomer(env, account, { document: validAlphanumericCnpj(), document_type: 'cnpj' })
      await makeCustomer(env, account)

      const byFormatted = await agent.get(`/customers?q=${encodeURIComponent(formatCnpj(company.document!))}`)
      expect(listedIds(byFormatted.body)).toEqual([company.id])
      expect(listedIds((await agent.get(`/customers?q=${company.document}`)).body)).toEqual([company.id])
      expect(listedIds((await agent.get(`/customers?q=${cpf}`)).body)).toEqual([person.id])
      expect(listedIds((await agent.get(`/customers?q=${encodeURIComponent(formatCpf(cpf))}`)).body)).toEqual([person.id])
      const lower = formatCnpj(alphanumeric.document!).toLowerCase()
      expect(listedIds((await agent.get(`/customers?q=${encodeURIComponent(lower)}`)).body)).toEqual([alphanumeric.id])
    })

    it('pages 25 customers at a time, keeping the search in the links', async () => {
      const { agent, account } = await signedInUser(env)
      for (let index = 1; index <= 30; index += 1) await makeCustomer(env, account, { name: `Paginado ${String(index).padStart(2, '0')}` })
      await makeCustomer(env, account, { name: 'Fora da busca' })
      const first = await agent.get('/customers?q=paginado')
      expect(listedIds(first.body)).toHaveLength(25)
      expect(first.body).toContain('Página 1 de 2 · 30 registros')
      expect(first.body).toContain('href="/customers?q=paginado&amp;page=2"')
      const second = await agent.get('/customers?q=paginado&page=2')
      expect(listedIds(second.body)).toHaveLength(5)
      expect(second.body).toContain('Paginado 30')
      expect(second.body).not.toContain('Paginado 25')
      expect(second.body).toContain('Página 2 de 2')
      const all = await agent.get('/customers?page=2')
      expect(listedIds(all.body)).toHaveLength(6)
      // Past the last page: the customers exist, the page says so and links back to the first.
      const past = await agent.get('/customers?q=paginado&page=3')
      expect(listedIds(past.body)).toHaveLength(0)
      expect(past.body).toContain(t.pagination.pastLast(3, 2, 30))
      expect(past.body).toContain(`${t.pagination.noRowsHere}<`)
      expect(past.body).not.toContain(t.customers.emptySearch('paginado'))
      expect(past.body).toContain(`href="/customers?q=paginado">${t.pagination.first}`)
    })

    it('sends a visitor to the login page', async () => {
      const response = await env.app.inject({ method: 'GET', url: '/customers' })
      expect(response.statusCode).toBe(303)
      expect(response.headers.location).toBe('/login?next=%2Fcustomers')
    })
  })

  describe('create', () => {
    it('creates a customer with a formatted CNPJ, stores it normalised and shows the flash on the next page', async () => {
      const { agent, account } = await signedInUser(env)
      const cnpj = validCnpj()
      const fields = customerFields({ document: formatCnpj(cnpj) })
      const response = await agent.submit('/customers/new', '/customers', fields)
      expect(response.statusCode, response.body).toBe(303)
      const row = await env.db.selectFrom('customers').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow()
      expect(response.headers.location).toBe(`/customers/${row.id}/edit`)
      expect(row).toMatchObject({
        name: fields.name,
        trade_name: fields.trade_name,
        code: fields.code,
        document: cnpj,
        document_type: 'cnpj',
        email: fields.email!.toLowerCase(),
        phone: '+55 11 3333-4444',
        address_street: 'Av. Paulista',
        address_number: '1000',
        address_complement: 'Conj. 101',
        address_district: 'Bela Vista',
        address_city: 'São Paulo',
        address_state: 'SP',
        address_postal_code: '01310-100',
      })
      const next = await agent.get(response.headers.location as string)
      expect(next.statusCode).toBe(200)
      expect(next.body).toContain('Cliente criado.')
      expect(inputTag(next.body, 'document')).toContain(`value="${formatCnpj(cnpj)}"`)
      expect(next.body).toContain('Este cliente ainda não tem documentos.')
      expect(next.body).toContain(`href="/proposals/new?customer_id=${row.id}"`)
      expect((await agent.get(response.headers.location as string)).body).not.toContain('Cliente criado.')
    })

    it('accepts an alphanumeric CNPJ, a CPF, or no document at all, with only the name filled in', async () => {
      const { agent, account } = await signedInUser(env)
      const alphanumeric = validAlphanumericCnpj()
      const cpf = validCpf()
      expect((await agent.submit('/customers/new', '/customers', customerFields({ document: formatCnpj(alphanumeric).toLowerCase() }))).statusCode).toBe(303)
      expect((await agent.submit('/customers/new', '/customers', customerFields({ document: formatCpf(cpf) }))).statusCode).toBe(303)
      expect((await agent.submit('/customers/new', '/customers', { name: 'Só o nome' })).statusCode).toBe(303)
      const rows = await env.db.selectFrom('customers').select(['name', 'code', 'document', 'document_type', 'email', 'address_state']).where('account_id', '=', account.id).orderBy('id').execute()
      expect(rows.map((row) => [row.document, row.document_type])).toEqual([[alphanumeric, 'cnpj'], [cpf, 'cpf'], [null, null]])
      expect(rows[2]).toMatchObject({ name: 'Só o nome', code: null, email: null, address_state: null })
    })

    it('refuses an invalid CNPJ with 422, the error next to the field and every typed value kept', async () => {
      const { agent, account } = await signedInUser(env)
      const cnpj = validCnpj()
      // The last check digit off by one.
      const bad = formatCnpj(`${cnpj.slice(0, 13)}${(Number(cnpj[13]) + 1) % 10}`)
      const fields = customerFields({ document: bad })
      const response = await agent.submit('/customers/new', '/customers', fields)
      expect(response.statusCode).toBe(422)
      expect(response.body).toContain('Corrija os campos destacados.')
      expect(fieldError(response.body, 'document')).toBe('CNPJ ou CPF inválido: confira os dígitos verificadores.')
      expect(inputTag(response.body, 'document')).toContain('aria-invalid="true"')
      expect(inputTag(response.body, 'document')).toContain(`value="${bad}"`)
      for (const name of ['name', 'trade_name', 'code', 'email', 'phone', 'street', 'number', 'complement', 'district', 'city', 'postal_code']) {
        expect(inputTag(response.body, name)).toContain(`value="${fields[name]}"`)
        expect(inputTag(response.body, name)).not.toContain('aria-invalid')
      }
      expect(inputTag(response.body, 'state')).toContain('value="SP"')
      expect(await customerCount(env, account.id)).toBe(0)
    })

    it('refuses a form holding U+0000 with the bad-request page, changing nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const response = await agent.submit('/customers/new', '/customers', customerFields({ complement: 'Sala\u00001' }))
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain('Requisição inválida')
      expect(await customerCount(env, account.id)).toBe(0)
    })

    it('reports every field the API would refuse, at once', async () => {
      const { agent, account } = await signedInUser(env)
      const response = await agent.submit('/customers/new', '/customers', {
        ...customerFields(),
        name: '   ',
        email: 'sem-arroba',
        phone: 'abc',
        state: 'XX',
        postal_code: '123',
        city: 'x'.repeat(101),
      })
      expect(response.statusCode).toBe(422)
      expect(fieldError(response.body, 'name')).toBe('Preencha este campo.')
      expect(fieldError(response.body, 'email')).toBe('Informe um e-mail válido, como nome@empresa.com.br.')
      expect(fieldError(response.body, 'phone')).toContain('Informe um telefone')
      expect(fieldError(response.body, 'state')).toBe('Informe a sigla de um estado, como SP.')
      expect(fieldError(response.body, 'postal_code')).toBe('Informe um CEP como 01310-100.')
      expect(fieldError(response.body, 'city')).toBe('Texto longo demais.')
      expect(fieldError(response.body, 'code')).toBeNull()
      expect(await customerCount(env, account.id)).toBe(0)
    })

    it('refuses a code or a document another customer of the account has, changing nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const existing = await makeCustomer(env, account)
      const other = await makeAccount(env)
      const foreign = await makeCustomer(env, other)
      const byCode = await agent.submit('/customers/new', '/customers', customerFields({ code: existing.code! }))
      expect(byCode.statusCode).toBe(422)
      expect(fieldError(byCode.body, 'code')).toBe('Outro cliente desta conta já usa este código.')
      const byDocument = await agent.submit('/customers/new', '/customers', customerFields({ document: formatCnpj(existing.document!) }))
      expect(byDocument.statusCode).toBe(422)
      expect(fieldError(byDocument.body, 'document')).toBe('Outro cliente desta conta já tem este CNPJ/CPF.')
      expect(await customerCount(env, account.id)).toBe(1)
      expect(await env.db.selectFrom('customers').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow()).toEqual(existing)
      // Another account's code and document do not count.
      const reused = await agent.submit('/customers/new', '/customers', customerFields({ code: foreign.code!, document: foreign.document! }))
      expect(reused.statusCode, reused.body).toBe(303)
    })

    it('refuses a POST without the CSRF token, inserting nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const response = await agent.post('/customers', customerFields())
      expect(response.statusCode).toBe(403)
      expect(response.body).toContain('Formulário expirado')
      expect(await customerCount(env, account.id)).toBe(0)
    })
  })

  describe('edit', () => {
    it('saves changes, clears emptied fields and shows the flash', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const cpf = validCpf()
      const url = `/customers/${customer.id}/edit`
      const edit = await agent.get(url)
      expect(edit.statusCode).toBe(200)
      expect(inputTag(edit.body, 'name')).toContain(`value="${customer.name}"`)
      expect(inputTag(edit.body, 'document')).toContain(`value="${formatCnpj(customer.document!)}"`)
      const fields = customerFields({ name: 'Nome Novo Ltda', code: '', document: cpf, complement: '', email: '' })
      const response = await agent.submit(url, `/customers/${customer.id}`, fields)
      expect(response.statusCode, response.body).toBe(303)
      expect(response.headers.location).toBe(url)
      const row = await env.db.selectFrom('customers').selectAll().where('id', '=', customer.id).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ name: 'Nome Novo Ltda', code: null, document: cpf, document_type: 'cpf', email: null, address_complement: null, address_postal_code: '01310-100', account_id: account.id })
      expect(row.created_at).toBe(customer.created_at)
      const next = await agent.get(url)
      expect(next.body).toContain('Cliente salvo.')
      expect(inputTag(next.body, 'name')).toContain('value="Nome Novo Ltda"')
    })

    it("keeps the customer's own code and document, and refuses another customer's", async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const other = await makeCustomer(env, account)
      const url = `/customers/${customer.id}/edit`
      const same = await agent.submit(url, `/customers/${customer.id}`, customerFields({ code: customer.code!, document: customer.document! }))
      expect(same.statusCode, same.body).toBe(303)
      const before = await env.db.selectFrom('customers').selectAll().where('id', '=', customer.id).executeTakeFirstOrThrow()
      const clash = await agent.submit(url, `/customers/${customer.id}`, customerFields({ code: other.code!, document: formatCnpj(other.document!) }))
      expect(clash.statusCode).toBe(422)
      expect(fieldError(clash.body, 'code')).toBe('Outro cliente desta conta já usa este código.')
      expect(fieldError(clash.body, 'document')).toBe('Outro cliente desta conta já tem este CNPJ/CPF.')
      expect(inputTag(clash.body, 'code')).toContain(`value="${other.code}"`)
      expect(await env.db.selectFrom('customers').selectAll().where('id', '=', customer.id).executeTakeFirstOrThrow()).toEqual(before)
    })

    it("lists the customer's documents with status, total and date in the account's time zone", async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const otherCustomer = await makeCustomer(env, account)
      const proposal = await makeProposal(env, account, customer, { title: 'Proposta de implantação' })
      const hidden = await makeProposal(env, account, otherCustomer, { title: 'Proposta de outro cliente' })
      const response = await agent.get(`/customers/${customer.id}/edit`)
      expect(response.statusCode).toBe(200)
      expect(response.body).toContain(`href="/proposals/${proposal.id}/edit"`)
      expect(response.body).toContain('Proposta de implantação')
      expect(response.body).toContain('Rascunho')
      const row = await env.db.selectFrom('proposals').select(['number', 'total_cents', 'created_at']).where('id', '=', proposal.id).executeTakeFirstOrThrow()
      const money = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(row.total_cents / 100)
      expect(row.total_cents).toBeGreaterThan(0)
      expect(response.body).toContain(money)
      const timeZone = (await env.db.selectFrom('accounts').select('time_zone').where('id', '=', account.id).executeTakeFirstOrThrow()).time_zone
      expect(response.body).toContain(new Intl.DateTimeFormat('pt-BR', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(row.created_at)))
      expect(response.body).toContain(`>${row.number}</a>`)
      expect(response.body).not.toContain(`href="/proposals/${hidden.id}/edit"`)
      expect(response.body).toContain(`href="/proposals/new?customer_id=${customer.id}"`)
    })

    it("lists who signs for the customer: the signers of its latest documents, each once, and nobody else's", async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account)
      const otherCustomer = await makeCustomer(env, account)
      const signer = (name: string, email: string, extra: Record<string, unknown> = {}) => ({ name, email, role_id: account.roles.party.id, ...extra })
      const cpf = validCpf()
      await makeProposal(env, account, customer, { signers: [signer('Maria Souza', 'maria@cliente.test'), signer('João Lima', 'joao@cliente.test', { role_id: account.roles.witness.id })] })
      await makeProposal(env, account, customer, { signers: [signer('Maria Souza', 'maria@cliente.test', { cpf, phone: '(11) 98888-7777' })] })
      await makeProposal(env, account, otherCustomer, { signers: [signer('Pessoa de Outro Cliente', 'outro@outro.test')] })
      const page = (await agent.get(`/customers/${customer.id}/edit`)).body
      const table = page.slice(page.indexOf('id="customer-signers-title"'))
      expect(table).toContain(t.customers.signers.caption)
      const rows = [...table.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((match) => match.slice(1))
      expect(rows).toEqual([
        ['Maria Souza', 'maria@cliente.test', formatCpf(cpf), '(11) 98888-7777', account.roles.party.name],
        ['João Lima', 'joao@cliente.test', '', '', account.roles.witness.name],
      ])
      expect(page).not.toContain('outro@outro.test')
      // A role deactivated since is still how they signed: named, and said to be inactive.
      await env.db.updateTable('signer_roles').set({ active: false }).where('id', '=', account.roles.witness.id).execute()
      expect((await agent.get(`/customers/${customer.id}/edit`)).body).toContain(`<td>${t.customers.signers.inactiveRole(account.roles.witness.name)}</td>`)
      // A customer whose documents name no signer says so; one without documents shows no such card.
      const withoutSigners = await makeCustomer(env, account)
      await makeProposal(env, account, withoutSigners)
      expect((await agent.get(`/customers/${withoutSigners.id}/edit`)).body).toContain(t.customers.signers.empty)
      const fresh = (await agent.get(`/customers/${(await makeCustomer(env, account)).id}/edit`)).body
      expect(fresh).toContain(t.customers.documents.empty)
      expect(fresh).not.toContain('id="customer-signers-title"')
    })
  })

  describe('security', () => {
    it("answers another account's customer exactly like a missing one, on GET and POST, changing nothing", async () => {
      const { agent } = await signedInUser(env)
      const other = await makeAccount(env)
      const foreign = await makeCustomer(env, other)
      const missing = foreign.id + 100000
      const page = await agent.get('/customers/new')
      const csrf = csrfTokenIn(page.body)
      const normalise = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '')
      const foreignGet = await agent.get(`/customers/${foreign.id}/edit`)
      const missingGet = await agent.get(`/customers/${missing}/edit`)
      expect(foreignGet.statusCode).toBe(404)
      expect(missingGet.statusCode).toBe(404)
      expect(normalise(foreignGet.body)).toBe(normalise(missingGet.body))
      expect(foreignGet.body).not.toContain(foreign.name)
      for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) expect((await agent.get(`/customers/${id}/edit`)).statusCode).toBe(404)

      const foreignPost = await agent.post(`/customers/${foreign.id}`, { _csrf: csrf, ...customerFields({ name: 'Invadido' }) })
      const missingPost = await agent.post(`/customers/${missing}`, { _csrf: csrf, ...customerFields({ name: 'Invadido' }) })
      const wordPost = await agent.post('/customers/abc', { _csrf: csrf, ...customerFields({ name: 'Invadido' }) })
      expect([foreignPost.statusCode, missingPost.statusCode, wordPost.statusCode]).toEqual([404, 404, 404])
      expect(normalise(foreignPost.body)).toBe(normalise(missingPost.body))
      expect(await env.db.selectFrom('customers').selectAll().where('id', '=', foreign.id).executeTakeFirstOrThrow()).toEqual(foreign)
      expect(await env.db.selectFrom('customers').select('id').where('name', '=', 'Invadido').execute()).toEqual([])
    })

    it('renders user text escaped in the list and the edit page', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account, { name: '<script>alert(1)</script>', trade_name: '"><img src=x onerror=alert(2)>' })
      for (const url of ['/customers', `/customers/${customer.id}/edit`]) {
        const response = await agent.get(url)
        expect(response.statusCode).toBe(200)
        // preact-render-to-string escapes < (and & and quotes); a lone > is harmless in text.
        expect(response.body).toContain('&lt;script>alert(1)&lt;/script>')
        expect(response.body).not.toContain('<script>alert(1)')
        expect(response.body).not.toContain('<img src=x')
      }
    })

    it('lets a member use the screens', async () => {
      const { agent, account } = await signedInUser(env, { role: 'member' })
      const customer = await makeCustomer(env, account)
      expect(listedIds((await agent.get('/customers')).body)).toEqual([customer.id])
      const created = await agent.submit('/customers/new', '/customers', customerFields({ name: 'Criado por membro' }))
      expect(created.statusCode, created.body).toBe(303)
      const edited = await agent.submit(`/customers/${customer.id}/edit`, `/customers/${customer.id}`, customerFields({ name: 'Editado por membro' }))
      expect(edited.statusCode, edited.body).toBe(303)
      const names = (await env.db.selectFrom('customers').select('name').where('account_id', '=', account.id).orderBy('id').execute()).map((row) => row.name)
      expect(names).toEqual(['Editado por membro', 'Criado por membro'])
    })
  })
})
