// The demo account's data: a small Brazilian software house that sells licences, implementation
// and support. Plain data only (the seed in seed-demo.ts decides how it is written), so it reads
// like a fixture and can be edited without touching any logic. Documents carry real check
// digits, computed here from made-up bases, so every CNPJ and CPF passes validation; one CNPJ
// uses the alphanumeric format in force since July 2026.
import type { PaymentMethodRow } from '../catalog/manage-payment-methods.js'
import type { NewProduct } from '../catalog/catalog-admin.js'
import { cnpjCheckDigits, cpfCheckDigits } from '../customers/brazilian-documents.js'
import type { CustomerInput } from '../customers/customer-input.js'

const cnpj = (base12: string) => `${base12}${cnpjCheckDigits(base12)}`
const cpf = (base9: string) => `${base9}${cpfCheckDigits(base9)}`

export const DEMO_ACCOUNT_NAME = 'Vendoc Demonstração Ltda'
/** What the demo's documents print under its name (Configurações → Conta). */
export const DEMO_COMPANY = { document: '11444777000161', address: 'Av. Paulista, 1000 – Conj. 101, Bela Vista, São Paulo/SP, CEP 01310-100', phone: '(11) 3333-4444', email: 'contato@vendoc.com.br' }
/** Discounts above 15 % of a document's subtotal wait for an admin's approval (the demo's lines go up to 10 %). */
export const DEMO_DISCOUNT_APPROVAL_ABOVE_BP = 1500
export const DEMO_PLAN = 'empresarial'
/** The demo account is found again by this admin e-mail, which makes `vendoc demo` idempotent. */
export const DEMO_ADMIN_EMAIL = 'admin@demo.vendoc.com.br'
/** Documented in the README: every demo user logs in with it. Never use the demo on a public server. */
export const DEMO_PASSWORD = 'vendoc-demo'

export interface DemoPerson {
  name: string
  email: string
  cpf: string
  phone: string
}

export const DEMO_ADMIN = { name: 'Fernanda Ribeiro', email: DEMO_ADMIN_EMAIL }

/** The first seller is the account's default seller (used when an API creation names none). */
export const DEMO_SELLERS: ReadonlyArray<{ name: string; email: string }> = [
  { name: 'Mariana Albuquerque', email: 'mariana.albuquerque@demo.vendoc.com.br' },
  { name: 'Rafael Nogueira', email: 'rafael.nogueira@demo.vendoc.com.br' },
  { name: 'Juliana Pacheco', email: 'juliana.pacheco@demo.vendoc.com.br' },
]

/** Who signs for the demo company (role Contratada), and the usual witness. */
export const DEMO_COMPANY_SIGNER: DemoPerson = { name: 'Ricardo Almeida Prado', email: 'ricardo.prado@demo.vendoc.com.br', cpf: cpf('318274650'), phone: '+55 11 97214-3380' }
export const DEMO_WITNESS: DemoPerson = { name: 'Camila Rocha Duarte', email: 'camila.duarte@demo.vendoc.com.br', cpf: cpf('427165983'), phone: '+55 11 98836-1027' }
/** A guarantor for long instalment plans of individual customers (roles Avalista / Fiador). */
export const DEMO_GUARANTORS: ReadonlyArray<DemoPerson> = [
  { name: 'Sérgio Luiz Figueiredo', email: 'sergio.figueiredo@gmail.com', cpf: cpf('205837146'), phone: '+55 31 99745-2018' },
  { name: 'Helena Cristina Batista', email: 'helena.batista@outlook.com', cpf: cpf('614029387'), phone: '+55 34 99128-5540' },
]

