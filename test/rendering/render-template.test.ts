// The sandboxed Liquid engine on its own: every documented variable, escaping, the missing file
// system, parse errors with their line, the limits, and no reach into JavaScript internals.
import { describe, expect, it } from 'vitest'
import { DEMO_TEMPLATES } from '../../src/modules/demo/demo-templates.js'
import { buildDocumentContext } from '../../src/modules/rendering/document-context.js'
import { documentHtml } from '../../src/modules/rendering/document-html.js'
import { RENDER_TIME_LIMIT_MS } from '../../src/modules/rendering/liquid-engine.js'
import { renderTemplate, TemplateError, validateTemplateBody } from '../../src/modules/rendering/render-template.js'
import { buildSampleContext } from '../../src/modules/rendering/sample-context.js'
import { TEMPLATE_FILTERS, TEMPLATE_VARIABLES, variableUsage } from '../../src/modules/rendering/template-variables.js'

const NOW = new Date('2026-11-29T15:00:00Z')
const sample = buildSampleContext(NOW)

async function renderError(body: string, context: object = sample): Promise<TemplateError> {
  const error = await renderTemplate(body, context).then(() => null, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(TemplateError)
  return error as TemplateError
}

/** `items[].name` → `{{ items[0].name }}`, the first element's value. */
function firstElementExpression(variable: string): string {
  return `{{ ${variable.replace('[]', '[0]')} }}`
}

describe('variables', () => {
  it('renders every documented variable from the sample context to non-empty text', async () => {
    for (const variable of TEMPLATE_VARIABLES) {
      if (variable === 'fields') continue
      const output = await renderTemplate(firstElementExpression(variable), sample)
      expect(output, variable).not.toBe('')
    }
    expect(await renderTemplate('{{ fields.prazo_implantacao }}', sample)).toBe('45 dias')
  })

  it('writes money, quantities, dates and documents the Brazilian way', async () => {
    const body = [
      '{{ number }}|{{ created_at }}|{{ valid_until }}|{{ today }}|{{ customer.document }}|{{ signers[0].cpf }}',
      '{{ items[1].quantity }}|{{ items[0].unit_price }}|{{ items[0].unit_price_cents }}|{{ totals.total }}|{{ totals.discount }}',
      '{% for installment in payment.schedule %}{{ installment.number }}:{{ installment.amount }}:{{ installment.due_in_days }};{% endfor %}',
      '{{ payment.method }} em {{ payment.installments }}x de {{ payment.installment_amount }}|{{ customer.address.full }}',
      '{{ 123456 | money }}|{{ "52998224725" | cpf_cnpj }}|{{ "2027-01-15" | date_br }}|{{ signers[1].role }}#{{ signers[1].order }}',
    ].join('\n')
    expect((await renderTemplate(body, sample)).split('\n')).toEqual([
      '1042|16/11/2026|31/12/2026|29/11/2026|11.222.333/0001-81|529.982.247-25',
      '12,5|R$\u00a012.500,00|1250000|R$\u00a013.500,00|R$\u00a01.250,00',
      '1:R$\u00a04.000,00:30;2:R$\u00a04.000,00:60;3:R$\u00a04.000,00:90;',
      'Boleto bancário em 3x de R$\u00a04.000,00|Rua Augusta, 1500 – Loja 2, Consolação, São Paulo/SP, CEP 01304-001',
      'R$\u00a01.234,56|529.982.247-25|15/01/2027|Contratada#2',
    ])
  })

  it('writes amounts and numbers out in words, from numbers and from the digits of custom fields', async () => {
    const body = '{{ totals.total | escape }} ({{ totals.total_cents | money_in_words }})|{{ payment.installments | number_in_words }}|{{ fields.meses | number_in_words }}|{{ fields.taxa | money_in_words }}|[{{ "doze" | number_in_words }}{{ 1.5 | money_in_words }}{{ -3 | number_in_words }}{{ nothing | money_in_words }}]'
    const context = { ...sample, fields: { meses: '12', taxa: ' 150000 ' } }
    expect(await renderTemplate(body, context)).toBe('R$\u00a013.500,00 (treze mil e quinhentos reais)|três|doze|mil e quinhentos reais|[]')
    // Every filter the editor lists is one the engine knows (an unknown one fails the save).
    for (const filter of TEMPLATE_FILTERS) expect(validateTemplateBody(`{{ 1 | ${filter} }}`)).toBeNull()
    expect(validateTemplateBody('{{ 1 | por_extenso }}')).not.toBeNull()
  })

  it("reads a calendar date given to Liquid's date filter as that day, not the evening before", async () => {
    const body = '{{ "2026-03-01" | date: "%d/%m/%Y" }}|{{ fields.entrega | date: "%d de %B" }}|{{ "2026-03-01T02:00:00Z" | date: "%d/%m %H:%M" }}|{{ "texto" | date: "%d" }}'
    // An instant is still shown in São Paulo (02:00 UTC is 23:00 the day before).
    expect(await renderTemplate(body, { fields: { entrega: '2026-12-31' } })).toBe('01/03/2026|31 de dezembro|28/02 23:00|texto')
  })

  it("shows instants and \"now\" in the account's time zone, and calendar dates as the same day in every zone", async () => {
    const body = '{{ "2026-03-01T02:00:00Z" | date: "%d/%m %H:%M" }}|{{ "2026-03-01" | date: "%d/%m/%Y" }}|{{ "2026-12-31" | date: "%d/%m/%Y" }}'
    expect(await renderTemplate(body, {}, 'America/Sao_Paulo')).toBe('28/02 23:00|01/03/2026|31/12/2026')
    expect(await renderTemplate(body, {}, 'America/Manaus')).toBe('28/02 22:00|01/03/2026|31/12/2026')
    expect(await renderTemplate(body, {}, 'America/Rio_Branco')).toBe('28/02 21:00|01/03/2026|31/12/2026')
    expect(await renderTemplate(body, {}, 'America/Noronha')).toBe('01/03 00:00|01/03/2026|31/12/2026')
    // Far from Brazil too (support may set any zone from the CLI): a calendar date stays its day.
    expect(await renderTemplate(body, {}, 'Asia/Tokyo')).toBe('01/03 11:00|01/03/2026|31/12/2026')
    expect(await renderTemplate(body, {}, 'Pacific/Kiritimati')).toBe('01/03 16:00|01/03/2026|31/12/2026')
    expect(await renderTemplate(body, {}, 'Pacific/Pago_Pago')).toBe('28/02 15:00|01/03/2026|31/12/2026')
    // "now" too: the same instant, a different wall clock (the zones are whole hours apart).
    const [noronha, acre] = await Promise.all(['America/Noronha', 'America/Rio_Branco'].map((zone) => renderTemplate('{{ "now" | date: "%H" }}', {}, zone)))
    expect((Number(noronha) - Number(acre) + 24) % 24).toBe(3)
  })

  it('lists each variable with how it is written inside its loop', () => {
    expect(variableUsage('items[].total')).toBe('{{ item.total }}')
    expect(variableUsage('payment.schedule[].amount')).toBe('{{ installment.amount }}')
    expect(variableUsage('customer.address.city')).toBe('{{ customer.address.city }}')
  })
})

describe('escaping', () => {
  const hostile = buildSampleContext(NOW)
  hostile.customer.name = '<script>alert(1)</script>'
  hostile.notes = 'linha 1\n<img src=x onerror=alert(1)>'

  it('escapes data by default, and `raw` does not turn escaping off', async () => {
    expect(await renderTemplate('<p>{{ customer.name }}</p>', hostile)).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    expect(await renderTemplate('{{ customer.name | raw }}', hostile)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(await renderTemplate('{% echo customer.name %}', hostile)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(await renderTemplate('{{ notes | newline_to_br }}', hostile)).toBe('linha 1<br>\n&lt;img src=x onerror=alert(1)&gt;')
  })

  it('keeps the markup the template itself writes', async () => {
    expect(await renderTemplate('<h1 class="x">{{ title }}</h1>', sample)).toBe('<h1 class="x">Implantação do ERP e treinamento da equipe</h1>')
  })

  it('wraps a body into a standalone document with an escaped title', () => {
    const html = documentHtml('<Proposta>', '<p>ok</p>')
    expect(html).toContain('<title>&lt;Proposta&gt;</title>')
    expect(html).toContain('<body>\n<p>ok</p>\n</body>')
    expect(html).toMatch(/<style>[^<]*table/)
  })
})

describe('sandbox', () => {
  it.each(['{% include "header" %}', '{% render "header" %}', '{% layout "base" %}', "{% include '/etc/passwd' %}"])('refuses %s when parsing, naming the line', (tag) => {
    const problem = validateTemplateBody(`<p>ok</p>\n${tag}`)
    expect(problem).toMatchObject({ line: 2 })
    expect(problem!.message).toMatch(/not available/)
  })

  it('gives nothing for prototype and constructor access', async () => {
    const body = '{{ customer.constructor }}|{{ customer.__proto__ }}|{{ items.constructor.name }}|{{ title.constructor }}|{{ customer.hasOwnProperty }}|{{ customer.toString }}'
    expect(await renderTemplate(body, sample)).toBe('|||||')
  })

  it('rejects unknown filters when parsing', () => {
    expect(validateTemplateBody('um\ndois\n{{ title | executa }}')).toEqual({ line: 3, message: 'undefined filter: executa' })
  })

  it('names the line of a parse error', () => {
    expect(validateTemplateBody('<h1>{{ title }}</h1>\n\n{% if customer.name %}\n<p>sem fim</p>')).toMatchObject({ line: 3 })
    expect(validateTemplateBody('a\nb\nc\n{{ title')).toMatchObject({ line: 4 })
    expect(validateTemplateBody('<h1>{{ title }}</h1>')).toBeNull()
  })

  it('stops a huge loop on the memory limit at once', async () => {
    const started = performance.now()
    const error = await renderError('{% for i in (1..1000000000) %}x{% endfor %}')
    expect(error.problem.message).toMatch(/memory alloc limit exceeded/)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('stops an endless render on the time limit', async () => {
    const started = performance.now()
    const error = await renderError('{% for i in (1..100000) %}{% for j in (1..100000) %}{{ j }}{% endfor %}{% endfor %}')
    expect(error.problem.message).toMatch(/render limit exceeded|memory alloc limit exceeded|too large/)
    expect(performance.now() - started).toBeLessThan(RENDER_TIME_LIMIT_MS + 2_000)
  })

  it('stops a string that doubles itself', async () => {
    const error = await renderError('{% assign s = "xxxxxxxxxx" %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}')
    expect(error.problem.message).toMatch(/memory alloc limit exceeded/)
  })

  it('stops an output that grows past the document size limit', async () => {
    const chunk = 'x'.repeat(50_000)
    const error = await renderError(`{% for i in (1..1000) %}${chunk}{% endfor %}`)
    expect(error.problem.message).toBe('the document is too large')
  })

  it('never mutates or exposes the caller objects', async () => {
    const context = buildSampleContext(NOW)
    await renderTemplate('{% assign customer = "x" %}{{ customer }}', context)
    expect(context.customer.name).toBe('Padaria Pão Dourado Ltda')
  })
})

describe('demo templates', () => {
  it.each(DEMO_TEMPLATES.map((template) => [template.name, template.body] as const))('%s parses and renders the sample', async (_name, body) => {
    expect(validateTemplateBody(body)).toBeNull()
    const html = await renderTemplate(body, sample)
    expect(html).toContain('1042')
    expect(html).toMatch(/R\$\s13\.500,00|R\$\s4\.500,00/)
    expect(html).not.toMatch(/\{\{|\{%|\[object Object\]/)
  })
})

describe('document context', () => {
  it('formats a detail with missing optional parts without failing, each missing part false in {% if %}', async () => {
    const context = buildDocumentContext(
      {
        number: 7, title: 'T', status: 'draft', notes: null, valid_until: null, created_at: '2026-01-01T02:00:00Z', fields: {},
        signature_type: { name: 'Papel' }, seller: null,
        customer: { code: null, name: 'Ana', trade_name: null, document: null, document_type: null, email: null, phone: null,
          address: { street: null, number: null, complement: null, district: null, city: null, state: null, postal_code: null } },
        items: [], totals: { items_count: 0, subtotal_cents: 0, discount_cents: 0, total_cents: 0 },
        payment: { method: { name: 'PIX', kind: 'pix' }, installments: 1, first_due_days: 0, installment_interval_days: 30, due_on_business_days: false, down_payment: null, schedule: [{ number: 1, amount_cents: 0, due_in_days: 0 }] },
        signers: [{ name: 'Bia', email: 'bia@acme.test', cpf: null, phone: null, role: { name: 'Contratante' }, signing_order: 1 }],
      },
      { name: 'Conta', time_zone: 'America/Sao_Paulo', document: null, address: null, phone: null, email: null },
      NOW,
    )
    // 02:00 UTC on Jan 1st is still Dec 31st in São Paulo.
    expect(context.created_at).toBe('31/12/2025')
    expect(context.customer.address.full).toBeNull()
    expect(context.seller).toBeNull()
    expect(context.totals.total).toBe('R$\u00a00,00')
    // TEMPLATES.md's own examples: a missing value prints nothing and is false in {% if %}.
    const body = '{% for signer in signers %}{{ signer.name }}{% if signer.cpf %}, CPF {{ signer.cpf }}{% endif %}{% endfor %}|{% if customer.document %}doc {{ customer.document }}{% endif %}|{% if customer.address.full %}end {{ customer.address.full }}{% endif %}|{{ customer.document }}|{% if account.document %}CNPJ {{ account.document }}{% endif %}'
    expect(await renderTemplate(body, context)).toBe('Bia||||')
  })
})
