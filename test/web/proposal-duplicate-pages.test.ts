// "Duplicar" on both databases: the new-document form filled in from another document of the
// account (whatever its status), submitted as the browser would send it untouched, makes a new
// draft with the same content; the external reference and a validity already past are left out,
// the original does not change, and another account's document is a 404 like a missing one.
import { expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeCustomer, makeProposal } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { signedInUser } from '../support/web-login.js'
import type { TestApp } from '../support/test-app.js'
import { postFormsIn } from '../security/support/web-forms.js'

const clock = new ManualClock()

/** What a document holds that a copy must repeat, read from the tables. */
async function contentOf(env: TestApp, id: number) {
  const proposal = await env.db
    .selectFrom('proposals')
    .select(['title', 'customer_id', 'template_id', 'seller_id', 'signature_type', 'payment_method_id', 'installments', 'notes', 'fields_json', 'total_cents'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  const items = await env.db.selectFrom('proposal_items').select(['product_id', 'quantity_milli', 'unit_price_cents', 'discount_cents', 'description']).where('proposal_id', '=', id).orderBy('position').execute()
  const signers = await env.db.selectFrom('proposal_signers').select(['name', 'email', 'cpf', 'phone', 'role_id', 'signing_order']).where('proposal_id', '=', id).orderBy('signing_order').orderBy('id').execute()
  return { ...proposal, items, signers }
}

describeEachDialect('Duplicar', (env) => {
  it('fills the new-document form from a signed document; saved untouched, it is a new draft with the same content', async () => {
    clock.set('2026-11-29T12:00:00Z')
    const { agent, account } = await signedInUser(env, { role: 'member' })
    const customer = await makeCustomer(env, account)
    const source = await makeProposal(env, account, customer, {
      title: 'Implantação & treinamento',
      signature_type: 'digital',
      seller_id: account.otherSeller.id,
      payment_method_id: account.paymentMethods.card.id,
      installments: 3,
      valid_until: '2026-12-31',
      notes: 'Entrega em 30 dias',
      external_reference: 'CRM-4471',
      fields: { prazo: '30 dias', parcelas_extras: 2 },
      items: [
        { product_id: account.products.main.id, quantity: 2, unit_price_cents: 140_000, discount_cents: 5_000, description: 'Com migração' },
        { product_id: account.products.service.id, quantity: 1.5 },
      ],
      signers: [
        { name: 'Maria Souza', email: 'maria@acme.test', cpf: '52998224725', phone: '11987654321', role_id: account.roles.party.id, signing_order: 1 },
        { name: 'João Lima', email: 'joao@acme.test', role_id: account.roles.witness.id, signing_order: 2 },
      ],
    })
    // Signed since, and its validity (20/11) now past.
    await env.db.updateTable('proposals').set({ status: 'signed', valid_until: '2026-11-20' }).where('id', '=', source.id).execute()
    const before = await contentOf(env, source.id)

    const edit = await agent.get(`/proposals/${source.id}/edit`)
    expect(edit.statusCode, edit.headers.location as string).toBe(200)
    expect(edit.body).toContain(`<a class="button secondary" href="/proposals/new?from=${source.id}" data-duplicate="true">${t.proposals.copy.action}</a>`)

    const form = await agent.get(`/proposals/new?from=${source.id}`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`data-copied-from="${source.number}"`)
    expect(form.body).toContain(`href="/proposals/${source.id}/edit">${t.proposals.copy.original}</a>`)
    expect(form.body).toContain('value="Implantação &amp; treinamento"')
    expect(form.body).not.toContain('CRM-4471')
    const [post] = postFormsIn('/proposals/new', form.body, { asBrowser: true }).filter((found) => found.action === '/proposals')
    expect(post).toBeDefined()
    // The copy's validity (20/11, past on 29/11) is left empty: it would only be refused on save.
    expect(post!.fields.get('valid_until')).toBe('')
    expect(post!.fields.get('external_reference')).toBe('')
    expect(post!.fields.get('signers[0][email]')).toBe('maria@acme.test')

    const saved = await agent.post('/proposals', Object.fromEntries(post!.fields))
    expect(saved.statusCode, saved.body).toBe(303)
    const copy = await env.db.selectFrom('proposals').select(['id', 'number', 'status', 'external_reference', 'valid_until', 'created_via']).where('account_id', '=', account.id).where('id', '!=', source.id).executeTakeFirstOrThrow()
    expect(saved.headers.location).toBe(`/proposals/${copy.id}/edit`)
    expect(copy).toMatchObject({ number: source.number + 1, status: 'draft', external_reference: null, valid_until: null, created_via: 'web' })
    expect(await contentOf(env, copy.id)).toEqual(before)
    // The original is as it was.
    expect(await contentOf(env, source.id)).toEqual(before)
    expect((await env.db.selectFrom('proposals').select(['status', 'external_reference']).where('id', '=', source.id).executeTakeFirstOrThrow())).toEqual({ status: 'signed', external_reference: 'CRM-4471' })
  })

  it('keeps a validity still to come', async () => {
    clock.set('2026-11-29T12:00:00Z')
    const { agent, account } = await signedInUser(env)
    const source = await makeProposal(env, account, await makeCustomer(env, account), { valid_until: '2026-12-31' })
    const form = await agent.get(`/proposals/new?from=${source.id}`)
    expect(postFormsIn('/proposals/new', form.body, { asBrowser: true }).find((found) => found.action === '/proposals')!.fields.get('valid_until')).toBe('2026-12-31')
  })

  it("answers another account's document as it answers a missing one, and creates nothing", async () => {
    clock.set('2026-11-29T12:00:00Z')
    const { agent, account } = await signedInUser(env)
    const stranger = await signedInUser(env)
    const foreign = await makeProposal(env, stranger.account, await makeCustomer(env, stranger.account), { title: 'Documento alheio' })
    const missing = await agent.get('/proposals/new?from=999999999')
    const theirs = await agent.get(`/proposals/new?from=${foreign.id}`)
    expect(missing.statusCode).toBe(404)
    expect(theirs.statusCode).toBe(404)
    expect(theirs.body.replace(/"[A-Za-z0-9_-]{20,}"/g, '""')).toBe(missing.body.replace(/"[A-Za-z0-9_-]{20,}"/g, '""'))
    expect(theirs.body).not.toContain('Documento alheio')
    for (const bad of ['abc', '0', '-1', '1e3']) expect((await agent.get(`/proposals/new?from=${bad}`)).statusCode, bad).toBe(404)
    expect(await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).execute()).toEqual([])
  })
}, { clock })
