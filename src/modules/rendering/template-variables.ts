// The documented variables and filters (docs/TEMPLATES.md), as the editor lists them. `[]` marks
// the fields of each element of a list: `{% for item in items %}{{ item.name }}{% endfor %}`.
export const TEMPLATE_VARIABLES = [
  'number', 'title', 'status', 'signature_type', 'notes', 'created_at', 'valid_until', 'today',
  'account.name', 'account.document', 'account.address', 'account.phone', 'account.email',
  'customer.name', 'customer.trade_name', 'customer.code', 'customer.document', 'customer.document_type', 'customer.email', 'customer.phone',
  'customer.address.street', 'customer.address.number', 'customer.address.complement', 'customer.address.district',
  'customer.address.city', 'customer.address.state', 'customer.address.postal_code', 'customer.address.full',
  'seller.name', 'seller.email',
  'items[].position', 'items[].code', 'items[].name', 'items[].description', 'items[].unit', 'items[].quantity',
  'items[].unit_price', 'items[].unit_price_cents', 'items[].discount', 'items[].discount_cents', 'items[].total', 'items[].total_cents',
  'totals.items_count', 'totals.subtotal', 'totals.subtotal_cents', 'totals.discount', 'totals.discount_cents', 'totals.total', 'totals.total_cents',
  'payment.method', 'payment.kind', 'payment.installments', 'payment.installment_amount', 'payment.installment_amount_cents',
  'payment.first_due_days', 'payment.installment_interval_days', 'payment.due_on_business_days',
  'payment.down_payment', 'payment.down_payment_cents', 'payment.down_payment_due_days',
  'payment.schedule[].number', 'payment.schedule[].amount', 'payment.schedule[].amount_cents', 'payment.schedule[].due_in_days',
  'signers[].name', 'signers[].email', 'signers[].cpf', 'signers[].phone', 'signers[].role', 'signers[].order',
  'attachments[].position', 'attachments[].name', 'attachments[].size', 'attachments[].sha256',
  'fields',
] as const

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]

/** Vendoc's own filters, on top of Liquid's standard ones. */
export const TEMPLATE_FILTERS = ['money', 'money_in_words', 'number_in_words', 'cpf_cnpj', 'date_br', 'newline_to_br'] as const

export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number]

/** How a variable is written in a body: `items[].name` → `item.name` (inside the for loop). */
export function variableUsage(variable: string): string {
  const match = /^(?:(\w+)\.)?(\w+)\[\]\.(\w+)$/.exec(variable)
  if (!match) return `{{ ${variable} }}`
  const singular: Record<string, string> = { items: 'item', schedule: 'installment', signers: 'signer', attachments: 'attachment' }
  return `{{ ${singular[match[2]!] ?? match[2]}.${match[3]} }}`
}
