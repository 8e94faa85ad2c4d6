// The template review on its own: variables that do not exist (loop variables, indexes and Liquid's
// own properties included), the name each most likely meant, and installments shown without the
// down payment. Every variable a real document has must pass, or the review would cry wolf.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { DEMO_TEMPLATES } from '../../src/modules/demo/demo-templates.js'
import { buildSampleContext } from '../../src/modules/rendering/sample-context.js'
import { reviewTemplateBody, storedBodyReview, type TemplateNotice } from '../../src/modules/rendering/template-review.js'
import { TEMPLATE_VARIABLES, variableUsage } from '../../src/modules/rendering/template-variables.js'

/** An unknown variable's notice, where it is on its line aside (tested on its own below). */
function unknown(line: number, variable: string, suggestion: string | null = null): TemplateNotice {
  return expect.objectContaining({ kind: 'unknown_variable', line, variable, suggestion }) as TemplateNotice
}

/** Every path to a value of a context, as Liquid would read it: `items[0].name`, `customer.address.city`. */
function leafPaths(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [path] : leafPaths(value[0], `${path}[0]`)
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => leafPaths(child, path === '' ? key : `${path}.${key}`))
  return [path]
}

describe('variables the document does not have', () => {
  it('accepts every variable of a real document: each path of the sample context, each documented variable as the editor writes it', () => {
    const paths = leafPaths(buildSampleContext(new Date('2026-11-29T15:00:00Z')), '')
    expect(paths.length).toBeGreaterThan(60)
    expect(reviewTemplateBody(paths.map((path) => `{{ ${path} }}`).join('\n'))).toEqual([])
    const loops: Record<string, string> = { items: 'items', schedule: 'payment.schedule', signers: 'signers', attachments: 'attachments' }
    const written = TEMPLATE_VARIABLES.map((variable) => {
      const list = /(\w+)\[\]/.exec(variable)?.[1]
      const singular = variableUsage(variable).replace(/[{} ]/g, '').split('.')[0]
      return list === undefined ? variableUsage(variable) : `{% for ${singular} in ${loops[list]} %}${variableUsage(variable)}{% endfor %}`
    })
    expect(reviewTemplateBody(written.join('\n'))).toEqual([])
  })

  it("accepts Liquid's own: sizes, first and last, indexes, loop counters, the body's own variables, custom fields and literals", () => {
    const body = [
      '{{ items.size }} {{ items.first.name }} {{ payment.schedule.last.due_in_days }} {{ items[0].total }} {{ customer.name.size }}',
      '{% for item in items reversed limit: 2 %}{{ forloop.index }}/{{ forloop.length }} {{ items[forloop.index0].code }}{% endfor %}',
      '{% tablerow signer in signers cols: 2 %}{{ signer.role }} {{ tablerowloop.col }}{% endtablerow %}',
      '{% assign buyer = customer %}{{ buyer.anything }}{% capture line %}{{ title }}{% endcapture %}{{ line }}{% increment counter %}{{ counter }}',
      '{{ fields.prazo_implantacao }} {{ fields["vigência"].deep }} {% for pair in fields %}{{ pair[0] }}{% endfor %}',
      '{% if customer.trade_name == empty or notes == blank or seller == nil %}{{ true }}{% endif %}{% for i in (1..payment.installments) %}{{ i }}{% endfor %}',
      '{% case payment.kind %}{% when "boleto" %}{{ payment.method }}{% endcase %}{{ "x" | append: customer.code }}',
      '{% for item in items %}{% for signer in signers %}{{ item.name }} {{ signer.name }}{% endfor %}{% endfor %}',
      '{% liquid\n  for installment in payment.schedule\n    echo installment.amount\n  endfor\n%}{{ payment.down_payment }}',
      // What a loop reads on one pass after assigning it on the pass before.
      '{% for item in items %}{% if sep %}, {% endif %}{{ item.name }}{% assign sep = true %}{% assign sum = sum | plus: item.total_cents %}{% endfor %}{{ sum | money }}',
      '{% for item in items offset: continue %}{{ item.code }}{% endfor %}{% for item in items limit: 1 offset: 2 %}{{ forloop.parentloop }}{% endfor %}',
      '{{ "texto".size }} {{ (1..5).last }} {{ items.0.name }} {{ customer.address.size }} {% for key in items %}{{ customer[key] }}{{ customer[key].anything }}{% endfor %}',
    ].join('\n')
    expect(reviewTemplateBody(body)).toEqual([])
  })

  it("checks the paths inside an index at any depth, and what a literal's property is built from", () => {
    expect(reviewTemplateBody('{{ items[payment.schedule[totals.totl].number].name }}\n{{ (1..payment.instalments).last }}')).toEqual([
      unknown(1, 'totals.totl', 'totals.total'),
      unknown(2, 'payment.instalments', 'payment.installments'),
      { kind: 'down_payment_not_stated' },
    ])
  })

  it('names each wrong variable once per line, as written, with the line and the nearest existing name', () => {
    const body = [
      '<p>{{ customer.nmae }} {{ customer.nmae }}</p>',
      '{% for item in items %}{{ item.nome }} {{ item.qty }}{% endfor %}',
      '{% for installment in payment.schedule %}{{ installment.amout }}{% endfor %}',
      '{{ cliente.nome }} {{ customer.address.cty }} {{ totals.total.cents }} {{ items.count }}',
      '{% if sellr %}{{ "a" | append: account.nmae }}{% endif %}{% for x in itens %}{{ x.name }}{% endfor %}',
      '{{ customer.nmae }}',
    ].join('\n')
    expect(reviewTemplateBody(body)).toEqual([
      unknown(1, 'customer.nmae', 'customer.name'),
      unknown(2, 'item.nome', 'item.name'),
      unknown(2, 'item.qty'),
      unknown(3, 'installment.amout', 'installment.amount'),
      // Portuguese names (and other languages' count) are offered Vendoc's where it exists.
      unknown(4, 'cliente', 'customer'),
      unknown(4, 'customer.address.cty', 'customer.address.city'),
      unknown(4, 'totals.total.cents'),
      unknown(4, 'items.count', 'items.size'),
      unknown(5, 'sellr', 'seller'),
      unknown(5, 'account.nmae', 'account.name'),
      // The loop over a list that does not exist is named once; its variable is left alone.
      unknown(5, 'itens', 'items'),
      unknown(6, 'customer.nmae', 'customer.name'),
      { kind: 'down_payment_not_stated' },
    ])
  })

  it('follows a loop variable to what it stands for, an inner loop hiding an outer one of the same name', () => {
    const body = '{% for x in items %}{{ x.name }}{% for x in signers %}{{ x.name }} {{ x.cpf }} {{ x.unit }}{% endfor %}{{ x.unit }} {{ x.cpf }}{% endfor %}\n{{ x.name }}'
    expect(reviewTemplateBody(body)).toEqual([unknown(1, 'x.unit'), unknown(1, 'x.cpf'), unknown(2, 'x')])
  })

  it('counts lines in a long body, whatever ends them', () => {
    const lines = Array.from({ length: 3000 }, (_, index) => (index === 2320 ? '<td>{{ item.nmae }}</td>' : '<p>{{ customer.name }}</p>'))
    const body = `{% for item in items %}\r\n${lines.join('\r\n')}\n{%- endfor %}\n{{ totals.totl }}`
    expect(reviewTemplateBody(body)).toEqual([unknown(2322, 'item.nmae', 'item.name'), unknown(3003, 'totals.totl', 'totals.total')])
  })

  it('shows a name that does not exist as written, whatever it holds', () => {
    expect(reviewTemplateBody('{{ customer["<img src=x onerror=alert(1)>"] }}')).toEqual([unknown(1, 'customer["<img src=x onerror=alert(1)>"]')])
  })

  it("says where each wrong name is on its line, for the editor's script to select it and put the name meant in its place", () => {
    const body = '<p class="cliente">Dados do cliente:\r\n  <b>{{ cliente.nome }}</b> {{ cliente.nome | upcase }}</p>\n{{ customer["nmae"] }} {{ items.0.nome }}{{ customer[ "nmae" ] }}'
    const line2 = '  <b>{{ cliente.nome }}</b> {{ cliente.nome | upcase }}</p>'
    expect(reviewTemplateBody(body)).toEqual([
      { kind: 'unknown_variable', line: 2, variable: 'cliente', suggestion: 'customer', places: { start: line2.indexOf('cliente.'), wrong: 'cliente', columns: [line2.indexOf('cliente.'), line2.lastIndexOf('cliente.')], replacement: 'customer' } },
      { kind: 'unknown_variable', line: 3, variable: 'customer["nmae"]', suggestion: 'customer["name"]', places: { start: 3, wrong: '"nmae"', columns: [12], replacement: '"name"' } },
      { kind: 'unknown_variable', line: 3, variable: 'items.0.nome', suggestion: 'items.0.name', places: { start: 26, wrong: 'nome', columns: [34], replacement: 'name' } },
      { kind: 'unknown_variable', line: 3, variable: 'customer[ "nmae" ]', suggestion: 'customer[ "name" ]', places: expect.objectContaining({ wrong: '"nmae"', replacement: '"name"' }) },
    ])
  })

  it('says nothing about a body that does not parse: its error is shown instead', () => {
    expect(reviewTemplateBody('{{ customer.nmae }}\n{% if %}')).toEqual([])
  })
})

