// Factories: each call builds new, independent data (its own account, customers, documents), so
// no test depends on what another one left behind. Catalogue rows come from catalog-admin.ts and
// tokens from createApiToken, exactly as the CLI and the web app create them.
import { randomBytes } from 'node:crypto'
import type { Insertable } from 'kysely'
import { expect } from 'vitest'
import { createAccount, type AccountSummary } from '../../src/modules/accounts/accounts.js'
import { createUser } from '../../src/modules/accounts/users.js'
import { createPaymentMethod, createProduct, createSignerRole, createTemplate } from '../../src/modules/catalog/catalog-admin.js'
import type { CustomerRow } from '../../src/modules/customers/customer-mapper.js'
import { insertCustomer, type NewCustomer } from '../../src/modules/customers/customer-repository.js'
import { createApiToken, type IssuedToken } from '../../src/modules/integrations/api-tokens.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import type { CustomersTable } from '../../src/platform/db/schema.js'
import { validCnpj } from './documents.js'
import type { TestApp } from './test-app.js'

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex')
}

export interface TestAccount {
  account: AccountSummary
  id: number
  token: IssuedToken
  /** `Authorization: Bearer …` for this account's token. */
  auth: { authorization: string }
  seller: { id: number; name: string; email: string }
  otherSeller: { id: number; name: string; email: string }
  products: {
    /** Product priced 1.500,00, unit "un". */
    main: { id: number; code: string; name: string; price_cents: number; unit: string; description: string | null }
    /** Service priced 123,45 per hour, no description. */
    service: { id: number; code: string; name: string; price_cents: number; unit: string; description: string | null }
    inactive: { id: number }
  }
  paymentMethods: {
    /** PIX, one installment only. */
    pix: { id: number; name: string; max_installments: number }
    /** Credit card, up to 12 installments. */
    card: { id: number; name: string; max_installments: number }
    inactive: { id: number }
  }
  template: { id: number; name: string }
  inactiveTemplate: { id: number }
  roles: { party: { id: number; name: string }; witness: { id: number; name: string }; inactive: { id: number } }
}

/** An account on a plan with API access (default `profissional`) with a whole catalogue and a token. */
export async function makeAccount(env: TestApp, options: { planCode?: string; name?: string; timeZone?: string } = {}): Promise<TestAccount> {
  const { db, clock } = env
  const suffix = uniqueSuffix()
  const account = await createAccount(db, clock, {
    name: options.name ?? `Conta ${suffix} Ltda`,
    ...(options.planCode ? { planCode: options.planCode } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  })
  const sellerInput = { name: `Carla ${suffix}`, email: `carla.${suffix}@vendoc.test` }
  const seller = await createUser(db, clock, { accountId: account.id, ...sellerInput, isSeller: true, isDefaultSeller: true })
  const otherInput = { name: `Bruno ${suffix}`, email: `bruno.${suffix}@vendoc.test` }
  const otherSeller = await createUser(db, clock, { accountId: account.id, ...otherInput, isSeller: true })
  const token = await createApiToken(db, clock, account.id, 'CRM')

  const mainInput = { code: `IMPL-${suffix}`, name: 'Implantação do sistema', kind: 'product' as const, unit: 'un', price_cents: 150_000, description: 'Implantação completa' }
  const serviceInput = { code: `HORA-${suffix}`, name: 'Hora de consultoria', kind: 'service' as const, unit: 'h', price_cents: 12_345, description: null }
  const main = await createProduct(db, clock, account.id, mainInput)
  const service = await createProduct(db, clock, account.id, serviceInput)
  const inactiveProduct = await createProduct(db, clock, account.id, { code: `OLD-${suffix}`, name: 'Produto descontinuado', kind: 'product', unit: 'un', price_cents: 100, active: false })

  const pixInput = { name: 'PIX', kind: 'pix' as const, max_installments: 1 }
  const cardInput = { name: 'Cartão de crédito', kind: 'credit_card' as const, max_installments: 12 }
  const pix = await createPaymentMethod(db, clock, account.id, pixInput)
  const card = await createPaymentMethod(db, clock, account.id, cardInput)
  const inactiveMethod = await createPaymentMethod(db, clock, account.id, { name: 'Cheque', kind: 'other', max_installments: 3, active: false })

  const template = await createTemplate(db, clock, account.id, { name: 'Proposta comercial', description: 'Modelo padrão', body: 'Olá {{ customer.name }}' })
  const inactiveTemplate = await createTemplate(db, clock, account.id, { name: 'Modelo antigo', body: 'antigo', active: false })

  const party = await createSignerRole(db, clock, account.id, { name: 'Contratante' })
  const witness = await createSignerRole(db, clock, account.id, { name: 'Testemunha' })
  const inactiveRole = await createSignerRole(db, clock, account.id, { name: 'Avalista', active: false })

  return {
    account,
    id: account.id,
    token,
    auth: { authorization: `Bearer ${token.token}` },
    seller: { id: seller.id, ...sellerInput },
    otherSeller: { id: otherSeller.id, ...otherInput },
    products: { main: { id: main.id, ...mainInput }, service: { id: service.id, ...serviceInput }, inactive: inactiveProduct },
    paymentMethods: { pix: { id: pix.id, ...pixInput }, card: { id: card.id, ...cardInput }, inactive: inactiveMethod },
    template: { id: template.id, name: 'Proposta comercial' },
    inactiveTemplate,
    roles: { party: { id: party.id, name: 'Contratante' }, witness: { id: witness.id, name: 'Testemunha' }, inactive: inactiveRole },
  }
}

/** A customer of the account (a company with a valid CNPJ and a unique code unless overridden). */
export async function makeCustomer(env: TestApp, account: TestAccount, overrides: Partial<NewCustomer> = {}): Promise<CustomerRow> {
  const now = env.clock.now().toISOString()
  const suffix = uniqueSuffix()
  return insertCustomer(env.db, {
    account_id: account.id,
    code: `CLI-${suffix}`,
    name: `Cliente ${suffix} Ltda`,
    trade_name: `Cliente ${suffix}`,
    document: validCnpj(),
    document_type: 'cnpj',
    email: `compras.${suffix}@cliente.test`,
    phone: '+55 11 3333-4444',
    address_street: 'Av. Paulista',
    address_number: '1000',
    address_complement: null,
    address_district: 'Bela Vista',
    address_city: 'São Paulo',
    address_state: 'SP',
    address_postal_code: '01310-100',
    created_at: now,
    updated_at: now,
    ...overrides,
  })
}

export type CreationBody = Record<string, unknown>

/** The smallest valid creation body: paper, PIX, one catalogue item, customer by internal ID. */
export function proposalBody(account: TestAccount, customer: { id: number }, overrides: CreationBody = {}): CreationBody {
  return {
    template_id: account.template.id,
    signature_type: 'paper',
    payment_method_id: account.paymentMethods.pix.id,
    customer: { id: customer.id },
    items: [{ product_id: account.products.main.id, quantity: 1 }],
    ...overrides,
  }
}

/** Creates a document through POST /api/v1/proposals and returns the 201 body. */
export async function makeProposal(env: TestApp, account: TestAccount, customer: { id: number }, overrides: CreationBody = {}): Promise<ProposalDetail> {
  const response = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: account.auth, payload: proposalBody(account, customer, overrides) })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<ProposalDetail>()
}
