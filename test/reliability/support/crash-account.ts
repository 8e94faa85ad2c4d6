// The account every crash and soak test creates documents for: a catalogue, a few customers, an
// API token and a quota far above anything a run can reach, built with the same module functions
// the CLI and the web app use.
import type { DatabaseConfig } from '../../../src/config.js'
import { createAccount, setAccountCreationLimit } from '../../../src/modules/accounts/accounts.js'
import { createUser } from '../../../src/modules/accounts/users.js'
import { createPaymentMethod, createProduct, createSignerRole, createTemplate } from '../../../src/modules/catalog/catalog-admin.js'
import { insertCustomer } from '../../../src/modules/customers/customer-repository.js'
import { createApiToken } from '../../../src/modules/integrations/api-tokens.js'
import { systemClock } from '../../../src/platform/clock.js'
import { connectDatabase, type Db } from '../../../src/platform/db/connect.js'
import { migrateToLatest } from '../../../src/platform/migrations/index.js'
import { validCnpj } from '../../support/documents.js'

export interface CrashAccount {
  accountId: number
  timeZone: string
  token: string
  tokenId: number
  tokenName: string
  templateId: number
  paymentMethodId: number
  productIds: number[]
  roleIds: number[]
  /** CNPJs of existing customers (creations reference them by document). */
  customerDocuments: string[]
}

export const HIGH_QUOTA = 100_000_000

export async function seedCrashAccount(db: Db, customers = 8): Promise<CrashAccount> {
  const clock = systemClock
  const account = await createAccount(db, clock, { name: 'Confiabilidade Ltda' })
  await setAccountCreationLimit(db, clock, account.id, HIGH_QUOTA)
  await createUser(db, clock, { accountId: account.id, name: 'Carla Vendas', email: 'carla@confiabilidade.test', isSeller: true, isDefaultSeller: true })
  const token = await createApiToken(db, clock, account.id, 'crash')
  const template = await createTemplate(db, clock, account.id, { name: 'Proposta', body: 'Olá {{ customer.name }}' })
  const method = await createPaymentMethod(db, clock, account.id, { name: 'Cartão', kind: 'credit_card', max_installments: 12 })
  const productIds: number[] = []
  for (let index = 0; index < 4; index += 1) {
    const product = await createProduct(db, clock, account.id, { code: `P-${index}`, name: `Produto ${index}`, kind: 'product', unit: 'un', price_cents: 1_000 * (index + 1), description: null })
    productIds.push(product.id)
  }
  const roleIds = [(await createSignerRole(db, clock, account.id, { name: 'Contratante' })).id, (await createSignerRole(db, clock, account.id, { name: 'Testemunha' })).id]
  const customerDocuments: string[] = []
  const now = clock.now().toISOString()
  for (let index = 0; index < customers; index += 1) {
    const document = validCnpj()
    await insertCustomer(db, {
      account_id: account.id,
      code: `CLI-${index}`,
      name: `Cliente ${index} Ltda`,
      trade_name: null,
      document,
      document_type: 'cnpj',
      email: null,
      phone: null,
      address_street: null,
      address_number: null,
      address_complement: null,
      address_district: null,
      address_city: null,
      address_state: null,
      address_postal_code: null,
      created_at: now,
      updated_at: now,
    })
    customerDocuments.push(document)
  }
  return { accountId: account.id, timeZone: account.time_zone, token: token.token, tokenId: token.id, tokenName: token.name, templateId: template.id, paymentMethodId: method.id, productIds, roleIds, customerDocuments }
}

/**
 * Migrates a fresh database and seeds the crash account in it, then closes the connection: the
 * server under test opens its own.
 */
export async function prepareCrashDatabase(config: DatabaseConfig): Promise<CrashAccount> {
  const setup = connectDatabase(config)
  try {
    await migrateToLatest(setup.db, setup.dialect)
    return await seedCrashAccount(setup.db)
  } finally {
    await setup.close()
  }
}
