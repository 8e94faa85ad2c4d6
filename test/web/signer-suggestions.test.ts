// The document form's earlier signers of a customer (GET /proposals/signer-suggestions, the fragment
// signer-suggestions.js puts in the form), on both databases: the signers of the customer's latest
// documents (without the draft being edited), each address once as last written, latest first, at
// most eight; never another customer's or another account's, nor an erased signer; the customer by
// id, code or CNPJ; the same empty answer for a foreign, missing or malformed customer; escaped;
// behind the session.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { findCustomerIdByTypedReference } from '../../src/modules/proposals/proposal-form-options.js'
import { DOCUMENTS_READ, RECENT_SIGNERS_SHOWN } from '../../src/modules/proposals/recent-signers.js'
import { emailPlaceholder } from '../../src/modules/privacy/redaction.js'
import { formatDocument } from '../../src/platform/pt-br-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'

const PATH = '/proposals/signer-suggestions'
const r = t.proposals.form.recentSigners

type Person = { name: string; email: string; cpf?: string | null; phone?: string | null; role: 'party' | 'witness'; code?: boolean }

function signersOf(account: TestAccount, people: Person[]) {
  return people.map((person) => ({
    name: person.name, email: person.email, cpf: person.cpf ?? null, phone: person.phone ?? null, role_id: account.roles[person.role].id,
    ...(person.code ? { authentication: 'email_code' as const } : {}),
  }))
}

/** The people the fragment offers, in its order, as [name, e-mail]. */
function offered(html: string): Array<[string, string]> {
  return [...html.matchAll(/data-name="([^"]*)" data-email="([^"]*)"/g)].map((match) => [match[1]!, match[2]!])
}

