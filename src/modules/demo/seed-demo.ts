// `vendoc demo`: a realistic demo account, created once and found again by its admin e-mail,
// plus a new API token on every call. The account, users, catalogue and customers commit in one
// transaction; each document then goes through createProposal and its planned history through
// the real actions (send, the signers' links, mark-signed, cancel, expiry, the signed PDF), each
// on a clock pinned at the step's time, so the demo holds only states the lifecycle produces:
// frozen PDFs with their SHA-256, a private link for every signer, later signers waiting their
// turn, signed PDFs with their evidence. Documents are counted before creating, so a run that was
// interrupted half-way resumes where it stopped (the document it was playing keeps the state its
// last step left, one the lifecycle produces) and a complete account gets none. A refresh (a run
// on a complete account) only issues a new token: it never replays or rewrites history.
import type { Db } from '../../platform/db/connect.js'
import type { Clock } from '../../platform/clock.js'
import type { PaymentMethodKind } from '../../platform/db/schema.js'
import { saveAccountLogo } from '../accounts/account-logo.js'
import { createAccount, findAccount } from '../accounts/accounts.js'
import { createUser } from '../accounts/users.js'
import { createPaymentMethod, createProduct, createSignerRole, createTemplate } from '../catalog/catalog-admin.js'
import { applyCustomerInput } from '../customers/customer-input.js'
import { createApiToken, type IssuedToken } from '../integrations/api-tokens.js'
import { demoLogoPng } from './demo-logo.js'
import type { ActionContext } from '../lifecycle/action-context.js'
import { cancelProposal } from '../lifecycle/cancel-proposal.js'
import { expireProposal } from '../lifecycle/expire-proposals.js'
import { finalizeSignedProposal } from '../lifecycle/finalize-signed-proposal.js'
import { markProposalSigned } from '../lifecycle/mark-proposal-signed.js'
import { sendProposal } from '../lifecycle/send-proposal.js'
import { FINALIZE_JOB, openSigningLink, rejectAsSigner, signAsSigner } from '../lifecycle/signing.js'
import { EMAIL_SEND_JOB } from '../notifications/queue-email.js'
import { createProposal } from '../proposals/create-proposal.js'
import type { Actor } from '../proposals/actor.js'
import {
  DEMO_ACCOUNT_NAME, DEMO_ADMIN, DEMO_COMPANY, DEMO_DISCOUNT_APPROVAL_ABOVE_BP, DEMO_ADMIN_EMAIL, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_PAYMENT_METHODS, DEMO_PLAN,
  DEMO_PRODUCTS, DEMO_SELLERS, DEMO_SIGNER_ROLES, DEMO_SIGNING_CLIENTS, type DemoSignerRole,
} from './demo-catalog.js'
import { DEMO_DOCUMENT_COUNT, type DemoProposalPlan, type DemoRefs, type DemoStep, planDemoProposals } from './demo-proposals.js'
import { DEMO_TEMPLATES } from './demo-templates.js'
import { DEMO_ATTACHMENT_NAME, demoAttachmentPdf } from './demo-attachment.js'
import { addProposalAttachment } from '../documents/proposal-attachments.js'
import { addProposalComment } from '../proposals/proposal-comments.js'

/** The template whose documents carry the general conditions as an attachment. */
const DEMO_CONTRACT_TEMPLATE = 'Contrato de prestação de serviços'
import { SUPPORT_ACTOR } from '../accounts/account-activity.js'

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
  await trx.updateTable('accounts').set({ ...DEMO_COMPANY, discount_approval_above_bp: DEMO_DISCOUNT_APPROVAL_ABOVE_BP }).where('id', '=', account.id).execute()
  const logo = await saveAccountLogo(trx, clock, account.id, demoLogoPng(), SUPPORT_ACTOR)
  if (!logo.ok) throw new DemoSeedError(`The demo logo was refused: ${logo.problem}`)
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
    // No customer.created event: the demo account has no webhook endpoint to tell.
    await applyCustomerInput(trx, pinnedClock(registeredAt), account.id, customer, { kind: 'inline', existing: undefined })
  }
  return account.id
}