export const DEMO_PRODUCTS: ReadonlyArray<NewProduct> = [
  { code: 'SW-ERP', name: 'Licença ERP Gestão Integrada (por usuário)', kind: 'product', unit: 'un', price_cents: 89_000, description: 'Licença de uso por usuário nomeado: financeiro, estoque, compras, faturamento e NF-e.' },
  { code: 'SW-CRM', name: 'Licença CRM Vendas (por usuário)', kind: 'product', unit: 'un', price_cents: 45_000, description: 'Funil de vendas, agenda, propostas e integração com WhatsApp Business.' },
  { code: 'SW-BI', name: 'Módulo BI e Relatórios Gerenciais', kind: 'product', unit: 'un', price_cents: 120_000, description: 'Painéis de indicadores, DRE gerencial e exportação para Excel.' },
  { code: 'SRV-IMPL', name: 'Implantação do sistema', kind: 'service', unit: 'un', price_cents: 850_000, description: 'Levantamento de processos, parametrização, cargas iniciais e acompanhamento da virada.' },
  { code: 'SRV-MIGR', name: 'Migração de dados do sistema anterior', kind: 'service', unit: 'un', price_cents: 320_000, description: 'Cadastros, saldos de estoque, títulos em aberto e histórico de vendas de até 5 anos.' },
  { code: 'SRV-TREIN', name: 'Treinamento presencial', kind: 'service', unit: 'h', price_cents: 28_000, description: 'Turmas de até 10 pessoas nas instalações do cliente.' },
  { code: 'SRV-EAD', name: 'Treinamento online (EAD)', kind: 'service', unit: 'un', price_cents: 95_000, description: 'Trilha gravada com certificado, acesso por 12 meses para toda a equipe.' },
  { code: 'SRV-SUP', name: 'Suporte técnico mensal', kind: 'service', unit: 'mês', price_cents: 149_000, description: 'Atendimento por chat, telefone e e-mail em horário comercial, SLA de 4 horas.' },
  { code: 'SRV-NUVEM', name: 'Hospedagem em nuvem', kind: 'service', unit: 'mês', price_cents: 69_000, description: 'Servidores no Brasil, backup diário e disponibilidade de 99,9%.' },
  { code: 'SRV-CONS', name: 'Consultoria especializada', kind: 'service', unit: 'h', price_cents: 32_000, description: 'Consultoria fiscal e de processos com especialista sênior.' },
  { code: 'SRV-DEV', name: 'Desenvolvimento sob medida', kind: 'service', unit: 'h', price_cents: 24_000, description: 'Relatórios, integrações e telas específicas do cliente.' },
  { code: 'HW-LEITOR', name: 'Leitor de código de barras sem fio', kind: 'product', unit: 'un', price_cents: 45_900, description: null },
  { code: 'HW-IMPR', name: 'Impressora térmica não fiscal 80 mm', kind: 'product', unit: 'un', price_cents: 89_900, description: null },
  // Inactive on purpose: registration data lists active entries only.
  { code: 'SW-ERP-PERP', name: 'Licença perpétua ERP (descontinuada)', kind: 'product', unit: 'un', price_cents: 450_000, description: 'Substituída pelo licenciamento por usuário.', active: false },
]

/** With the terms a Brazilian seller would set: boletos and card charges 30, 60, 90… days after signing; PIX and transfers on signing. */
// A boleto and a transfer are settled by banks, so their dates move to a banking day.
export const DEMO_PAYMENT_METHODS: ReadonlyArray<Omit<PaymentMethodRow, 'id' | 'active'>> = [
  { name: 'PIX', kind: 'pix', max_installments: 1, first_due_days: 0, installment_interval_days: 30, due_on_business_days: false },
  { name: 'Boleto bancário', kind: 'boleto', max_installments: 12, first_due_days: 30, installment_interval_days: 30, due_on_business_days: true },
  { name: 'Cartão de crédito', kind: 'credit_card', max_installments: 12, first_due_days: 30, installment_interval_days: 30, due_on_business_days: false },
  { name: 'Transferência bancária', kind: 'bank_transfer', max_installments: 1, first_due_days: 0, installment_interval_days: 30, due_on_business_days: true },
]

export const DEMO_SIGNER_ROLES = ['Contratante', 'Contratada', 'Testemunha', 'Avalista', 'Fiador'] as const
export type DemoSignerRole = (typeof DEMO_SIGNER_ROLES)[number]

export interface DemoCustomer extends CustomerInput {
  code: string
  name: string
  document: string
  /** Who signs for the customer; for a person, the customer themself. */
  contact: DemoPerson
}