describeEachDialect('earlier signers of a customer in the document form', (env: TestApp) => {
  it("offers the signers of the customer's latest documents, each once as last written, latest first, without the draft being edited, and nobody else's", async () => {
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const customer = await makeCustomer(env, account)
    const other = await makeCustomer(env, account)
    const mariaCpf = validCpf()
    const earlier = await makeProposal(env, account, customer, { signers: signersOf(account, [{ name: 'Maria Souza', email: 'maria@cliente.test', phone: '(11) 3333-0000', role: 'party' }, { name: 'João Lima', email: 'joao@cliente.test', role: 'witness' }]) })
    await makeProposal(env, account, other, { signers: signersOf(account, [{ name: 'Pessoa de Outro Cliente', email: 'outro@outro.test', role: 'party' }]) })
    const latest = await makeProposal(env, account, customer, {
      signature_type: 'digital',
      signers: signersOf(account, [{ name: 'Ana Reis', email: 'ana@cliente.test', role: 'party' }, { name: 'Maria S. Souza', email: 'Maria@Cliente.test', cpf: mariaCpf, phone: '(11) 98888-7777', role: 'party', code: true }]),
    })

    const answer = await agent.get(`${PATH}?customer_id=${customer.id}`)
    expect(answer.statusCode).toBe(200)
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.body).not.toContain('<!doctype')
    expect(answer.body).toContain(r.title)
    // The latest document first, in its signing order; Maria once, as the latest document has her.
    expect(offered(answer.body)).toEqual([['Ana Reis', 'ana@cliente.test'], ['Maria S. Souza', 'maria@cliente.test'], ['João Lima', 'joao@cliente.test']])
    expect(answer.body).toContain(`data-cpf="${formatDocument(mariaCpf)}" data-phone="(11) 98888-7777" data-role-id="${account.roles.party.id}" data-email-code="1"`)
    expect(answer.body).toContain(`data-name="João Lima" data-email="joao@cliente.test" data-cpf data-phone data-role-id="${account.roles.witness.id}" data-email-code>`)
    expect(answer.body).toContain(r.add('João Lima', 'joao@cliente.test', 'Testemunha'))
    expect(answer.body).not.toContain('outro@outro.test')

    // Named as the typed reference names it: by code, by CNPJ with or without its punctuation.
    for (const reference of [customer.code!, customer.document!, formatDocument(customer.document)]) {
      expect((await agent.get(`${PATH}?customer_ref=${encodeURIComponent(reference)}`)).body, reference).toBe(answer.body)
    }
    // The draft being edited is not read: its signers are in its form already.
    expect(offered((await agent.get(`${PATH}?customer_id=${customer.id}&exclude=${latest.id}`)).body)).toEqual([['Maria Souza', 'maria@cliente.test'], ['João Lima', 'joao@cliente.test']])
    // Latest by creation, not by number: the earlier document dated after the other leads.
    await env.db.updateTable('proposals').set({ created_at: new Date(Date.parse(latest.created_at) + 60_000).toISOString() }).where('id', '=', earlier.id).execute()
    const reordered = (await agent.get(`${PATH}?customer_id=${customer.id}`)).body
    expect(offered(reordered)).toEqual([['Maria Souza', 'maria@cliente.test'], ['João Lima', 'joao@cliente.test'], ['Ana Reis', 'ana@cliente.test']])
    expect(reordered).toContain('data-phone="(11) 3333-0000"')

    // A role deactivated since is neither named nor copied (the form no longer offers it).
    await env.db.updateTable('signer_roles').set({ active: false }).where('id', '=', account.roles.witness.id).execute()
    const withoutRole = (await agent.get(`${PATH}?customer_id=${customer.id}`)).body
    expect(withoutRole).toContain('data-email="joao@cliente.test" data-cpf data-phone data-role-id data-email-code>João Lima · joao@cliente.test</button>')
  })

  it(`reads the customer's ${DOCUMENTS_READ} latest documents only`, async () => {
    const { agent, account } = await signedInUser(env)
    const customer = await makeCustomer(env, account)
    await makeProposal(env, account, customer, { signers: signersOf(account, [{ name: 'Pessoa Antiga', email: 'antiga@cliente.test', role: 'party' }]) })
    for (let index = 0; index < DOCUMENTS_READ; index += 1) {
      await makeProposal(env, account, customer, { signers: signersOf(account, [{ name: 'Pessoa Recente', email: 'recente@cliente.test', role: 'party' }]) })
    }
    expect(offered((await agent.get(`${PATH}?customer_id=${customer.id}`)).body)).toEqual([['Pessoa Recente', 'recente@cliente.test']])
  })

  it('offers at most eight people, and none whose data an erasure replaced', async () => {
    const { agent, account } = await signedInUser(env)
    const customer = await makeCustomer(env, account)
    const people = Array.from({ length: RECENT_SIGNERS_SHOWN + 2 }, (_, index): Person => ({ name: `Pessoa ${index}`, email: `pessoa${index}@cliente.test`, role: 'party' }))
    const doc = await makeProposal(env, account, customer, { signers: signersOf(account, people) })
    expect(offered((await agent.get(`${PATH}?customer_id=${customer.id}`)).body)).toEqual(people.slice(0, RECENT_SIGNERS_SHOWN).map((person) => [person.name, person.email]))

    // What an erasure leaves (privacy/redaction.ts) is no one to offer.
    const first = doc.signers[0]!
    await env.db.updateTable('proposal_signers').set({ name: 'Signatário anonimizado', email: emailPlaceholder('signatario', first.id) }).where('id', '=', first.id).execute()
    const after = offered((await agent.get(`${PATH}?customer_id=${customer.id}`)).body)
    expect(after.map(([, email]) => email)).not.toContain(emailPlaceholder('signatario', first.id))
    expect(after).toEqual(people.slice(1, RECENT_SIGNERS_SHOWN + 1).map((person) => [person.name, person.email]))
  })

  it("answers another account's customer, a missing one and a malformed one with the same empty body; text is escaped", async () => {
    const { agent, account } = await signedInUser(env)
    const foreign = await makeAccount(env)
    const foreignCustomer = await makeCustomer(env, foreign)
    await makeProposal(env, foreign, foreignCustomer, { signers: signersOf(foreign, [{ name: 'Alheia', email: 'alheia@outra.test', role: 'party' }]) })
    const empty = await makeCustomer(env, account)
    for (const query of [`customer_id=${foreignCustomer.id}`, `customer_ref=${foreignCustomer.code}`, `customer_ref=${foreignCustomer.document}`, `customer_id=${empty.id}`, 'customer_id=999999999', 'customer_id=abc', 'customer_id=-1', 'customer_ref=', 'customer_ref=%20', '']) {
      const answer = await agent.get(`${PATH}?${query}`)
      expect([answer.statusCode, answer.body], query).toEqual([200, ''])
    }

    // A reference with U+0000 names no one (the app refuses it in a URL before the route; the lookup also answers it).
    expect(await findCustomerIdByTypedReference(env.db, account.id, `${empty.code}\u0000`)).toBeUndefined()
    expect(await findCustomerIdByTypedReference(env.db, account.id, ` ${empty.code} `)).toBe(empty.id)

    const customer = await makeCustomer(env, account)
    await makeProposal(env, account, customer, { signers: signersOf(account, [{ name: '<img src=x onerror=alert(1)> "Zé"', email: 'ze@cliente.test', role: 'party' }]) })
    const body = (await agent.get(`${PATH}?customer_id=${customer.id}`)).body
    expect(body).not.toContain('<img')
    expect(body).toContain('data-name="&lt;img src=x onerror=alert(1)> &quot;Zé&quot;"')
  })

  it('is behind the session, and the document form holds its place and script', async () => {
    const { agent, account } = await signedInUser(env)
    const customer = await makeCustomer(env, account)
    const visitor = await new WebAgent(env.app).get(`${PATH}?customer_id=${customer.id}`)
    expect(visitor.statusCode).toBe(303)
    expect(visitor.headers.location).toMatch(/^\/login/)
    const draft = await makeProposal(env, account, customer)
    for (const [url, exclude] of [['/proposals/new', null], [`/proposals/new?customer_id=${customer.id}`, null], [`/proposals/${draft.id}/edit`, draft.id]] as const) {
      const form = (await agent.get(url)).body
      // A draft's own form names it, so that its signers are not offered back to it.
      expect(form).toContain(exclude === null ? `data-signer-suggestions="${PATH}" aria-live` : `data-signer-suggestions="${PATH}" data-exclude="${exclude}"`)
      expect(form).toMatch(/<script src="\/assets\/signer-suggestions\.js\?v=[0-9a-f]{12}"/)
    }
  })
})
