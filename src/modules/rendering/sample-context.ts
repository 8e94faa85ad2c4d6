// Realistic Brazilian sample data for previewing a template that has no document yet (the
// template editor). Built through buildDocumentContext, so it has exactly the shape of a real one.
import { buildDocumentContext, type DocumentAccount, type DocumentContext, type DocumentSource } from './document-context.js'

const SAMPLE_SOURCE: DocumentSource = {
  number: 1042,
  title: 'Implantação do ERP e treinamento da equipe',
  status: 'draft',
  notes: 'Valores válidos para pagamento em até 5 dias do vencimento.\nTreinamento presencial em São Paulo.',
  valid_until: '2026-12-31',
  created_at: '2026-11-16T13:30:00.000Z',
  signature_type: { name: 'Assinatura digital' },
  fields: { prazo_implantacao: '45 dias', vigencia_meses: 12, responsavel_tecnico: 'Eng. Paulo Andrade' },
  seller: { name: 'Mariana Costa', email: 'mariana.costa@vendoc.example' },
  customer: {
    code: 'CLI-0458',
    name: 'Padaria Pão Dourado Ltda',
    trade_name: 'Pão Dourado',
    document: '11222333000181',
    document_type: 'cnpj',
    email: 'financeiro@paodourado.com.br',
    phone: '(11) 3456-7890',
    address: { street: 'Rua Augusta', number: '1500', complement: 'Loja 2', district: 'Consolação', city: 'São Paulo', state: 'SP', postal_code: '01304-001' },
  },
  items: [
    { code: 'ERP-IMPL', name: 'Implantação do ERP', description: 'Configuração, migração de dados e acompanhamento', unit: 'un', quantity: 1, unit_price_cents: 1_250_000, discount_cents: 125_000, total_cents: 1_125_000 },
    { code: 'TREIN-H', name: 'Treinamento da equipe', description: null, unit: 'h', quantity: 12.5, unit_price_cents: 18_000, discount_cents: 0, total_cents: 225_000 },
  ],
  totals: { items_count: 2, subtotal_cents: 1_475_000, discount_cents: 125_000, total_cents: 1_350_000 },
  payment: {
    method: { name: 'Boleto bancário', kind: 'boleto' },
    installments: 3,
    first_due_days: 30,
    installment_interval_days: 30,
    due_on_business_days: true,
    // R$ 1.500,00 down in 7 days, so the editor's preview shows every payment variable; 3 × R$ 4.000,00 the rest.
    down_payment: { amount_cents: 150_000, due_in_days: 7 },
    schedule: [
      { number: 1, amount_cents: 400_000, due_in_days: 30 },
      { number: 2, amount_cents: 400_000, due_in_days: 60 },
      { number: 3, amount_cents: 400_000, due_in_days: 90 },
    ],
  },
  signers: [
    { name: 'Roberto Almeida', email: 'roberto@paodourado.com.br', cpf: '52998224725', phone: '(11) 98765-4321', role: { name: 'Contratante' }, signing_order: 1 },
    { name: 'Mariana Costa', email: 'mariana.costa@vendoc.example', cpf: null, phone: null, role: { name: 'Contratada' }, signing_order: 2 },
  ],
  attachments: [
    { file_name: 'Condições gerais de fornecimento.pdf', size: 19_561, sha256: '6dbc18a95dcd83ab82535471027d06c71f95af775fc81aa1382a1bb6e8db438f' },
    { file_name: 'Escopo técnico da implantação.pdf', size: 248_320, sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' },
  ],
}

const SAMPLE_ACCOUNT: DocumentAccount = {
  name: 'Vendoc Demonstração Ltda',
  time_zone: 'America/Sao_Paulo',
  document: '11222333000181',
  address: 'Av. Paulista, 1000 – Conj. 101, Bela Vista, São Paulo/SP, CEP 01310-100',
  phone: '(11) 3333-4444',
  email: 'contato@vendoc.example',
}

/**
 * The sample document as `account` would print it: the account's own company data where it has
 * filled it in, the sample's where it has not (so the preview shows what each variable holds).
 */
export function buildSampleContext(now: Date, account: Partial<DocumentAccount> = {}): DocumentContext {
  const own = Object.fromEntries(Object.entries(account).filter(([, value]) => value !== null && value !== undefined)) as Partial<DocumentAccount>
  return buildDocumentContext(SAMPLE_SOURCE, { ...SAMPLE_ACCOUNT, ...own }, now)
}