function company(code: string, name: string, tradeName: string, base12: string, email: string, phone: string, address: CustomerInput['address'], contact: DemoPerson): DemoCustomer {
  return { code, name, trade_name: tradeName, document: cnpj(base12), email, phone, address, contact }
}

function person(code: string, name: string, base9: string, email: string, phone: string, address: CustomerInput['address']): DemoCustomer {
  const document = cpf(base9)
  return { code, name, trade_name: null, document, email, phone, address, contact: { name, email, cpf: document, phone } }
}

const address = (street: string, number: string, complement: string | null, district: string, city: string, state: string, postal_code: string) =>
  ({ street, number, complement, district, city, state, postal_code })

export const DEMO_CUSTOMERS: ReadonlyArray<DemoCustomer> = [
  company('CLI-0001', 'Metalúrgica Vale do Aço Ltda', 'Vale do Aço', '174539280001', 'compras@valedoacometal.com.br', '+55 31 3224-5100',
    address('Av. Afonso Pena', '1500', '8º andar', 'Centro', 'Belo Horizonte', 'MG', '30130-005'),
    { name: 'Roberto Carvalho Lima', email: 'roberto.lima@valedoacometal.com.br', cpf: cpf('284617395'), phone: '+55 31 99654-2210' }),
  company('CLI-0002', 'Distribuidora Paulista de Alimentos S.A.', 'DiPA Alimentos', '083275140001', 'ti@dipaalimentos.com.br', '+55 11 3382-9000',
    address('Rua Vergueiro', '3185', 'Conj. 41', 'Vila Mariana', 'São Paulo', 'SP', '04101-300'),
    { name: 'Cláudia Regina Souza', email: 'claudia.souza@dipaalimentos.com.br', cpf: cpf('371904628'), phone: '+55 11 98123-7765' }),
  company('CLI-0003', 'Clínica Odontológica Sorriso Pleno Ltda', 'Sorriso Pleno', '219045670001', 'administrativo@sorrisopleno.odo.br', '+55 41 3023-4411',
    address('Rua XV de Novembro', '700', 'Sala 1203', 'Centro', 'Curitiba', 'PR', '80020-310'),
    { name: 'Dra. Aline Kowalski', email: 'aline@sorrisopleno.odo.br', cpf: cpf('415238769'), phone: '+55 41 99871-0032' }),
  company('CLI-0004', 'Construtora Horizonte Sul Ltda', 'Horizonte Sul', '135820460001', 'financeiro@horizontesul.eng.br', '+55 51 3211-8700',
    address('Av. Borges de Medeiros', '2500', null, 'Praia de Belas', 'Porto Alegre', 'RS', '90110-150'),
    { name: 'Gustavo Henrique Brandt', email: 'gustavo.brandt@horizontesul.eng.br', cpf: cpf('603751284'), phone: '+55 51 99402-6613' }),
  company('CLI-0005', 'Tecnoagro Insumos Agrícolas Ltda', 'Tecnoagro', '306174250001', 'contato@tecnoagroinsumos.com.br', '+55 62 3945-1200',
    address('Av. T-63', '1200', 'Qd. 145 Lt. 7', 'Setor Bueno', 'Goiânia', 'GO', '74230-100'),
    { name: 'Wellington Araújo Neto', email: 'wellington@tecnoagroinsumos.com.br', cpf: cpf('152847963'), phone: '+55 62 99233-4480' }),
  company('CLI-0006', 'Rede Bem Viver Farmácias Ltda', 'Farmácias Bem Viver', '119263840002', 'compras@bemviverfarma.com.br', '+55 81 3465-2020',
    address('Av. Boa Viagem', '3000', 'Loja 2', 'Boa Viagem', 'Recife', 'PE', '51020-000'),
    { name: 'Priscila Albuquerque Melo', email: 'priscila.melo@bemviverfarma.com.br', cpf: cpf('738264159'), phone: '+55 81 99188-3054' }),
  company('CLI-0007', 'Transportadora Rota Norte Ltda', 'Rota Norte', '058732190001', 'operacoes@rotanortelog.com.br', '+55 92 3641-5522',
    address('Av. Djalma Batista', '1661', 'Galpão 3', 'Chapada', 'Manaus', 'AM', '69050-010'),
    { name: 'Francisco das Chagas Ribeiro', email: 'francisco.ribeiro@rotanortelog.com.br', cpf: cpf('862039471'), phone: '+55 92 99126-8871' }),
  company('CLI-0008', 'Escola Nova Geração Ensino Fundamental Ltda', 'Colégio Nova Geração', '273401580001', 'secretaria@colegionovageracao.com.br', '+55 71 3272-6090',
    address('Av. Tancredo Neves', '1632', null, 'Caminho das Árvores', 'Salvador', 'BA', '41820-020'),
    { name: 'Maria das Graças Oliveira', email: 'gracas.oliveira@colegionovageracao.com.br', cpf: cpf('509618273'), phone: '+55 71 98754-3312' }),
  company('CLI-0009', 'Hotel Mar Azul Turismo Ltda', 'Hotel Mar Azul', '091658730001', 'gerencia@hotelmarazul.tur.br', '+55 85 3263-7000',
    address('Av. Beira Mar', '3980', null, 'Mucuripe', 'Fortaleza', 'CE', '60165-121'),
    { name: 'Antônio Carlos Bezerra', email: 'antonio.bezerra@hotelmarazul.tur.br', cpf: cpf('246813579'), phone: '+55 85 99987-1140' }),
  company('CLI-0010', 'Têxtil Blumenau Fios e Malhas Ltda', 'Blumenau Fios', '826413070001', 'ti@blumenaufios.ind.br', '+55 47 3326-4100',
    address('Rua XV de Novembro', '1050', null, 'Centro', 'Blumenau', 'SC', '89010-003'),
    { name: 'Jürgen Schmitt Hoffmann', email: 'jurgen.hoffmann@blumenaufios.ind.br', cpf: cpf('357924681'), phone: '+55 47 99652-7789' }),
  company('CLI-0011', 'Exata Assessoria Contábil Ltda', 'Contabilidade Exata', '147039260001', 'contato@exatacontabil.cnt.br', '+55 61 3321-8450',
    address('SCS Quadra 7, Bloco A', '100', 'Sala 512', 'Asa Sul', 'Brasília', 'DF', '70307-901'),
    { name: 'Renata Lopes Vasconcelos', email: 'renata@exatacontabil.cnt.br', cpf: cpf('468135792'), phone: '+55 61 99304-5567' }),
  company('CLI-0012', 'Auto Peças Campinas Ltda', 'Campinas Auto Peças', '462187350001', 'vendas@campinasautopecas.com.br', '+55 19 3236-1800',
    address('Av. Francisco Glicério', '1000', null, 'Centro', 'Campinas', 'SP', '13012-100'),
    { name: 'Luiz Fernando Camargo', email: 'luiz.camargo@campinasautopecas.com.br', cpf: cpf('579246813'), phone: '+55 19 99721-0458' }),
  company('CLI-0013', 'Laboratório Vida Análises Clínicas Ltda', 'Laboratório Vida', '330954810001', 'diretoria@labvida.med.br', '+55 21 2509-3300',
    address('Av. Rio Branco', '156', 'Sala 2210', 'Centro', 'Rio de Janeiro', 'RJ', '20040-901'),
    { name: 'Dr. Paulo Sérgio Monteiro', email: 'paulo.monteiro@labvida.med.br', cpf: cpf('681357924'), phone: '+55 21 99618-2230' }),
  // A company registered after July 2026, with an alphanumeric CNPJ.
  company('CLI-0014', 'Nuvem Verde Soluções Digitais Ltda', 'Nuvem Verde', '12ABC34501DE', 'ola@nuvemverde.digital', '+55 11 4200-3131',
    address('Rua Fradique Coutinho', '1100', '3º andar', 'Pinheiros', 'São Paulo', 'SP', '05416-001'),
    { name: 'Thiago Nakamura Costa', email: 'thiago@nuvemverde.digital', cpf: cpf('792468135'), phone: '+55 11 99402-8816' }),
  // The customer of the README's and the API reference's examples, with a code from a CRM import.
  company('ACME-01', 'Acme Indústria Ltda', 'Acme', '112223330001', 'compras@acme.com.br', '+55 11 3333-4444',
    address('Av. Paulista', '1000', null, 'Bela Vista', 'São Paulo', 'SP', '01310-100'),
    { name: 'Maria Souza', email: 'maria@acme.com.br', cpf: cpf('529982247'), phone: '+55 11 98888-7777' }),
  person('CLI-0015', 'Ana Beatriz Figueiredo', '813579246', 'anabeatriz.arq@gmail.com', '+55 31 99812-4477',
    address('Rua Sergipe', '1100', 'Apto 902', 'Savassi', 'Belo Horizonte', 'MG', '30130-171')),
  person('CLI-0016', 'João Pedro Cavalcanti', '924681357', 'jp.cavalcanti.adv@gmail.com', '+55 81 98702-6631',
    address('Rua da Aurora', '295', 'Sala 304', 'Boa Vista', 'Recife', 'PE', '50050-000')),
  person('CLI-0017', 'Luciana Moraes Tavares', '135792468', 'luciana.tavares@outlook.com', '+55 41 99937-1184',
    address('Av. Sete de Setembro', '4500', 'Apto 71', 'Batel', 'Curitiba', 'PR', '80250-210')),
  person('CLI-0018', 'Marcos Vinícius Ramos', '197346285', 'marcos.ramos.mei@gmail.com', '+55 48 99160-7722',
    address('Rua Felipe Schmidt', '390', 'Loja 12', 'Centro', 'Florianópolis', 'SC', '88010-001')),
  person('CLI-0019', 'Patrícia Gomes de Andrade', '286413975', 'patricia.andrade@yahoo.com.br', '+55 21 98455-9031',
    address('Rua Barata Ribeiro', '500', 'Apto 1104', 'Copacabana', 'Rio de Janeiro', 'RJ', '22040-002')),
  person('CLI-0020', 'Eduardo Henrique Batista', '364827159', 'eduardo.batista@uol.com.br', '+55 34 99213-6608',
    address('Av. Rondon Pacheco', '4600', null, 'Tibery', 'Uberlândia', 'MG', '38405-142')),
]

