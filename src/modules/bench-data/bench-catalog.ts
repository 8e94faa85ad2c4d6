// The account a run fills and its small registration data, written through the modules the app
// itself uses (createAccount, createUser, createApiToken, catalog-admin), so they are exactly what
// the app would create; only the products, which can be many, go through the bulk sink.
import { type Clock, isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { PaymentMethodKind } from '../../platform/db/schema.js'
import { createAccount } from '../accounts/accounts.js'
import { createUser } from '../accounts/users.js'
import { createPaymentMethod, createSignerRole, createTemplate } from '../catalog/catalog-admin.js'
import { productSearchKeys } from '../catalog/product-search-keys.js'
import { DEMO_PAYMENT_METHODS } from '../demo/demo-catalog.js'
import { DEMO_TEMPLATES } from '../demo/demo-templates.js'
import { createApiToken } from '../integrations/api-tokens.js'
import { asciiSlug, personName, randomCpf, randomPhone } from './bench-customers.js'
import { PRODUCT_LINES, PRODUCT_TIERS } from './bench-names.js'
import type { Random } from '../../platform/seeded-random.js'

/** High enough that a benchmark can create documents for as long as it likes. */
export const BENCH_CREATION_LIMIT = 1_000_000_000
const SELLER_COUNT = 5

export interface Signatory {
  name: string
  email: string
  cpf: string
  phone: string
}

export interface BenchProduct {
  id: number
  code: string
  name: string
  description: string | null
  unit: string
  price_cents: number
}

export interface BenchCatalog {
  accountId: number
  sellers: ReadonlyArray<{ id: number; name: string }>
  token: { id: number; name: string }
  templates: ReadonlyArray<{ id: number; name: string }>
  paymentMethods: ReadonlyArray<{ id: number; kind: PaymentMethodKind; max_installments: number }>
  roles: { party: number; company: number; witness: number }
  /** Who signs for the account itself, and the usual witness. */
  companySigner: Signatory
  witness: Signatory
  products: BenchProduct[]
}

/** Account, users, token, templates, payment methods and signer roles; products are added by the caller. */
export async function createBenchAccount(db: Db, clock: Clock, random: Random, label: string): Promise<Omit<BenchCatalog, 'products'>> {
  return db.transaction().execute(async (trx) => {
    const account = await createAccount(trx, clock, { name: `Bench ${label} Ltda`, planCode: 'empresarial' })
    // Written directly, not through setAccountCreationLimit, which reads the whole account back:
    // migration tests run this generator on databases without the later columns.
    await trx.updateTable('accounts').set({ creation_limit_override: BENCH_CREATION_LIMIT }).where('id', '=', account.id).execute()
    const domain = `conta${account.id}.bench.vendoc.test`
    await createUser(trx, clock, { accountId: account.id, email: `admin@${domain}`, name: personName(random), role: 'admin' })
    const sellers: Array<{ id: number; name: string }> = []
    for (let index = 0; index < SELLER_COUNT; index++) {
      const name = personName(random)
      const user = await createUser(trx, clock, { accountId: account.id, email: `${asciiSlug(name)}.${index}@${domain}`, name, isSeller: true, isDefaultSeller: index === 0 })
      sellers.push({ id: user.id, name })
    }
    const token = await createApiToken(trx, clock, account.id, 'CRM (bench-data)')
    const templates = []
    // With their version 1 where the schema keeps versions (migration 052): migration tests run this generator on earlier ones.
    const keepsVersions = (await trx.introspection.getTables()).some((table) => table.name === 'template_versions')
    for (const template of DEMO_TEMPLATES) {
      const created = keepsVersions
        ? await createTemplate(trx, clock, account.id, template)
        : await trx.insertInto('templates').values({ account_id: account.id, ...template, active: true, created_at: isoNow(clock), updated_at: isoNow(clock) }).returning('id').executeTakeFirstOrThrow()
      templates.push({ id: created.id, name: template.name })
    }
    const paymentMethods = []
    // Without terms (migration 043): bench data is also written at earlier migrations, where the columns do not exist yet.
    for (const { name, kind, max_installments } of DEMO_PAYMENT_METHODS) {
      paymentMethods.push({ id: (await createPaymentMethod(trx, clock, account.id, { name, kind, max_installments })).id, kind, max_installments })
    }
    const role = async (name: string) => (await createSignerRole(trx, clock, account.id, { name })).id
    const roles = { party: await role('Contratante'), company: await role('Contratada'), witness: await role('Testemunha') }
    const signatory = (): Signatory => {
      const name = personName(random)
      return { name, email: `${asciiSlug(name)}@${domain}`, cpf: randomCpf(random), phone: randomPhone(random, '11', true) }
    }
    return { accountId: account.id, sellers, token: { id: token.id, name: 'CRM (bench-data)' }, templates, paymentMethods, roles, companySigner: signatory(), witness: signatory() }
  })
}

/** The product at `index`: code, name, unit and price from one of the product lines. */
export function productRow(random: Random, accountId: number, index: number, id: number, at: string): { row: unknown[]; product: BenchProduct } {
  const line = PRODUCT_LINES[index % PRODUCT_LINES.length]!
  const tier = PRODUCT_TIERS[Math.floor(index / PRODUCT_LINES.length) % PRODUCT_TIERS.length]!
  const product: BenchProduct = {
    id,
    code: `${line.prefix}-${String(index + 1).padStart(5, '0')}`,
    name: `${random.pick(line.names)} ${tier}`,
    description: random.chance(0.6) ? `${line.kind === 'service' ? 'Serviço' : 'Produto'} da linha ${line.prefix}, plano ${tier.toLowerCase()}.` : null,
    unit: line.unit,
    price_cents: Math.round(random.int(line.priceRange[0], line.priceRange[1]) / 100) * 100,
  }
  const keys = productSearchKeys(product)
  const row = [id, accountId, product.code, product.name, line.kind, product.unit, product.price_cents, product.description, true, at, at, keys.name_key, keys.code_key]
  return { row, product }
}