describe('installments without the down payment', () => {
  const notice: TemplateNotice = { kind: 'down_payment_not_stated' }

  it('is noticed wherever the body shows the installments but never the down payment', () => {
    expect(reviewTemplateBody('{{ payment.installments }}x de {{ payment.installment_amount }}')).toEqual([notice])
    expect(reviewTemplateBody('{% for p in payment.schedule %}{{ p.amount }}{% endfor %}')).toEqual([notice])
    expect(reviewTemplateBody('{{ customer.nmae }} {{ payment.installment_amount_cents | money }}')).toEqual([unknown(1, 'customer.nmae', 'customer.name'), notice])
  })

  it('is not noticed when the down payment is shown, or when no installment is', () => {
    expect(reviewTemplateBody('{% if payment.down_payment %}Entrada {{ payment.down_payment }}{% endif %} {{ payment.installments }}x')).toEqual([])
    expect(reviewTemplateBody('{{ payment.down_payment_cents | money }} {% for p in payment.schedule %}{{ p.amount }}{% endfor %}')).toEqual([])
    expect(reviewTemplateBody('{{ payment.method }} — {{ totals.total }}')).toEqual([])
  })
})

describe('a stored body', () => {
  it('is summed up for the template list and the document page, the same however often it is asked', () => {
    const body = `{{ customer.nmae }} {{ payment.installments }}x <!-- ${Date.now()} -->`
    for (let ask = 0; ask < 3; ask++) expect(storedBodyReview(body)).toEqual({ notices: 2, omitsDownPayment: true })
    expect(storedBodyReview('{{ customer.name }}')).toEqual({ notices: 0, omitsDownPayment: false })
  })
})

describe("Vendoc's own templates", () => {
  it('the new template starter and every demo template have nothing to review', () => {
    expect(reviewTemplateBody(t.templates.starterBody)).toEqual([])
    expect(DEMO_TEMPLATES.length).toBeGreaterThan(0)
    for (const template of DEMO_TEMPLATES) expect(reviewTemplateBody(template.body), template.name).toEqual([])
  })
})