/**
 * What a demo document sells: a realistic bundle of product codes with typical quantities, and
 * the template it is usually written with. The seed varies quantities, prices and discounts.
 */
export interface DemoOffer {
  title: string
  template: 'Proposta comercial' | 'Contrato de prestação de serviços' | 'Orçamento'
  items: ReadonlyArray<{ code: string; quantity: number }>
  prazoImplantacao: string | null
  /** Offers meant for companies only (licences for a whole team). */
  companiesOnly: boolean
}

export const DEMO_OFFERS: ReadonlyArray<DemoOffer> = [
  { title: 'Implantação do ERP Gestão Integrada', template: 'Proposta comercial', companiesOnly: true, prazoImplantacao: '60 dias',
    items: [{ code: 'SW-ERP', quantity: 8 }, { code: 'SRV-IMPL', quantity: 1 }, { code: 'SRV-TREIN', quantity: 16 }, { code: 'SRV-SUP', quantity: 12 }] },
  { title: 'ERP com migração de dados', template: 'Proposta comercial', companiesOnly: true, prazoImplantacao: '90 dias',
    items: [{ code: 'SW-ERP', quantity: 15 }, { code: 'SRV-IMPL', quantity: 1 }, { code: 'SRV-MIGR', quantity: 1 }, { code: 'SRV-EAD', quantity: 1 }] },
  { title: 'CRM Vendas para a equipe comercial', template: 'Proposta comercial', companiesOnly: true, prazoImplantacao: '15 dias',
    items: [{ code: 'SW-CRM', quantity: 6 }, { code: 'SRV-EAD', quantity: 1 }] },
  { title: 'Contrato de suporte e hospedagem', template: 'Contrato de prestação de serviços', companiesOnly: false, prazoImplantacao: null,
    items: [{ code: 'SRV-SUP', quantity: 12 }, { code: 'SRV-NUVEM', quantity: 12 }] },
  { title: 'Consultoria fiscal e de processos', template: 'Contrato de prestação de serviços', companiesOnly: false, prazoImplantacao: '30 dias',
    items: [{ code: 'SRV-CONS', quantity: 40 }] },
  { title: 'Painéis de BI e relatórios gerenciais', template: 'Proposta comercial', companiesOnly: true, prazoImplantacao: '30 dias',
    items: [{ code: 'SW-BI', quantity: 1 }, { code: 'SRV-CONS', quantity: 12.5 }] },
  { title: 'Integração com o e-commerce', template: 'Contrato de prestação de serviços', companiesOnly: false, prazoImplantacao: '45 dias',
    items: [{ code: 'SRV-DEV', quantity: 80 }, { code: 'SRV-CONS', quantity: 8 }] },
  { title: 'Equipamentos para o ponto de venda', template: 'Orçamento', companiesOnly: false, prazoImplantacao: '10 dias',
    items: [{ code: 'HW-LEITOR', quantity: 4 }, { code: 'HW-IMPR', quantity: 2 }] },
  { title: 'Treinamento da equipe', template: 'Orçamento', companiesOnly: false, prazoImplantacao: '20 dias',
    items: [{ code: 'SRV-TREIN', quantity: 24 }, { code: 'SRV-EAD', quantity: 1 }] },
  { title: 'Ampliação de licenças', template: 'Orçamento', companiesOnly: true, prazoImplantacao: null,
    items: [{ code: 'SW-ERP', quantity: 3 }, { code: 'SW-CRM', quantity: 2 }] },
]

