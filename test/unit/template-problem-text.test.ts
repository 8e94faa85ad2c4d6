// A template's problems in Portuguese (src/http/web/template-problem-text.tsx), from the messages
// the installed LiquidJS really gives: a new engine version that words one differently fails here
// instead of reaching the editor in English.
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { describe, expect, it } from 'vitest'
import { describeTemplateMessage, templateProblemText } from '../../src/http/web/template-problem-text.js'
import { MAX_TEMPLATE_LENGTH } from '../../src/modules/rendering/liquid-engine.js'
import { renderTemplate, TemplateError, validateTemplateBody, type TemplateProblem } from '../../src/modules/rendering/render-template.js'

/** What the editor shows for `body`: its parse problem, else its render problem (with a little data). */
async function problemOf(body: string): Promise<TemplateProblem> {
  const parsed = validateTemplateBody(body)
  if (parsed) return parsed
  try {
    await renderTemplate(body, { a: 'x', items: [1, 2] })
  } catch (error) {
    if (error instanceof TemplateError) return error.problem
    throw error
  }
  throw new Error(`${body} has no problem`)
}

const text = (problem: TemplateProblem) => renderToString(h('p', null, templateProblemText(problem)))

describe('template problems in Portuguese', () => {
  const cases: Array<[string, string]> = [
    ['{% for item in items %}', 'Erro na linha 1: a tag {% for item in items %} foi aberta e não foi fechada: falta {% endfor %}.'],
    ['a\n{%- if a -%}\nb', 'Erro na linha 2: a tag {%- if a -%} foi aberta e não foi fechada: falta {% endif %}.'],
    ['{% comment %}', 'Erro na linha 1: a tag {% comment %} foi aberta e não foi fechada: falta {% endcomment %}.'],
    ['{% raw %}abc', 'Erro na linha 1: a tag {% raw %} foi aberta e não foi fechada: falta {% endraw %}.'],
    ['x\n{% if a', 'Erro na linha 2: a tag {% if a não termina com %}.'],
    ['{{ number ', 'Erro na linha 1: a expressão {{ number não termina com }}.'],
    ['{{ number | filtro_inexistente }}', 'Erro na linha 1: o filtro "filtro_inexistente" não existe.'],
    ['{% foo %}', 'Erro na linha 1: a tag {% foo %} não existe.'],
    ['a\nb\n{% endfor %}', 'Erro na linha 3: {% endfor %} não fecha nenhum {% for %} aberto antes dele; confira se cada tag aberta foi fechada, na ordem.'],
    ['{% else %}', 'Erro na linha 1: {% else %} só pode aparecer dentro de um bloco {% if %}, {% unless %}, {% case %} ou {% for %}.'],
    ['{% include "x" %}', 'Erro na linha 1: a tag {% include %} não está disponível: um modelo não pode incluir outros modelos.'],
    ['{% for %}{% endfor %}', 'Erro na linha 1: a tag {% for %} está incompleta ou mal escrita.'],
    ['{%- -%}', 'Erro na linha 1: falta o nome da tag depois de {%.'],
    ['{{ }}', 'Erro na linha 1: falta uma variável ou um valor.'],
    ['{% for x in (1..) %}{% endfor %}', 'Erro na linha 1: era esperado um valor no lugar de ).'],
    ['{{ a | date "x" }}', 'Erro na linha 1: falta ":" entre o nome do filtro e os seus argumentos.'],
    ['{{ "x" | append }}', 'Erro na linha 1: o filtro "append" precisa de um argumento, como append: "texto".'],
    ['{% assign %}', 'Erro na linha 1: falta o nome da variável.'],
    ['{% assign x 1 %}', 'Erro na linha 1: falta "=" na atribuição, como {% assign total = 10 %}.'],
    ['{% capture %}{% endcapture %}', 'Erro na linha 1: falta o nome da variável.'],
    ['{{ (1..3 }}', 'Erro na linha 1: intervalo inválido; escreva-o como (1..5).'],
    ['{{ a[1 }}', 'Erro na linha 1: falta fechar o colchete com "]".'],
    ['{% if a %}{% else %}{% else %}{% endif %}', 'Erro na linha 1: há mais de um {% else %} no mesmo bloco.'],
    ['{% if a %}{% else %}{% elsif a %}{% endif %}', 'Erro na linha 1: {% elsif %} depois de {% else %}: o {% else %} deve vir por último.'],
    ['{% cycle %}', 'Erro na linha 1: {% cycle %} precisa de pelo menos um valor.'],
    ['{% # a\nb %}', 'Erro na linha 1: cada linha de um comentário {% # … %} precisa começar com "#".'],
    ['{% for i in (1..100000000) %}{{ i }}{% endfor %}', 'Erro na linha 1: o modelo gera conteúdo demais (limite de memória atingido); reduza laços e repetições.'],
  ]
  for (const [body, expected] of cases) {
    it(`says ${JSON.stringify(body)} in Portuguese`, async () => {
      const problem = await problemOf(body)
      expect(describeTemplateMessage(problem.message), problem.message).not.toBeNull()
      const html = text(problem)
      expect(html.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&')).toBe(`<p>${expected}</p>`)
    })
  }

  it("says Vendoc's own limits in Portuguese, with no line when there is none", async () => {
    expect(text(await problemOf('x'.repeat(MAX_TEMPLATE_LENGTH + 1)))).toBe(`<p>Erro no modelo: o modelo pode ter no máximo ${MAX_TEMPLATE_LENGTH.toLocaleString('pt-BR')} caracteres.</p>`)
    expect(text({ line: null, message: 'the document is too large' })).toBe('<p>Erro no modelo: o documento gerado ficou grande demais.</p>')
    expect(text({ line: 4, message: 'template render limit exceeded' })).toBe('<p>Erro na linha 4: o modelo levou tempo demais para ser processado; reduza laços e repetições.</p>')
  })

  it('shows a message it does not know as the engine wrote it, escaped, in a code element after a Portuguese sentence', () => {
    expect(describeTemplateMessage('something <new> went wrong')).toBeNull()
    expect(text({ line: 7, message: 'something <new> went wrong' }))
      .toBe('<p>Erro na linha 7: o modelo tem um erro que não sabemos descrever em português. Mensagem original: <code>something &lt;new> went wrong</code></p>')
    expect(text({ line: null, message: 'x' })).toBe('<p>Erro no modelo: o modelo tem um erro que não sabemos descrever em português. Mensagem original: <code>x</code></p>')
  })
})
