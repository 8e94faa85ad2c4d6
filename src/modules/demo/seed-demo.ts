// `vendoc demo`: a realistic demo account, created once and found again by its admin e-mail,
// plus a new API token on every call. The account, users, catalogue and customers commit in one
// transaction; each document then goes through createProposal (its own transaction, as in the
// app) and its later history is written in one more. Documents are counted before creating, so
// a run that was interrupted half-way resumes where it stopped and a complete account gets none.
import type { Db } from '../../platform/db/connect.js'
import type { Clock } from '../../platform/clock.js'
import type { PaymentMethodKind } from '../../platform/db/schema.js'
import { createAccount, findAccount } from '../accounts/accounts.js'
import { createUser } from '../accounts/users.js'
import { createPaymentMethod, createProduct, createSignerRole, createTemplate } from '../catalog/catalog-admin.js'
import { applyCustomerInput } from '../customers/customer-input.js'
import { createApiToken, type IssuedToken } from '../integrations/api-tokens.js'
import { createProposal } from '../proposals/create-proposal.js'
import type { Actor } from '../proposals/actor.js'
import {
  DEMO_ACCOUNT_NAME, DEMO_ADMIN, DEMO_ADMIN_EMAIL, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_PAYMENT_METHODS, DEMO_PLAN,
  DEMO_PRODUCTS, DEMO_SELLERS, DEMO_SIGNER_ROLES, type DemoSignerRole,
} from './demo-catalog.js'
import { DEMO_DOCUMENT_COUNT, type DemoProposalPlan, type DemoRefs, planDemoProposals } from './demo-proposals.js'
import { DEMO_TEMPLATES } from './demo-templates.js'

const DAY = 86_400_000
/** The account "exists" since before its oldest document (~6 months of history). */
const ACCOUNT_AGE_DAYS = 200

export interface DemoSeedResult {
  accountId: number
  accountName: string
  plan: string
  /** False when the demo account already existed. */
  created: boolean
  documentsCreated: number
  adminEmail: string
  adminPassword: string
  /** New on every call; its secret is shown once. */
  apiToken: IssuedToken
}

export class DemoSeedError extends Error {}

const pinnedClock = (at: Date): Clock => ({ now: () => new Date(at) })

async function findDemoAccountId(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom('users').select('account_id').where('email', '=', DEMO_ADMIN_EMAIL).executeTakeFirst()
  return row?.account_id
}

/** Account, users, catalogue and customers, dated as if created over the account's first days. */
async function seedFoundation(trx: Db, foundedAt: Date): Promise<number> {
  const clock = pinnedClock(foundedAt)
  const account = await createAccount(trx, clock, { name: DEMO_ACCOUNT_NAME, planCode: DEMO_PLAN })
  await createUser(trx, clock, { accountId: account.id, ...DEMO_ADMIN, role: 'admin', password: DEMO_PASSWORD })
  for (const [index, seller] of DEMO_SELLERS.entries()) {
    await createUser(trx, clock, { accountId: account.id, ...seller, isSeller: true, isDefaultSeller: index === 0, password: DEMO_PASSWORD })
  }
  for (const product of DEMO_PRODUCTS) await createProduct(trx, clock, account.id, product)
  for (const method of DEMO_PAYMENT_METHODS) await createPaymentMethod(trx, clock, account.id, method)
  for (const template of DEMO_TEMPLATES) await createTemplate(trx, clock, account.id, template)
  for (const name of DEMO_SIGNER_ROLES) await createSignerRole(trx, clock, account.id, { name })
  for (const [index, { contact: _contact, ...customer }] of DEMO_CUSTOMERS.entries()) {
    const registeredAt = new Date(foundedAt.getTime() + index * DAY * 0.5 + 2 * 3_600_000)
    await applyCustomerInput(trx, pinnedClock(registeredAt), account.id, customer, { kind: 'inline', existing: undefined })
  }
  return account.id
}