async function loadRefs(db: Db, accountId: number): Promise<DemoRefs> {
  const [users, products, methods, templates, roles] = await Promise.all([
    db.selectFrom('users').select(['id', 'name', 'email']).where('account_id', '=', accountId).execute(),
    db.selectFrom('products').select(['id', 'code', 'price_cents']).where('account_id', '=', accountId).execute(),
    db.selectFrom('payment_methods').select(['id', 'kind', 'max_installments', 'first_due_days']).where('account_id', '=', accountId).orderBy('id').execute(),
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
    paymentMethods: new Map(methods.map((row) => [row.kind as PaymentMethodKind, { id: row.id, max_installments: row.max_installments, first_due_days: row.first_due_days }])),
    templates: new Map(templates.map((row) => [row.name, row.id])),
    roles: new Map(roles.map((row) => [row.name as DemoSignerRole, row.id])),
  }
}

/** Where the seed writes: the account, its time zone, and PUBLIC_URL for the links in the invitations. */
interface SeedTarget {
  accountId: number
  timeZone: string
  publicUrl: string
  /** The last job before this run: the demo's jobs after it were queued by its documents' steps. */
  afterJobId: number
}

const DEMO_SIGNER_MESSAGE = 'Olá! Segue a proposta que conversamos, com as condições combinadas.\nQualquer dúvida, é só responder a este e-mail.'

/** Plays a freshly created draft's planned history through the real actions, step by step. */
async function playHistory(db: Db, target: SeedTarget, proposalId: number, plan: DemoProposalPlan, seller: Actor): Promise<void> {
  if (plan.steps.length === 0) return
  const { accountId } = target
  let signers: Array<{ name: string; cpf: string | null; sign_token: string | null }> = []
  const tokenOf = (step: DemoStep & { signer: number }): string => {
    const token = signers[step.signer]?.sign_token
    if (!token) throw new DemoSeedError(`Demo document ${proposalId}: signer ${step.signer + 1} has no signing link for "${step.action}".`)
    return token
  }
  for (const step of plan.steps) {
    const clock = pinnedClock(step.at)
    const ctx: ActionContext = { accountId, timeZone: target.timeZone, clock, actor: seller, publicUrl: target.publicUrl }
    const client = DEMO_SIGNING_CLIENTS[(proposalId + ('signer' in step ? step.signer : 0)) % DEMO_SIGNING_CLIENTS.length]!
    // Each action throws when the lifecycle refuses it; the signer's side answers with an outcome.
    let outcome: string
    switch (step.action) {
      case 'send':
        // Every other digital document shows the seller's message in its invitations and signing page.
        // (null, not absent: an account's usual message, if an admin set one, must not change the demo.)
        await sendProposal(db, ctx, proposalId, { message: plan.input.signature_type === 'digital' && proposalId % 2 === 0 ? DEMO_SIGNER_MESSAGE : null })
        signers = await db.selectFrom('proposal_signers').select(['name', 'cpf', 'sign_token'])
          .where('account_id', '=', accountId).where('proposal_id', '=', proposalId).orderBy('signing_order').orderBy('id').execute()
        outcome = 'ok'
        break
      case 'open':
        outcome = (await openSigningLink(db, clock, tokenOf(step), client, { baseUrl: target.publicUrl })).outcome
        break
      case 'sign': {
        const signer = signers[step.signer]!
        const input = { name: signer.name, cpf: signer.cpf ?? '', consent: true, signatureKind: 'typed' as const, signatureData: signer.name }
        const signed = await signAsSigner(db, clock, tokenOf(step), input, client, { baseUrl: target.publicUrl })
        outcome = signed.outcome
        // What the 'proposal.finalize' job does a moment later: the signed PDF with its evidence page.
        if (signed.outcome === 'signed' && signed.documentSigned) await finalizeSignedProposal(db, pinnedClock(new Date(step.at.getTime() + 20_000)), accountId, proposalId, { publicUrl: target.publicUrl })
        break
      }
      case 'reject':
        outcome = (await rejectAsSigner(db, clock, tokenOf(step), step.reason, client)).outcome
        break
      case 'mark_signed':
        await markProposalSigned(db, ctx, proposalId, { signedAt: step.at.toISOString() })
        outcome = 'ok'
        break
      case 'cancel':
        await cancelProposal(db, ctx, proposalId, { reason: step.reason })
        outcome = 'ok'
        break
      case 'comment':
        await addProposalComment(db, ctx, proposalId, { text: step.text, ...(step.asksAdmin ? { notify: { emails: [DEMO_ADMIN_EMAIL] } } : {}) })
        outcome = 'ok'
        break
      case 'expire':
        // Not the task itself (expireProposals), which scans every account: at a past instant it would expire others' documents.
        outcome = (await expireProposal(db, clock, accountId, proposalId, target.timeZone, target.publicUrl)) ? 'ok' : 'not expired'
        break
    }
    if (outcome !== 'ok' && outcome !== 'signed' && outcome !== 'rejected') {
      throw new DemoSeedError(`Demo document ${proposalId}: the step "${step.action}" at ${step.at.toISOString()} ended in "${outcome}".`)
    }
  }
  await keepEmailsInTheApp(db, target, proposalId)
  const { status } = await db.selectFrom('proposals').select('status').where('account_id', '=', accountId).where('id', '=', proposalId).executeTakeFirstOrThrow()
  if (status !== plan.status) throw new DemoSeedError(`Demo document ${proposalId} ended ${status}, planned ${plan.status}.`)
}

/**
 * The demo's people are made up but their addresses look real (gmail.com, company domains), so its
 * messages must never leave the server, even where SMTP_URL is set: the document's queued e-mails
 * are settled as the e-mail job settles them without SMTP ('stored', readable with their signing
 * links in Configurações → E-mails), and the demo's jobs this run queued (those e-mails, the
 * signed PDFs already built) are marked done.
 */
async function keepEmailsInTheApp(db: Db, target: SeedTarget, proposalId: number): Promise<void> {
  const { accountId } = target
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('outbox_emails').set({ state: 'stored', error: null })
      .where('account_id', '=', accountId).where('proposal_id', '=', proposalId).where('state', '=', 'queued').execute()
    await trx.updateTable('jobs').set((eb) => ({ state: 'done', updated_at: eb.ref('created_at') }))
      .where('id', '>', target.afterJobId).where('account_id', '=', accountId)
      .where('kind', 'in', [EMAIL_SEND_JOB, FINALIZE_JOB]).where('state', '=', 'pending').execute()
  })
}

