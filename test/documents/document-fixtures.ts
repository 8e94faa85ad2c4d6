// A document with everything the PDF prints: accents in the account, customer and signers, two
// items (one discounted), three installments, validity, notes and two signers; the template body
// uses headings, lists, a table and the document's variables.
import { createTemplate } from '../../src/modules/catalog/catalog-admin.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { formatCpf, validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, uniqueSuffix, type CreationBody, type TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'

export const RICH_BODY = `<h1>Proposta comercial nº {{ number }}</h1>
<p>Prezado(a) <strong>{{ customer.name }}</strong>, apresentamos a proposta de <em>implantação</em>.<br>Atenção à cláusula 3ª e ao item 1º.</p>
<h2>Itens</h2>
<ul>{% for item in items %}<li>{{ item.name }}: {{ item.total }}</li>{% endfor %}</ul>
<table><tr><th>Total</th><td>{{ totals.total }}</td></tr></table>
<p>Condição: {{ payment.method }} em {{ payment.installments }}x.</p>`

export interface RichDocument {
  account: TestAccount
  detail: ProposalDetail
  customerName: string
  cpfs: [string, string]
}

export async function makeRichDocument(env: TestApp, options: { body?: string; signatureType?: 'paper' | 'digital'; overrides?: CreationBody | ((account: TestAccount) => CreationBody) } = {}): Promise<RichDocument> {
  const account = await makeAccount(env, { name: `Comércio São João ${uniqueSuffix()} Ltda` })
  const customerName = `Açaí & Pão Conceição ${uniqueSuffix()} Ltda`
  const customer = await makeCustomer(env, account, { name: customerName })
  const template = await createTemplate(env.db, env.clock, account.id, { name: 'Proposta rica', body: options.body ?? RICH_BODY })
  const cpfs: [string, string] = [validCpf(), validCpf()]
  const detail = await makeProposal(env, account, customer, {
    template_id: template.id,
    title: 'Implantação do ERP — fase única',
    signature_type: options.signatureType ?? 'paper',
    payment_method_id: account.paymentMethods.card.id,
    installments: 3,
    items: [
      { product_id: account.products.main.id, quantity: 2, discount_cents: 12_345 },
      { product_id: account.products.service.id, quantity: 3.5 },
    ],
    signers: [
      { name: 'José Conceição', email: 'jose@cliente.test', cpf: formatCpf(cpfs[0]), role_id: account.roles.party.id, signing_order: 1 },
      { name: 'Mônica Araújo', email: 'monica@cliente.test', cpf: cpfs[1], role_id: account.roles.witness.id, signing_order: 2 },
    ],
    valid_until: '2099-12-31',
    notes: 'Preço válido para pagamento no cartão.\nInstalação em São Paulo.',
    external_reference: `CRM-${uniqueSuffix()}`,
    ...(typeof options.overrides === 'function' ? options.overrides(account) : options.overrides),
  })
  return { account, detail, customerName, cpfs }
}

/** PDF text with the no-break space of money figures read as a plain space. */
export function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ')
}