async function loadRefs(db: Db, accountId: number): Promise<DemoRefs> {
  const [users, products, methods, templates, roles] = await Promise.all([
    db.selectFrom('users').select(['id', 'name', 'email']).where('account_id', '=', accountId).execute(),
    db.selectFrom('products').select(['id', 'code', 'price_cents']).where('account_id', '=', accountId).execute(),
    db.selectFrom('payment_methods').select(['id', 'kind', 'max_installments']).where('account_id', '=', accountId).orderBy('id').execute(),
    db.selectFrom('templates').select(['id', 'name']).where('account_id', '=', accountId).orderBy('id').execute(),
    db.selectFrom('signer_roles').select(['id', 'name']).where('account_id', '=', accountId).orderBy('id').execute(),
  ])
  const sellers = DEMO_SELLERS.map((seller) => users.find((user) => user.email === seller.email))
  const missing = [
    ...DEMO_SELLERS.filter((_, index) => !sellers[index]).map((seller) => `seller ${seller.email}`),
    ...DEMO_TEMPLATES.filter((template) => !templates.some((row) => row.name === template.name)).map((template) => `template "${template.name}"`),
    ...DEMO_SIGNER_ROLES.filter((name) => !roles.some((row) => row.name === name)).map((name) => `signer role "${name}"`),
    ...DEMO_PAYMENT_METHODS.filter((method) => !methods.some((row) => row.kind === method.kind)).map((method) => `payment method "${method.name}"`),
  ]
  if (missing.length > 0) throw new DemoSeedError(`The demo account ${accountId} lacks ${missing.join(', ')}; it was changed by hand, so its documents cannot be seeded.`)
  return {
    sellers: sellers.map((seller) => ({ id: seller!.id, name: seller!.name })),
    products: new Map(products.map((row) => [row.code, { id: row.id, price_cents: row.price_cents }])),
    paymentMethods: new Map(methods.map((row) => [row.kind as PaymentMethodKind, { id: row.id, max_installments: row.max_installments }])),
    templates: new Map(templates.map((row) => [row.name, row.id])),
    roles: new Map(roles.map((row) => [row.name as DemoSignerRole, row.id])),
  }
}

/** Moves a freshly created draft through its planned history: status, signers and one event per step. */
async function applyHistory(db: Db, accountId: number, proposalId: number, plan: DemoProposalPlan, seller: Actor): Promise<void> {
  if (plan.transitions.length === 0) return
  await db.transaction().execute(async (trx) => {
    const signerRows = await trx.selectFrom('proposal_signers').select(['id', 'name'])
      .where('account_id', '=', accountId).where('proposal_id', '=', proposalId).orderBy('signing_order').orderBy('id').execute()
    for (const [index, row] of signerRows.entries()) {
      const outcome = plan.signers[index]!
      await trx.updateTable('proposal_signers').set({ status: outcome.status, signed_at: outcome.signedAt?.toISOString() ?? null })
        .where('account_id', '=', accountId).where('id', '=', row.id).execute()
    }
    let from = 'draft'
    const events = plan.transitions.map((transition) => {
      const signer = transition.actor.type === 'signer' ? signerRows[transition.actor.index]! : undefined
      const actor: Actor = transition.actor.type === 'seller' ? seller
        : signer ? { type: 'signer', id: signer.id, name: signer.name }
        : { type: 'system', id: null, name: 'Vendoc' }
      const event = {
        account_id: accountId, proposal_id: proposalId, type: transition.to,
        actor_type: actor.type, actor_id: actor.id, actor_name: actor.name,
        data_json: JSON.stringify({ from, to: transition.to }), created_at: transition.at.toISOString(),
      }
      from = transition.to
      return event
    })
    await trx.insertInto('proposal_events').values(events).execute()
    await trx.updateTable('proposals').set({ status: plan.status, updated_at: plan.transitions.at(-1)!.at.toISOString() })
      .where('account_id', '=', accountId).where('id', '=', proposalId).execute()
  })
}

/** Creates the documents the account still lacks; returns how many. */
async function seedDocuments(db: Db, accountId: number): Promise<number> {
  const account = await db.selectFrom('accounts').select(['created_at', 'time_zone']).where('id', '=', accountId).executeTakeFirstOrThrow()
  const { count } = await db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('count')).where('account_id', '=', accountId).executeTakeFirstOrThrow()
  const existing = Number(count)
  if (existing >= DEMO_DOCUMENT_COUNT) return 0
  // Anchored on the account's creation, so a resumed run plans exactly the same documents.
  const seedNow = new Date(new Date(account.created_at).getTime() + ACCOUNT_AGE_DAYS * DAY)
  const refs = await loadRefs(db, accountId)
  const plans = planDemoProposals(refs, seedNow, account.time_zone).slice(existing)
  for (const plan of plans) {
    const seller = refs.sellers[plan.sellerIndex]!
    const actor: Actor = { type: 'user', id: seller.id, name: seller.name }
    const clock = pinnedClock(plan.createdAt)
    const { id } = await createProposal(db, { accountId, timeZone: account.time_zone, clock, via: 'web', actor }, plan.input)
    await applyHistory(db, accountId, id, plan, actor)
  }
  return plans.length
}

export async function seedDemo(db: Db, clock: Clock): Promise<DemoSeedResult> {
  let accountId = await findDemoAccountId(db)
  const created = accountId === undefined
  if (accountId === undefined) {
    const foundedAt = new Date(clock.now().getTime() - ACCOUNT_AGE_DAYS * DAY)
    accountId = await db.transaction().execute((trx) => seedFoundation(trx, foundedAt))
  }
  const documentsCreated = await seedDocuments(db, accountId)
  const apiToken = await createApiToken(db, clock, accountId, 'Demonstração (vendoc demo)')
  const account = (await findAccount(db, accountId))!
  return {
    accountId, accountName: account.name, plan: account.plan, created, documentsCreated,
    adminEmail: DEMO_ADMIN_EMAIL, adminPassword: DEMO_PASSWORD, apiToken,
  }
}