export const DEMO_NOTES: ReadonlyArray<string | null> = [
  null,
  'Valores válidos para contratação até a data de validade. Impostos inclusos.',
  'Deslocamento da equipe de implantação incluso para a região metropolitana.',
  'Condição especial negociada com a diretoria: primeira mensalidade de suporte com 50% de desconto.',
  null,
  'Cliente solicitou início dos trabalhos na primeira quinzena do mês.',
]

/**
 * The seller's internal comments on some sent documents (never shown to the customer); those that
 * ask the admin something name her, so she is e-mailed and her Painel lists them.
 */
export const DEMO_COMMENTS: ReadonlyArray<{ text: string; asksAdmin: boolean }> = [
  { text: 'Enviado depois da reunião com o comprador. Ele pediu para confirmar o prazo de implantação antes de assinar.', asksAdmin: false },
  { text: 'Cliente pediu 60 dias para a primeira parcela. Fernanda, a diretoria aprova?\nSe aprovar, manter a condição caso ele pergunte de novo.', asksAdmin: true },
  { text: 'Ligar na segunda-feira para saber se o jurídico do cliente já leu o contrato.', asksAdmin: false },
  { text: 'O financeiro do cliente pediu a nota fiscal em nome da matriz. Fernanda, você confirma o CNPJ com o fiscal?', asksAdmin: true },
]

/** Why a seller cancelled a document (cancelling asks for a reason). */
export const DEMO_CANCEL_REASONS: ReadonlyArray<string> = [
  'Cliente adiou o projeto para o próximo semestre.',
  'Proposta substituída por uma nova versão com escopo revisado.',
  'Cliente optou por outro fornecedor.',
  'Orçamento do cliente não aprovado pela diretoria.',
]

/** Why a customer's signer refused a document on the signing page. */
export const DEMO_REJECT_REASONS: ReadonlyArray<string> = [
  'O prazo de implantação não atende à nossa necessidade.',
  'Precisamos revisar as condições de pagamento antes de assinar.',
  'Valor acima do aprovado no nosso orçamento.',
]

/**
 * Where the demo's signers opened their links from: what the signing evidence records. The
 * addresses are from TEST-NET-3 (RFC 5737), reserved for documentation.
 */
export const DEMO_SIGNING_CLIENTS: ReadonlyArray<{ ip: string; userAgent: string }> = [
  { ip: '203.0.113.24', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' },
  { ip: '203.0.113.87', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1' },
  { ip: '203.0.113.140', userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36' },
  { ip: '203.0.113.203', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15' },
]
