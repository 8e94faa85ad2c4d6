// The demo's three document templates (LiquidJS, rendered to HTML by src/modules/rendering).
// They use the variables of docs/TEMPLATES.md: number, title, customer, seller, items, totals,
// payment, signers, fields; money and dates arrive already written in pt-BR ("R$ 1.234,50").

const CUSTOMER_BLOCK = `<p><strong>CONTRATANTE:</strong> {{ customer.name }}{% if customer.trade_name %} ({{ customer.trade_name }}){% endif %},
{% if customer.document_type == 'cnpj' %}inscrita no CNPJ{% else %}inscrito(a) no CPF{% endif %} sob o nº {{ customer.document }},
com endereço em {{ customer.address.street }}, {{ customer.address.number }}{% if customer.address.complement %} – {{ customer.address.complement }}{% endif %},
{{ customer.address.district }}, {{ customer.address.city }}/{{ customer.address.state }}, CEP {{ customer.address.postal_code }}.</p>`

const ITEMS_TABLE = `<table>
  <thead><tr><th>Item</th><th>Qtd.</th><th>Un.</th><th>Valor unitário</th><th>Desconto</th><th>Total</th></tr></thead>
  <tbody>
  {%- for item in items %}
    <tr>
      <td><strong>{{ item.name }}</strong>{% if item.description %}<br><small>{{ item.description }}</small>{% endif %}</td>
      <td>{{ item.quantity }}</td><td>{{ item.unit }}</td>
      <td>{{ item.unit_price }}</td>
      <td>{{ item.discount }}</td>
      <td>{{ item.total }}</td>
    </tr>
  {%- endfor %}
  </tbody>
  <tfoot>
    <tr><td colspan="5">Subtotal</td><td>{{ totals.subtotal }}</td></tr>
    <tr><td colspan="5">Descontos</td><td>{{ totals.discount }}</td></tr>
    <tr><td colspan="5"><strong>Total</strong></td><td><strong>{{ totals.total }}</strong></td></tr>
  </tfoot>
</table>`

// A down payment comes first; the installments are what it leaves ("à vista" only without one).
const PAYMENT = `<p><strong>Forma de pagamento:</strong> {{ payment.method }}{% if payment.down_payment %}, entrada de {{ payment.down_payment }}
{% if payment.down_payment_due_days > 0 %}em {{ payment.down_payment_due_days }} dias{% else %}na assinatura{% endif %} e o restante{% endif %}{% if payment.installments > 1 %}, em {{ payment.installments }} parcelas
de {{ payment.installment_amount }}{% elsif payment.down_payment %} em 1 parcela de {{ payment.installment_amount }}{% else %}, à vista{% endif %}.</p>`

const SIGNATURES = `<h2>Assinaturas</h2>
{%- for signer in signers %}
<p>______________________________________<br>{{ signer.name }} — {{ signer.role }}{% if signer.cpf %}<br>CPF {{ signer.cpf }}{% endif %}</p>
{%- endfor %}`

export const DEMO_TEMPLATES: ReadonlyArray<{ name: string; description: string; body: string }> = [
  {
    name: 'Proposta comercial',
    description: 'Proposta com escopo, investimento, prazo de implantação e condições de pagamento.',
    body: `<h1>Proposta comercial nº {{ number }}</h1>
<p><strong>{{ title }}</strong></p>
<p>À {{ customer.name }}{% if customer.trade_name %} ({{ customer.trade_name }}){% endif %}<br>
{{ customer.address.city }}/{{ customer.address.state }}</p>
<p>Prezado(a) cliente, agradecemos a oportunidade de apresentar nossa proposta. Seguem abaixo o escopo e o investimento.</p>
<h2>Investimento</h2>
${ITEMS_TABLE}
${PAYMENT}
<p><strong>Prazo de implantação:</strong> {{ fields.prazo_implantacao | default: 'a combinar' }}.</p>
{% if valid_until %}<p>Proposta válida até {{ valid_until }}.</p>{% endif %}
{% if notes %}<h2>Observações</h2><p>{{ notes }}</p>{% endif %}
<p>Atenciosamente,<br>{{ seller.name }}<br>{{ seller.email }}<br>Vendoc Demonstração Ltda</p>
${SIGNATURES}`,
  },
  {
    name: 'Contrato de prestação de serviços',
    description: 'Contrato com partes, objeto, preço, vigência, rescisão e foro.',
    body: `<h1>Contrato de prestação de serviços nº {{ number }}</h1>
${CUSTOMER_BLOCK}
<p><strong>CONTRATADA:</strong> Vendoc Demonstração Ltda, com sede em São Paulo/SP, neste ato representada na forma de seu contrato social.</p>
<p>As partes acima identificadas têm entre si justo e contratado o seguinte:</p>
<h2>Cláusula 1ª — Do objeto</h2>
<p>O presente contrato tem por objeto a prestação, pela CONTRATADA, dos serviços relacionados abaixo ({{ title }}):</p>
${ITEMS_TABLE}
<h2>Cláusula 2ª — Do preço e da forma de pagamento</h2>
<p>Pelos serviços a CONTRATANTE pagará o valor total de {{ totals.total }} ({{ totals.total_cents | money_in_words }}).</p>
${PAYMENT}
<h2>Cláusula 3ª — Do prazo</h2>
<p>Os serviços terão início em até {{ fields.prazo_implantacao | default: '30 dias' }} a contar da assinatura, e este contrato vigorará por
{{ fields.vigencia_meses | default: 12 }} meses, renovável por iguais períodos salvo manifestação contrária com 30 dias de antecedência.</p>
<h2>Cláusula 4ª — Da rescisão</h2>
<p>O contrato poderá ser rescindido por qualquer das partes mediante aviso prévio por escrito de 30 (trinta) dias.</p>
{% if attachments.size > 0 %}<h2>Cláusula 5ª — Dos anexos</h2>
<p>Integram este contrato, como se nele estivessem transcritos:</p>
<ul>{% for attachment in attachments %}<li>Anexo {{ attachment.position }}: {{ attachment.name }}</li>{% endfor %}</ul>{% endif %}
<h2>Cláusula {% if attachments.size > 0 %}6ª{% else %}5ª{% endif %} — Do foro</h2>
<p>Fica eleito o foro da comarca de São Paulo/SP para dirimir quaisquer dúvidas oriundas deste contrato.</p>
{% if notes %}<p><strong>Observações:</strong> {{ notes }}</p>{% endif %}
${SIGNATURES}`,
  },
  {
    name: 'Orçamento',
    description: 'Orçamento simples de produtos e serviços, com validade.',
    body: `<h1>Orçamento nº {{ number }}</h1>
<p>Cliente: <strong>{{ customer.name }}</strong> — {{ customer.document }}<br>
E-mail: {{ customer.email }} · Telefone: {{ customer.phone }}</p>
<p>Referente a: {{ title }}</p>
${ITEMS_TABLE}
${PAYMENT}
<p>Prazo de entrega: {{ fields.prazo_implantacao | default: 'imediato' }}.</p>
{% if valid_until %}<p>Orçamento válido até {{ valid_until }}.</p>{% endif %}
{% if notes %}<p>{{ notes }}</p>{% endif %}
<p>Responsável: {{ seller.name }} ({{ seller.email }})</p>`,
  },
]
