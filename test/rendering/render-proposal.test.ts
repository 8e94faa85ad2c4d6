// Rendering a stored document on both databases: the demo templates with a real document, the
// account scoping, and the template list/update functions of the registration screens.
import { describe, expect, it } from 'vitest'
import { formatMoney } from '../../src/platform/pt-br-format.js'
import { createTemplate } from '../../src/modules/catalog/catalog-admin.js'
import { findTemplate, listTemplates } from '../../src/modules/catalog/template-admin.js'
import { saveTemplate } from '../../src/modules/catalog/template-versions.js'
import { checkTemplateInput } from '../../src/modules/catalog/template-input.js'
import { DEMO_TEMPLATES } from '../../src/modules/demo/demo-templates.js'
import { seedDemo } from '../../src/modules/demo/seed-demo.js'
import { renderProposalHtml } from '../../src/modules/rendering/render-proposal.js'
import { escapeHtml } from '../../src/modules/rendering/liquid-engine.js'
import { TemplateError } from '../../src/modules/rendering/render-template.js'
import { describeEachDialect } from '../support/dialects.js'
import { PUBLIC_URL } from '../support/test-app.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import { validCpf } from '../support/documents.js'

describeEachDialect('Document rendering', (env) => {
  const now = () => env.clock.now()

  it('renders each demo template with a document of two items and two signers', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account, { name: 'Mercado <Bom> Preço & Cia' })
    const cpf = validCpf()
    for (const demo of DEMO_TEMPLATES) {
      const template = await createTemplate(env.db, env.clock, account.id, demo)
      const proposal = await makeProposal(env, account, customer, {
        template_id: template.id,
        title: 'Sistema de gestão',
        signature_type: 'digital',
        payment_method_id: account.paymentMethods.card.id,
        installments: 3,
        items: [{ product_id: account.products.main.id, quantity: 2, discount_cents: 10_000 }, { product_id: account.products.service.id, quantity: 1.5 }],
        signers: [
          { name: 'Maria Souza', email: 'maria@cliente.test', cpf, role_id: account.roles.party.id },
          { name: 'José Lima', email: 'jose@cliente.test', role_id: account.roles.witness.id },
        ],
        fields: { prazo_implantacao: '60 dias' },
        notes: 'Entrega em duas fases',
      })
      const html = await renderProposalHtml(env.db, account.id, proposal.id, { now: now() })
      expect(html, demo.name).toContain(`nº ${proposal.number}`)
      expect(html).toContain('Mercado &lt;Bom&gt; Preço &amp; Cia')
      expect(html).not.toContain('<Bom>')
      // 2 × 1.500,00 − 100,00 + 1,5 × 123,45 (185,18) = 3.085,18
      expect(html).toContain('R$\u00a03.085,18')
      expect(html).toContain('Cartão de crédito')
      expect(html).not.toMatch(/\{\{|\{%|\[object Object\]/)
      if (demo.body.includes('signer.role')) {
        expect(html).toContain('Maria Souza — Contratante')
        expect(html).toContain('José Lima — Testemunha')
      }
      if (demo.body.includes('prazo_implantacao')) expect(html).toContain('60 dias')
    }
  })

  it('renders every document of the demo seed with its demo template', async () => {
    const demo = await seedDemo(env.db, env.clock, { publicUrl: PUBLIC_URL })
    const proposals = await env.db.selectFrom('proposals').innerJoin('customers', 'customers.id', 'proposals.customer_id')
      .select(['proposals.id', 'proposals.number', 'proposals.total_cents', 'proposals.down_payment_cents', 'customers.name as customer']).where('proposals.account_id', '=', demo.accountId).execute()
    expect(proposals.length).toBeGreaterThan(10)
    // Some demo documents show a down payment: a fifth of the total, in whole hundreds of reais.
    const withDownPayment = proposals.filter((proposal) => Number(proposal.down_payment_cents) > 0)
    expect(withDownPayment.length).toBeGreaterThan(0)
    for (const proposal of proposals) {
      const html = await renderProposalHtml(env.db, demo.accountId, proposal.id, { now: now() })
      expect(html, `document ${proposal.number}`).toContain(`nº ${proposal.number}`)
      expect(html).toContain(escapeHtml(proposal.customer))
      expect(html).toMatch(/R\$\s\d{1,3}(\.\d{3})*,\d{2}/)
      expect(html).not.toMatch(/\{\{|\{%|\[object Object\]/)
      const downPayment = Number(proposal.down_payment_cents)
      if (downPayment === 0) expect(html).not.toContain('entrada de')
      else {
        expect(downPayment % 10_000).toBe(0)
        expect(downPayment).toBeLessThanOrEqual(Number(proposal.total_cents) / 5)
        expect(html).toContain(`entrada de ${formatMoney(downPayment)}`)
      }
    }
  })

  it('accepts a loaded detail, and answers undefined for another account\'s document', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const proposal = await makeProposal(env, account, await makeCustomer(env, account, { name: 'Cliente Único' }))
    expect(await renderProposalHtml(env.db, account.id, proposal, { now: now() })).toBe('Olá Cliente Único')
    expect(await renderProposalHtml(env.db, other.id, proposal.id, { now: now() })).toBeUndefined()
    expect(await renderProposalHtml(env.db, account.id, 999_999_999, { now: now() })).toBeUndefined()
  })

  it('throws a TemplateError when the stored template hits a limit', async () => {
    const account = await makeAccount(env)
    const proposal = await makeProposal(env, account, await makeCustomer(env, account))
    await saveTemplate(env.db, env.clock, account.id, account.template.id, { name: 'Laço', description: null, active: true, body: '{% for i in (1..1000000000) %}x{% endfor %}' }, { editedFrom: 1 })
    await expect(renderProposalHtml(env.db, account.id, proposal.id, { now: now() })).rejects.toBeInstanceOf(TemplateError)
  })

  describe('template registration', () => {
    it('lists, finds and updates only the account\'s own templates', async () => {
      const account = await makeAccount(env)
      const other = await makeAccount(env)
      const list = await listTemplates(env.db, account.id)
      expect(list.map((row) => [row.name, row.active])).toEqual([['Modelo antigo', false], ['Proposta comercial', true]])
      expect(await findTemplate(env.db, other.id, account.template.id)).toBeUndefined()
      const changes = { name: 'Novo nome', description: 'D', body: '<p>{{ title }}</p>', active: false }
      expect(await saveTemplate(env.db, env.clock, other.id, account.template.id, changes, { editedFrom: 1 })).toEqual({ outcome: 'missing' })
      expect((await findTemplate(env.db, account.id, account.template.id))!.name).toBe('Proposta comercial')
      expect(await saveTemplate(env.db, env.clock, account.id, account.template.id, changes, { editedFrom: 1 })).toEqual({ outcome: 'saved', version: 2 })
      expect(await findTemplate(env.db, account.id, account.template.id)).toMatchObject({ ...changes, version: 2 })
    })

    it('checks the input: name, description and a body that parses', () => {
      expect(checkTemplateInput({ name: ' ', description: 'x'.repeat(501), body: '', active: true })).toEqual({
        ok: false, errors: { name: 'required', description: 'too_long', body: { kind: 'required' } },
      })
      expect(checkTemplateInput({ name: 'A', description: '', body: 'a\r\n{% if x %}', active: true })).toEqual({
        ok: false, errors: { body: { kind: 'liquid', problem: { line: 2, message: expect.stringMatching(/not closed/) } } },
      })
      expect(checkTemplateInput({ name: ' A ', description: '', body: 'a\r\nb', active: false })).toEqual({
        ok: true, value: { name: 'A', description: null, body: 'a\nb', active: false },
      })
    })
  })
})
