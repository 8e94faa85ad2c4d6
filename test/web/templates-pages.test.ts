// Cadastros → Modelos and the document preview through app.inject on both databases: create and
// edit, Liquid errors next to the body, the sample preview, roles, tenant isolation, and the
// framed document's own headers.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { findTemplate } from '../../src/modules/catalog/template-admin.js'
import { DOCUMENT_CONTENT_SECURITY_POLICY } from '../../src/http/web/routes/template-routes.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'

const LIST = '/registration-data/templates'

async function templateNamed(env: TestApp, accountId: number, name: string) {
  return env.db.selectFrom('templates').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst()
}

describeEachDialect('Template pages and document preview', (env) => {
  describe('templates', () => {
    it('lists the account templates with status and creates a new one', async () => {
      const { agent, account } = await signedInUser(env)
      const list = await agent.get(LIST)
      expect(list.statusCode).toBe(200)
      expect(list.body).toContain('Proposta comercial')
      expect(list.body).toContain('Modelo antigo')
      expect(list.body).toContain(`href="${LIST}/${account.template.id}/edit"`)
      expect(list.body).toContain(`href="${LIST}/new"`)

      const form = await agent.get(`${LIST}/new`)
      expect(form.statusCode).toBe(200)
      expect(form.body).toContain('{{ customer.address.city }}')
      expect(form.body).toContain('{{ item.unit_price }}')
      const body = '<h1>Contrato {{ number }}</h1>\n<p>{{ customer.name }}</p>'
      const created = await agent.submit(`${LIST}/new`, LIST, { name: 'Contrato anual', description: 'Doze meses', body, active: '1' })
      expect(created.statusCode, created.body).toBe(303)
      expect(created.headers.location).toBe(LIST)
      expect(await templateNamed(env, account.id, 'Contrato anual')).toMatchObject({ description: 'Doze meses', body })
      const after = await agent.get(LIST)
      expect(after.body).toContain('Modelo criado.')
      expect(after.body).toContain('Contrato anual')
    })

    it('edits a template, keeping it inactive when the box is unticked', async () => {
      const { agent, account } = await signedInUser(env)
      const edit = `${LIST}/${account.template.id}/edit`
      const page = await agent.get(edit)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Olá {{ customer.name }}')
      const saved = await agent.submit(edit, `${LIST}/${account.template.id}`, { name: 'Proposta 2027', description: '', body: 'Prezado {{ customer.name }}', version: '1' })
      expect(saved.statusCode, saved.body).toBe(303)
      expect(await findTemplate(env.db, account.id, account.template.id)).toMatchObject({ name: 'Proposta 2027', description: null, body: 'Prezado {{ customer.name }}', active: false })
    })

    it('says on the editor how many drafts render from the template, which an edit changes; sent documents are not counted', async () => {
      const { agent, account } = await signedInUser(env)
      const edit = `${LIST}/${account.template.id}/edit`
      expect((await agent.get(edit)).body).not.toContain('data-drafts-using-it')
      const customer = await makeCustomer(env, account)
      const drafts = [await makeProposal(env, account, customer), await makeProposal(env, account, customer), await makeProposal(env, account, customer)]
      await env.db.updateTable('proposals').set({ status: 'sent', sent_at: '2026-11-20T12:00:00.000Z' }).where('id', '=', drafts[2]!.id).execute()
      expect((await agent.get(edit)).body).toContain(`<p class="alert info" data-drafts-using-it>${t.templates.draftsUsingIt(2)}</p>`)
      expect(t.templates.draftsUsingIt(2)).toContain('2 rascunhos usam este modelo')
      await env.db.updateTable('proposals').set({ status: 'cancelled' }).where('id', '=', drafts[1]!.id).execute()
      expect((await agent.get(edit)).body).toContain('Um rascunho usa este modelo: ao salvar, ele passa a mostrar o texto novo.')
    })

    it("'Duplicar' opens the new-template form filled in from another template; the copy saves as a template of its own", async () => {
      const { agent, account } = await signedInUser(env)
      const body = '<h1>{{ title }}</h1>\n<p>Contrato & anexo</p>'
      await env.db.updateTable('templates').set({ body, description: 'Doze meses' }).where('id', '=', account.template.id).execute()
      const edit = await agent.get(`${LIST}/${account.template.id}/edit`)
      expect(edit.body).toContain(`<a class="button secondary" href="${LIST}/new?from=${account.template.id}">Duplicar</a>`)

      const form = await agent.get(`${LIST}/new?from=${account.template.id}`)
      expect(form.statusCode).toBe(200)
      expect(form.body).toContain('Cópia do modelo &quot;Proposta comercial&quot;')
      expect(form.body).toContain('value="Cópia de Proposta comercial"')
      expect(form.body).toContain('value="Doze meses"')
      expect(form.body).toContain('&lt;h1>{{ title }}&lt;/h1>\n&lt;p>Contrato &amp; anexo&lt;/p>')
      expect(form.body).toContain(`action="${LIST}"`)
      const created = await agent.submit(`${LIST}/new?from=${account.template.id}`, LIST, { name: 'Cópia de Proposta comercial', description: 'Doze meses', body, active: '1' })
      expect(created.statusCode, created.body).toBe(303)
      expect(await templateNamed(env, account.id, 'Cópia de Proposta comercial')).toMatchObject({ body, description: 'Doze meses' })
      expect(await findTemplate(env.db, account.id, account.template.id)).toMatchObject({ name: 'Proposta comercial', body })

      // A long name is cut to what the field takes; another account's template, or no template, is a 404.
      await env.db.updateTable('templates').set({ name: 'N'.repeat(120) }).where('id', '=', account.template.id).execute()
      expect((await agent.get(`${LIST}/new?from=${account.template.id}`)).body).toContain(`value="Cópia de ${'N'.repeat(111)}"`)
      const stranger = await signedInUser(env)
      for (const from of [String(stranger.account.template.id), '999999999', 'abc', '0']) {
        const refused = await agent.get(`${LIST}/new?from=${from}`)
        expect(refused.statusCode, from).toBe(404)
      }
    })

    it('answers 422 with the line of a Liquid error next to the body, keeps the input and saves nothing', async () => {
      const { agent, account } = await signedInUser(env)
      const body = '<h1>{{ title }}</h1>\n<p>ok</p>\n{% if customer.name %}\n<p>sem fim & <b>'
      const created = await agent.submit(`${LIST}/new`, LIST, { name: 'Quebrado', description: 'Descrição mantida', body, active: '1' })
      expect(created.statusCode).toBe(422)
      expect(created.body).toContain('Corrija os campos destacados.')
      expect(created.body).toMatch(/<p class="field-error" id="field-body-error">Erro na linha 3: [^<]+<\/p>/)
      expect(created.body).toContain('aria-describedby="field-body-hint field-body-error"')
      expect(created.body).toContain('value="Quebrado"')
      expect(created.body).toContain('value="Descrição mantida"')
      expect(created.body).toContain('{% if customer.name %}\n&lt;p>sem fim &amp; &lt;b>')
      expect(await templateNamed(env, account.id, 'Quebrado')).toBeUndefined()

      const edit = `${LIST}/${account.template.id}/edit`
      const update = await agent.submit(edit, `${LIST}/${account.template.id}`, { name: 'Outro', description: '', body: 'a\n{% include "x" %}', active: '1' })
      expect(update.statusCode).toBe(422)
      expect(update.body).toContain('id="field-body-error">Erro na linha 2: a tag {% include %} não está disponível: um modelo não pode incluir outros modelos.</p>')
      expect(await findTemplate(env.db, account.id, account.template.id)).toMatchObject({ name: 'Proposta comercial', body: 'Olá {{ customer.name }}' })
    })

    it('previews the typed body with the sample data, in a sandboxed frame, without saving', async () => {
      const { agent, account } = await signedInUser(env)
      const edit = `${LIST}/${account.template.id}/edit`
      const body = '<h2 class="x">{{ customer.name }}</h2><p>{{ totals.total }}</p><script>alert(1)</script>'
      const preview = await agent.submit(edit, `${LIST}/preview`, { template_id: String(account.template.id), name: 'Rascunho', description: '', body, active: '1' })
      expect(preview.statusCode, preview.body).toBe(200)
      const frame = /<iframe class="document-frame" sandbox srcdoc="([^"]*)" title="([^"]+)"/.exec(preview.body)
      expect(frame, 'a sandboxed srcdoc frame').not.toBeNull()
      const srcdoc = frame![1]!
      expect(srcdoc).toContain('Padaria Pão Dourado Ltda')
      expect(srcdoc).toContain('R$\u00a013.500,00')
      expect(srcdoc).not.toContain('<')
      // The form is still there with the typed input, posting to the template's update route.
      expect(preview.body).toContain(`action="${LIST}/${account.template.id}"`)
      expect(preview.body).toContain('value="Rascunho"')
      expect(preview.headers['content-security-policy']).toContain("script-src 'self'")
      expect(await findTemplate(env.db, account.id, account.template.id)).toMatchObject({ name: 'Proposta comercial', body: 'Olá {{ customer.name }}' })

      const fresh = await agent.submit(`${LIST}/new`, `${LIST}/preview`, { name: '', description: '', body: '{{ payment.method }}' })
      expect(fresh.statusCode).toBe(200)
      expect(fresh.body).toContain('Boleto bancário')
      expect(fresh.body).toContain(`action="${LIST}"`)

      const broken = await agent.submit(`${LIST}/new`, `${LIST}/preview`, { name: 'x', description: '', body: 'a\nb\n{{ title | nada }}' })
      expect(broken.statusCode).toBe(422)
      expect(broken.body).toContain('id="field-body-error">Erro na linha 3: o filtro &quot;nada&quot; não existe.</p>')
      expect(broken.body).not.toContain('<iframe')

      const looping = await agent.submit(`${LIST}/new`, `${LIST}/preview`, { name: 'x', description: '', body: '{% for i in (1..1000000000) %}x{% endfor %}' })
      expect(looping.statusCode).toBe(200)
      expect(looping.body).toContain('Não foi possível gerar a pré-visualização.')
      expect(looping.body).toContain('o modelo gera conteúdo demais (limite de memória atingido)')
    })

    it("reviews the body: a variable that does not exist with its line and the name meant, installments without the down payment; saving still works and comes back to the editor", async () => {
      const { agent, account } = await signedInUser(env)
      // The starter body and a clean stored one have nothing to review.
      expect((await agent.get(`${LIST}/new`)).body).not.toContain('Revisão do modelo')
      const edit = `${LIST}/${account.template.id}/edit`
      expect((await agent.get(edit)).body).not.toContain('Revisão do modelo')

      const body = '<p>{{ customer.nmae }}</p>\n{% for item in items %}{{ item.nome }}{% endfor %}\n{{ payment.installments }}x de {{ payment.installment_amount }}\n{{ customer["<b>x</b>"] }}'
      const preview = await agent.submit(edit, `${LIST}/preview`, { template_id: String(account.template.id), name: 'Proposta comercial', description: '', body, active: '1' })
      expect(preview.statusCode).toBe(200)
      const review = /<section class="card template-review"[\s\S]*?<\/section>/.exec(preview.body)?.[0] ?? ''
      expect(review).toContain('Revisão do modelo')
      // What the editor's script finds the variable by, and puts in its place (template-editor-browser.test.ts).
      expect(review).toContain('<li data-notice-line="1" data-notice-variable="customer.nmae" data-notice-start="6" data-notice-wrong="nmae" data-notice-columns="15" data-notice-replacement="name">')
      expect(review).toContain('<span data-notice-goto>Linha 1:</span> <code>customer.nmae</code> não existe e sairá em branco no documento. Você quis dizer <code>customer.name</code>?')
      expect(review).toContain('<span data-notice-goto>Linha 2:</span> <code>item.nome</code> não existe e sairá em branco no documento. Você quis dizer <code>item.name</code>?')
      expect(review).toContain('<span data-notice-goto>Linha 4:</span> <code>customer[&quot;&lt;b>x&lt;/b>&quot;]</code> não existe')
      expect(review).toContain('O modelo mostra as parcelas, mas não a entrada.')
      expect(review).toContain('<code>{% if payment.down_payment %}Entrada de {{ payment.down_payment }}.{% endif %}</code>')
      expect(preview.body).toContain('<iframe class="document-frame"')

      // Saved all the same, then the editor again with the review, not the list.
      const saved = await agent.submit(edit, `${LIST}/${account.template.id}`, { name: 'Proposta comercial', description: '', body, active: '1', version: '1' })
      expect(saved.statusCode, saved.body).toBe(303)
      expect(saved.headers.location).toBe(edit)
      expect(await findTemplate(env.db, account.id, account.template.id)).toMatchObject({ body })
      const back = await agent.get(edit)
      expect(back.body).toContain('Modelo salvo, com 4 avisos para revisar abaixo.')
      expect(back.body).toContain('<span data-notice-goto>Linha 2:</span> <code>item.nome</code>')
      // The list says which templates have notices, to members too.
      const badge = `<a href="${edit}">Proposta comercial</a> <span class="badge warn" title="Revisão do modelo">4 avisos</span>`
      expect((await agent.get(LIST)).body).toContain(badge)
      const member = await signedInUser(env, { account, role: 'member' })
      expect((await member.agent.get(LIST)).body).toContain('Proposta comercial <span class="badge warn" title="Revisão do modelo">4 avisos</span>')

      // A new template with one notice: created, and its own editor opened.
      const created = await agent.submit(`${LIST}/new`, LIST, { name: 'Orçamento rápido', description: '', body: '{{ totals.totl }}', active: '1' })
      expect(created.statusCode, created.body).toBe(303)
      const stored = await templateNamed(env, account.id, 'Orçamento rápido')
      expect(created.headers.location).toBe(`${LIST}/${stored!.id}/edit`)
      const opened = await agent.get(created.headers.location as string)
      expect(opened.body).toContain('Modelo salvo, com um aviso para revisar abaixo.')
      expect(opened.body).toContain('Você quis dizer <code>totals.total</code>?')

      // A body pasted from elsewhere, full of names Vendoc does not have: the first 30, and how many more.
      const pasted = Array.from({ length: 35 }, (_, index) => `{{ deal.field_${index} }}`).join('\n')
      const many = await agent.submit(edit, `${LIST}/preview`, { template_id: String(account.template.id), name: 'x', description: '', body: pasted, active: '1' })
      expect(many.body.match(/não existe e sairá em branco/g)).toHaveLength(30)
      expect(many.body).toContain('<span data-notice-goto>Linha 30:</span> <code>deal</code>')
      expect(many.body).not.toContain('<span data-notice-goto>Linha 31:</span> <code>deal</code>')
      expect(many.body).toContain('E mais 5 variáveis que não existem, listadas aqui quando as primeiras forem corrigidas.')

      // Mended, it goes back to the list as before.
      const mended = await agent.submit(edit, `${LIST}/${account.template.id}`, { name: 'Proposta comercial', description: '', body: '{{ customer.name }} {% if payment.down_payment %}{{ payment.down_payment }} + {% endif %}{{ payment.installments }}x', active: '1', version: '2' })
      expect(mended.headers.location).toBe(LIST)
      expect((await agent.get(edit)).body).not.toContain('Revisão do modelo')
      const list = (await agent.get(LIST)).body
      expect(list).toContain(`<a href="${edit}">Proposta comercial</a>`)
      expect(list).not.toContain(`<a href="${edit}">Proposta comercial</a> <span class="badge warn"`)
      expect(list).toContain('1 aviso</span>')
    })

    it("previews the typed body with one of the account's documents, by its number as people type it; another account's or none is an error beside the field", async () => {
      const { agent, account } = await signedInUser(env)
      const own = await makeProposal(env, account, await makeCustomer(env, account, { name: 'Mercado <Bom> Preço' }), { title: 'Balcão refrigerado' })
      const stranger = await signedInUser(env)
      const strangerCustomer = await makeCustomer(env, stranger.account, { name: 'Cliente Alheio' })
      await makeProposal(env, stranger.account, strangerCustomer)
      const foreign = await makeProposal(env, stranger.account, strangerCustomer)
      expect(foreign.number).toBeGreaterThan(own.number)
      const edit = `${LIST}/${account.template.id}/edit`
      const body = '<p>{{ customer.name }} — {{ title }} — {{ totals.total }}</p>'
      const preview = (number: string) => agent.submit(edit, `${LIST}/preview`, { template_id: String(account.template.id), name: 'x', description: '', body, active: '1', preview_number: number })

      for (const typed of [String(own.number), `nº ${own.number}`]) {
        const shown = await preview(typed)
        expect(shown.statusCode, typed).toBe(200)
        const srcdoc = /<iframe class="document-frame" sandbox srcdoc="([^"]*)"/.exec(shown.body)![1]!
        // Escaped twice: once by the template, once as the attribute.
        expect(srcdoc).toContain('Mercado &amp;lt;Bom&amp;gt; Preço — Balcão refrigerado')
        expect(shown.body).toContain(`O modelo com os dados do documento nº ${own.number} (Mercado &lt;Bom> Preço); o documento não muda.`)
        expect(shown.body).toContain(`name="preview_number" type="text" value="${typed}"`)
      }
      expect((await preview(String(own.number))).body).not.toContain('Esse documento usa o modelo')
      // From another template's form (here a new one), the page says whose document it is.
      const fromNew = await agent.submit(`${LIST}/new`, `${LIST}/preview`, { name: 'x', description: '', body, active: '1', preview_number: String(own.number) })
      expect(fromNew.body).toContain('Esse documento usa o modelo &quot;Proposta comercial&quot;, que não muda com este.')
      expect(fromNew.body).toContain(`title="Pré-visualização do modelo com os dados do documento nº ${own.number}"`)
      // The template itself is not saved, nor the document changed.
      expect(await findTemplate(env.db, account.id, account.template.id)).toMatchObject({ body: 'Olá {{ customer.name }}' })

      for (const [typed, message] of [[String(foreign.number), `Nenhum documento nº ${foreign.number} nesta conta.`], ['abc', t.proposals.filters.invalidNumber]] as const) {
        const refused = await preview(typed)
        expect(refused.statusCode, typed).toBe(422)
        expect(refused.body).toContain(`<p class="field-error" id="field-preview_number-error">${message.replace(/"/g, '&quot;')}</p>`)
        expect(refused.body).not.toContain('<iframe')
        expect(refused.body).not.toContain('Cliente Alheio')
      }
      // Blank: the sample data, as before.
      expect((await preview('')).body).toContain('Padaria Pão Dourado Ltda')
    })

    it('serves the preview stylesheet without a session', async () => {
      const { agent } = await signedInUser(env)
      const preview = await agent.submit(`${LIST}/new`, `${LIST}/preview`, { name: '', description: '', body: 'x' })
      const href = /link rel=&quot;stylesheet&quot; href=&quot;([^&]+)&quot;/.exec(preview.body)?.[1]
      expect(href).toMatch(/^\/registration-data\/templates\/document\.css\?v=[0-9a-f]{12}$/)
      const css = await env.app.inject({ method: 'GET', url: href! })
      expect(css.statusCode).toBe(200)
      expect(css.headers['content-type']).toMatch(/^text\/css/)
      expect(css.body).toContain('border-collapse')
    })
  })

  describe('roles and tenants', () => {
    it('lets a member read the list only', async () => {
      const { agent, account } = await signedInUser(env, { role: 'member' })
      const list = await agent.get(LIST)
      expect(list.statusCode).toBe(200)
      expect(list.body).toContain('Proposta comercial')
      expect(list.body).toContain('Somente administradores podem criar ou alterar modelos.')
      expect(list.body).not.toContain(`${LIST}/new`)
      expect(list.body).not.toContain('/edit"')
      expect((await agent.get(`${LIST}/new`)).statusCode).toBe(403)
      expect((await agent.get(`${LIST}/${account.template.id}/edit`)).statusCode).toBe(403)
      const csrf = csrfTokenIn(list.body)
      const fields = { _csrf: csrf, name: 'Membro', description: '', body: 'x', active: '1' }
      expect((await agent.post(LIST, fields)).statusCode).toBe(403)
      expect((await agent.post(`${LIST}/${account.template.id}`, fields)).statusCode).toBe(403)
      expect((await agent.post(`${LIST}/preview`, fields)).statusCode).toBe(403)
      expect(await templateNamed(env, account.id, 'Membro')).toBeUndefined()
      expect((await findTemplate(env.db, account.id, account.template.id))!.name).toBe('Proposta comercial')
    })

    it('answers a foreign template id exactly like a missing one', async () => {
      const { agent } = await signedInUser(env)
      const other = await makeAccount(env)
      const missing = await agent.get(`${LIST}/999999999/edit`)
      const foreign = await agent.get(`${LIST}/${other.template.id}/edit`)
      expect(foreign.statusCode).toBe(404)
      expect(foreign.body).toBe(missing.body)
      const csrf = csrfTokenIn(missing.body)
      const fields = { _csrf: csrf, name: 'Invasor', description: '', body: 'x', active: '1' }
      const postForeign = await agent.post(`${LIST}/${other.template.id}`, fields)
      const postMissing = await agent.post(`${LIST}/999999999`, fields)
      expect(postForeign.statusCode).toBe(404)
      expect(postForeign.body).toBe(postMissing.body)
      const previewForeign = await agent.post(`${LIST}/preview`, { ...fields, template_id: String(other.template.id) })
      expect(previewForeign.statusCode).toBe(404)
      expect(previewForeign.body).toBe(postMissing.body)
      expect((await findTemplate(env.db, other.id, other.template.id))!.name).toBe('Proposta comercial')
      expect((await agent.get(`${LIST}/abc/edit`)).statusCode).toBe(404)
    })
  })

  describe('document preview', () => {
    it('shows the document in a sandboxed frame for members and admins', async () => {
      const { agent, account } = await signedInUser(env, { role: 'member' })
      const proposal = await makeProposal(env, account, await makeCustomer(env, account), { title: 'Implantação <fase 1>' })
      const page = await agent.get(`/proposals/${proposal.id}/preview`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(`Pré-visualização do documento nº ${proposal.number}`)
      expect(page.body).toContain('Implantação &lt;fase 1>')
      expect(page.body).toContain(`href="/proposals/${proposal.id}/edit"`)
      expect(page.body).toContain(`<iframe class="document-frame" sandbox src="/proposals/${proposal.id}/preview/document" title="Documento nº ${proposal.number} renderizado"`)
      expect(page.body).toContain('aria-current="page">Documentos')
      expect(page.headers['x-frame-options']).toBe('DENY')
    })

    it('answers the rendered document with its own sandbox CSP and the customer name escaped', async () => {
      const { agent, account } = await signedInUser(env)
      const customer = await makeCustomer(env, account, { name: '<script>alert("x")</script>' })
      const proposal = await makeProposal(env, account, customer)
      const response = await agent.get(`/proposals/${proposal.id}/preview/document`)
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(response.headers['content-security-policy']).toBe(DOCUMENT_CONTENT_SECURITY_POLICY)
      expect(DOCUMENT_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox")
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['cache-control']).toBe('no-store')
      expect(response.body).toMatch(/^<!doctype html>/)
      expect(response.body).toContain('<body>\nOlá &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;\n</body>')
      expect(response.body).not.toContain('<script>')
    })

    it('shows why a template fails to render instead of an error page', async () => {
      const { agent, account } = await signedInUser(env)
      const proposal = await makeProposal(env, account, await makeCustomer(env, account))
      await env.db.updateTable('templates').set({ body: '{% for i in (1..1000000000) %}x{% endfor %}' }).where('id', '=', account.template.id).execute()
      const response = await agent.get(`/proposals/${proposal.id}/preview/document`)
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-security-policy']).toBe(DOCUMENT_CONTENT_SECURITY_POLICY)
      expect(response.body).toContain('não pôde ser renderizado')
      expect(response.body).toContain('Erro na linha 1: o modelo gera conteúdo demais (limite de memória atingido)')
    })

    it('answers a foreign proposal id exactly like a missing one, on both URLs', async () => {
      const { agent } = await signedInUser(env)
      const other = await makeAccount(env)
      const foreignProposal = await makeProposal(env, other, await makeCustomer(env, other))
      for (const suffix of ['preview', 'preview/document']) {
        const missing = await agent.get(`/proposals/999999999/${suffix}`)
        const foreign = await agent.get(`/proposals/${foreignProposal.id}/${suffix}`)
        expect(foreign.statusCode, suffix).toBe(404)
        expect(foreign.body).toBe(missing.body)
        expect(foreign.headers['content-security-policy']).toContain("default-src 'self'")
      }
    })

    it('sends visitors to the login page', async () => {
      const response = await env.app.inject({ method: 'GET', url: '/proposals/1/preview/document' })
      expect(response.statusCode).toBe(303)
      expect(response.headers.location).toBe('/login?next=%2Fproposals%2F1%2Fpreview%2Fdocument')
    })
  })
})
