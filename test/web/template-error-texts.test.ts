// Cadastros → Modelos and the document preview on both databases: a template's Liquid errors are
// said in Portuguese next to the body (saving), in the editor's preview and in a document's
// preview (rendering), with their line; a message Vendoc does not know is shown as the engine
// wrote it, as code, after a Portuguese sentence.
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeCustomer, makeProposal } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

const LIST = '/registration-data/templates'

/** The text of the body field's error, with preact's escaping undone. */
function bodyError(html: string): string | undefined {
  const text = /<p class="field-error" id="field-body-error">([\s\S]*?)<\/p>/.exec(html)?.[1]
  return text?.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

async function templateCount(env: TestApp, accountId: number): Promise<number> {
  const rows = await env.db.selectFrom('templates').select('id').where('account_id', '=', accountId).execute()
  return rows.length
}

describeEachDialect('Template error texts', (env) => {
  it('says the engine\'s errors in Portuguese, with their line, where the template is saved or previewed', async () => {
    const { agent, account } = await signedInUser(env)
    const before = await templateCount(env, account.id)
    const submit = (body: string, action = LIST) => agent.submit(`${LIST}/new`, action, { name: 'Modelo novo', description: '', body, active: '1' })

    const unclosed = await submit('<p>{{ title }}</p>\n{% for item in items %}\n{{ item.name }}')
    expect(unclosed.statusCode).toBe(422)
    expect(bodyError(unclosed.body)).toBe('Erro na linha 2: a tag {% for item in items %} foi aberta e não foi fechada: falta {% endfor %}.')
    expect(unclosed.body).toContain('aria-describedby="field-body-hint field-body-error"')
    expect(unclosed.body).toContain('{% for item in items %}\n{{ item.name }}</textarea>')

    const filter = await submit('{{ number | filtro_inexistente }}')
    expect(filter.statusCode).toBe(422)
    expect(bodyError(filter.body)).toBe('Erro na linha 1: o filtro "filtro_inexistente" não existe.')
    expect(await templateCount(env, account.id)).toBe(before)

    // The preview refuses what does not parse the same way, next to the body.
    const previewed = await submit('a\n{{ number | filtro_inexistente }}', `${LIST}/preview`)
    expect(previewed.statusCode).toBe(422)
    expect(bodyError(previewed.body)).toBe('Erro na linha 2: o filtro "filtro_inexistente" não existe.')
    expect(previewed.body).not.toMatch(/not closed|undefined filter/)

    // A render that hits a limit, in the preview.
    const looping = await submit('{% for i in (1..1000000000) %}x{% endfor %}', `${LIST}/preview`)
    expect(looping.statusCode).toBe(200)
    expect(looping.body).toContain('Não foi possível gerar a pré-visualização. Erro na linha 1: o modelo gera conteúdo demais (limite de memória atingido); reduza laços e repetições.')
    expect(looping.body).not.toContain('memory alloc limit exceeded')

    // A message Vendoc has no words for: a Portuguese sentence, then the engine's own text as code.
    const unknown = await submit('{{ "%%%" | base64_decode }}', `${LIST}/preview`)
    expect(unknown.statusCode).toBe(200)
    expect(unknown.body).toContain('Não foi possível gerar a pré-visualização. Erro na linha 1: o modelo tem um erro que não sabemos descrever em português. Mensagem original: <code>invalid base64 provided to base64_decode</code>')
    expect(await templateCount(env, account.id)).toBe(before)
  })

  it("says in Portuguese why a document's stored template fails to render, in its preview", async () => {
    const { agent, account } = await signedInUser(env)
    const proposal = await makeProposal(env, account, await makeCustomer(env, account))
    await env.db.updateTable('templates').set({ body: 'a\n{{ "%%%" | base64_decode }}' }).where('id', '=', account.template.id).execute()
    const response = await agent.get(`/proposals/${proposal.id}/preview/document`)
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('<p>Erro na linha 2: o modelo tem um erro que não sabemos descrever em português. Mensagem original: <code>invalid base64 provided to base64_decode</code></p>')
    await env.db.updateTable('templates').set({ body: '{% for i in (1..1000000000) %}x{% endfor %}' }).where('id', '=', account.template.id).execute()
    const limited = await agent.get(`/proposals/${proposal.id}/preview/document`)
    expect(limited.body).toContain('<p>Erro na linha 1: o modelo gera conteúdo demais (limite de memória atingido); reduza laços e repetições.</p>')
    expect(limited.body).not.toContain('memory alloc')
  })
})