/** Creates the documents the account still lacks; returns how many. */
async function seedDocuments(db: Db, accountId: number, publicUrl: string): Promise<number> {
  const account = await db.selectFrom('accounts').select(['created_at', 'time_zone']).where('id', '=', accountId).executeTakeFirstOrThrow()
  const { count } = await db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('count')).where('account_id', '=', accountId).executeTakeFirstOrThrow()
  const existing = Number(count)
  if (existing >= DEMO_DOCUMENT_COUNT) return 0
  // Anchored on the account's creation, so a resumed run plans exactly the same documents.
  const seedNow = new Date(new Date(account.created_at).getTime() + ACCOUNT_AGE_DAYS * DAY)
  const refs = await loadRefs(db, accountId)
  const plans = planDemoProposals(refs, seedNow, account.time_zone).slice(existing)
  const lastJob = await db.selectFrom('jobs').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
  const target: SeedTarget = { accountId, timeZone: account.time_zone, publicUrl, afterJobId: Number(lastJob?.id ?? 0) }

  const contractTemplateId = refs.templates.get(DEMO_CONTRACT_TEMPLATE)
  let conditions: Uint8Array | undefined
  for (const plan of plans) {
    const seller = refs.sellers[plan.sellerIndex]!
    const actor: Actor = { type: 'user', id: seller.id, name: seller.name }
    const clock = pinnedClock(plan.createdAt)
    const { id } = await createProposal(db, { accountId, timeZone: account.time_zone, clock, via: 'web', actor }, plan.input)
    // Service contracts carry the company's general conditions, attached as the draft is made.
    if (plan.input.template_id === contractTemplateId) {
      const ctx: ActionContext = { accountId, timeZone: account.time_zone, clock, actor, publicUrl }
      await addProposalAttachment(db, ctx, id, { fileName: DEMO_ATTACHMENT_NAME, bytes: conditions ??= await demoAttachmentPdf() })
    }
    await playHistory(db, target, id, plan, actor)
  }
  return plans.length
}

export interface DemoSeedOptions {
  /** PUBLIC_URL: the base of the signing links in the invitations the demo's documents got. */
  publicUrl: string
}

export async function seedDemo(db: Db, clock: Clock, options: DemoSeedOptions): Promise<DemoSeedResult> {
  let accountId = await findDemoAccountId(db)
  const created = accountId === undefined
  if (accountId === undefined) {
    const foundedAt = new Date(clock.now().getTime() - ACCOUNT_AGE_DAYS * DAY)
    accountId = await db.transaction().execute((trx) => seedFoundation(trx, foundedAt))
  }
  const documentsCreated = await seedDocuments(db, accountId, options.publicUrl)
  // Made by `vendoc demo` on the server: support's, as the account's activity shows it.
  const apiToken = await createApiToken(db, clock, accountId, 'Demonstração (vendoc demo)', SUPPORT_ACTOR)
  const account = (await findAccount(db, accountId))!
  return {
    accountId, accountName: account.name, plan: account.plan, created, documentsCreated,
    adminEmail: DEMO_ADMIN_EMAIL, adminPassword: DEMO_PASSWORD, apiToken,
  }
}
