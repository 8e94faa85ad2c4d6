// Plans the demo's documents: which customer buys what, from which seller, how it is paid and
// signed, and how far it got (sent, viewed, signed, …) as the steps that took it there, each with
// its time. Pure and deterministic: a fixed-seed PRNG and times relative to `seedNow`, so two
// seeds of the same catalogue give the same documents, and the seed can resume an interrupted run.
// The seed (seed-demo.ts) plays the steps through the real actions, so only states the lifecycle
// produces can be planned: a view, a signature or a refusal comes from a signer's link (digital
// documents); a paper document is marked signed by its seller, and never rejected.
import type { PaymentMethodKind, ProposalStatus, SignatureType } from '../../platform/db/schema.js'
import { isDaytime } from '../lifecycle/daytime.js'
import { dayBounds, localDate } from '../../platform/time-zones.js'
import type { CreateProposalInput } from '../proposals/create-proposal.js'
import { documentTotals, quantityToMilli } from '../proposals/proposal-totals.js'
import { type Random, seededRandom } from '../../platform/seeded-random.js'
import {
  DEMO_CANCEL_REASONS, DEMO_COMMENTS, DEMO_COMPANY_SIGNER, DEMO_CUSTOMERS, DEMO_GUARANTORS, DEMO_NOTES, DEMO_OFFERS, DEMO_REJECT_REASONS, DEMO_WITNESS,
  type DemoCustomer, type DemoPerson, type DemoSignerRole,
} from './demo-catalog.js'

export const DEMO_DOCUMENT_COUNT = 50
const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Documents are spread over the last ~6 months. */
const HISTORY_DAYS = 180

/** Database ids of the demo catalogue, looked up by the seed. */
export interface DemoRefs {
  /** In DEMO_SELLERS order; the first is the default seller. */
  sellers: ReadonlyArray<{ id: number; name: string }>
  products: ReadonlyMap<string, { id: number; price_cents: number }>
  paymentMethods: ReadonlyMap<PaymentMethodKind, { id: number; max_installments: number; first_due_days: number }>
  templates: ReadonlyMap<string, number>
  roles: ReadonlyMap<DemoSignerRole, number>
}

/**
 * One action in a document's history, played at `at` by the seed. The seller sends, cancels and
 * marks paper documents signed; a signer (by position in input.signers, which is also the signing
 * order) opens their link, signs or refuses; Vendoc expires a document past its validity.
 */
export type DemoStep =
  | { action: 'send'; at: Date }
  | { action: 'open'; at: Date; signer: number }
  | { action: 'sign'; at: Date; signer: number }
  | { action: 'reject'; at: Date; signer: number; reason: string }
  | { action: 'mark_signed'; at: Date }
  | { action: 'cancel'; at: Date; reason: string }
  | { action: 'expire'; at: Date }
  | { action: 'comment'; at: Date; text: string; asksAdmin: boolean }

export interface DemoProposalPlan {
  createdAt: Date
  /** Index into DemoRefs.sellers of the seller who writes the document. */
  sellerIndex: number
  input: CreateProposalInput
  /** The status the steps lead to. */
  status: ProposalStatus
  /** Oldest first; none for a draft. */
  steps: DemoStep[]
}

/** Creation instants on working days and business hours (São Paulo, UTC-3), oldest first. */
function creationTimes(random: Random, seedNow: Date, count: number): Date[] {
  const times: Date[] = []
  for (let index = 0; index < count; index++) {
    // More documents in recent months, as a growing sales team would write.
    const ageDays = Math.floor(HISTORY_DAYS * ((count - index) / count) ** 1.4 + random.next() * 3)
    const day = new Date(Date.UTC(seedNow.getUTCFullYear(), seedNow.getUTCMonth(), seedNow.getUTCDate() - ageDays))
    const weekday = day.getUTCDay()
    if (weekday === 0 || weekday === 6) day.setUTCDate(day.getUTCDate() - (weekday === 0 ? 2 : 1))
    let at = new Date(day.getTime() + (12 + random.next() * 9) * HOUR)
    if (at.getTime() > seedNow.getTime() - HOUR) at = new Date(seedNow.getTime() - (1 + random.next() * 4) * HOUR)
    times.push(at)
  }
  return times.sort((a, b) => a.getTime() - b.getTime())
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step)
}

/**
 * A down payment for some of the demo's boleto documents in 3 or more installments, so the demo
 * shows one on the page, the PDF and the CSV: a fifth of the total, in whole hundreds of reais.
 * Chosen by the document's place in the plan, never by the seeded random, so adding it left
 * every other demo document as it was.
 */
function demoDownPayment(index: number, kind: PaymentMethodKind, installments: number, items: CreateProposalInput['items'], refs: DemoRefs): number | undefined {
  if (kind !== 'boleto' || installments < 3 || index % 4 !== 1) return undefined
  const prices = new Map([...refs.products.values()].map((product) => [product.id, product.price_cents]))
  const lines = items.map((item) => ({
    quantity_milli: quantityToMilli(item.quantity)!,
    unit_price_cents: item.unit_price_cents ?? prices.get(item.product_id)!,
    discount_cents: item.discount_cents ?? 0,
  }))
  const downPayment = Math.floor(documentTotals(lines).total_cents / 5 / 10_000) * 10_000
  return downPayment > 0 ? downPayment : undefined
}

function itemsFor(random: Random, refs: DemoRefs, offer: (typeof DEMO_OFFERS)[number]): CreateProposalInput['items'] {
  return offer.items.map(({ code, quantity }) => {
    const product = refs.products.get(code)
    if (!product) throw new Error(`Demo product ${code} is missing`)
    const varied = Number.isInteger(quantity) && quantity !== 1 && quantity !== 12 ? roundTo(quantity * (0.5 + random.next()), 1) : quantity
    const item: CreateProposalInput['items'][number] = { product_id: product.id, quantity: varied }
    // A negotiated price now and then, and a discount on some lines.
    const unitPrice = random.chance(0.2) ? roundTo(product.price_cents * 0.9, 100) : product.price_cents
    if (unitPrice !== product.price_cents) item.unit_price_cents = unitPrice
    if (random.chance(0.2)) item.discount_cents = Math.round(varied * unitPrice * 0.1)
    return item
  })
}

function signersFor(random: Random, refs: DemoRefs, customer: DemoCustomer, template: string, signatureType: SignatureType, installments: number) {
  const role = (name: DemoSignerRole) => refs.roles.get(name)!
  const people: Array<{ person: DemoPerson; role: DemoSignerRole }> = []
  if (signatureType === 'paper' && random.chance(0.4)) return []
  people.push({ person: customer.contact, role: 'Contratante' })
  if (template === 'Contrato de prestação de serviços') {
    people.push({ person: DEMO_COMPANY_SIGNER, role: 'Contratada' })
    if (random.chance(0.6)) people.push({ person: DEMO_WITNESS, role: 'Testemunha' })
  }
  if (customer.document.length === 11 && installments >= 6) {
    people.push({ person: random.pick(DEMO_GUARANTORS), role: random.chance(0.5) ? 'Avalista' : 'Fiador' })
  }
  return people.map(({ person, role: roleName }, index) => ({
    name: person.name, email: person.email, cpf: person.cpf, phone: person.phone, role_id: role(roleName), signing_order: index + 1,
  }))
}

/** Documents whose validity has passed ended one way or another; recent ones are mostly in progress. */
const LAPSED_WEIGHTS: ReadonlyArray<readonly [ProposalStatus, number]> = [
  ['draft', 55], ['signed', 24], ['rejected', 8], ['cancelled', 6], ['expired', 10],
]
const CURRENT_WEIGHTS: ReadonlyArray<readonly [ProposalStatus, number]> = [
  ['draft', 40], ['sent', 25], ['viewed', 20], ['signed', 10], ['rejected', 3], ['cancelled', 2],
]
/** Old documents (always past their validity) with a fixed outcome, so every status shows up. */
const FIXED_OUTCOMES: ReadonlyMap<number, ProposalStatus> = new Map([[1, 'rejected'], [4, 'cancelled'], [7, 'expired'], [10, 'signed']])

/** The status a document ends in, consistent with its validity and how it is signed. */
function finalStatus(random: Random, index: number, validityEnd: Date, seedNow: Date, digital: boolean): ProposalStatus {
  const lapsed = validityEnd.getTime() <= seedNow.getTime()
  const fixed = lapsed ? FIXED_OUTCOMES.get(index) : undefined
  const status = fixed ?? random.weighted(lapsed ? LAPSED_WEIGHTS : CURRENT_WEIGHTS)
  if (digital) return status
  // Only a signer's link records a view or a refusal: a paper document the customer turned down
  // is cancelled by its seller.
  return status === 'viewed' ? 'sent' : status === 'rejected' ? 'cancelled' : status
}

function lifecycle(random: Random, status: ProposalStatus, createdAt: Date, validityEnd: Date, seedNow: Date, digital: boolean, signerCount: number): DemoStep[] {
  const steps: DemoStep[] = []
  if (status === 'draft') return steps
  const end = Math.min(seedNow.getTime(), validityEnd.getTime())
  const between = (from: number, share: number) => new Date(from + (end - from) * share)

  if (status === 'cancelled' && random.chance(0.3)) {
    steps.push({ action: 'cancel', at: between(createdAt.getTime(), 0.2 + random.next() * 0.3), reason: random.pick(DEMO_CANCEL_REASONS) })
    return steps
  }
  const sentAt = between(createdAt.getTime(), 0.03 + random.next() * 0.07)
  steps.push({ action: 'send', at: sentAt })
  const viewedAt = between(sentAt.getTime(), 0.1 + random.next() * 0.2)
  const decidedAt = between(viewedAt.getTime(), 0.2 + random.next() * 0.5)
  const views = digital && (status === 'viewed' || status === 'signed' || status === 'rejected' || (status === 'expired' && random.chance(0.5)))
  if (views) steps.push({ action: 'open', at: viewedAt, signer: 0 })
  switch (status) {
    case 'signed':
      if (!digital) {
        steps.push({ action: 'mark_signed', at: decidedAt })
        break
      }
      // In signing order, the last one at decidedAt; each signature invites the next signer.
      for (let signer = 0; signer < signerCount; signer++) {
        steps.push({ action: 'sign', at: new Date(viewedAt.getTime() + ((decidedAt.getTime() - viewedAt.getTime()) * (signer + 1)) / signerCount), signer })
      }
      break
    case 'rejected':
      steps.push({ action: 'reject', at: decidedAt, signer: 0, reason: random.pick(DEMO_REJECT_REASONS) })
      break
    case 'cancelled':
      steps.push({ action: 'cancel', at: decidedAt, reason: random.pick(DEMO_CANCEL_REASONS) })
      break
    case 'expired':
      steps.push({ action: 'expire', at: validityEnd })
      break
    default:
      break
  }
  return steps
}

/**
 * The seller's internal comment a moment after sending (ten minutes, or half the time to the next
 * step when that comes sooner), on a document that was sent. By index, not the seeded random, so
 * the random's order (and so every other document of the demo) stays as it was.
 */
function withSellerComment(steps: DemoStep[], comment: { text: string; asksAdmin: boolean }): void {
  const sent = steps.findIndex((step) => step.action === 'send')
  if (sent === -1) return
  const from = steps[sent]!.at.getTime()
  const next = steps[sent + 1]?.at.getTime() ?? from + 20 * 60_000
  steps.splice(sent + 1, 0, { action: 'comment', at: new Date(from + Math.min(10 * 60_000, (next - from) / 2)), ...comment })
}

/**
 * A document still waiting whose first signer came back: a visit half-way to the last, and the
 * last one 2 to 31 hours before the demo was seeded (moved back to the daytime of the account's
 * zone: customers read proposals at work), so the Painel's "Abertos recentemente" and the
 * document's page show counts. By index, like the comments.
 */
function withRevisits(steps: DemoStep[], index: number, seedNow: Date, timeZone: string): void {
  const opened = steps.find((step) => step.action === 'open')
  if (!opened) return
  let last = seedNow.getTime() - (2 + (index % 30)) * 3_600_000
  for (let hours = 0; hours < 24 && !isDaytime(new Date(last), timeZone); hours++) last -= 3_600_000
  if (last - opened.at.getTime() < 2 * 3_600_000) return
  steps.push({ action: 'open', at: new Date((opened.at.getTime() + last) / 2), signer: 0 }, { action: 'open', at: new Date(last), signer: 0 })
  steps.sort((a, b) => a.at.getTime() - b.at.getTime())
}

export function planDemoProposals(refs: DemoRefs, seedNow: Date, timeZone: string, count = DEMO_DOCUMENT_COUNT): DemoProposalPlan[] {
  const random = seededRandom(20_260_701)
  const times = creationTimes(random, seedNow, count)
  return times.map((createdAt, index) => {
    // The first customer gets a document every few, so its list (the README's curl example) is
    // never empty; the last one is a new customer with no document yet.
    const customer = index % 9 === 0 ? DEMO_CUSTOMERS[0]! : random.pick(DEMO_CUSTOMERS.slice(0, -1))
    const isCompany = customer.document.length === 14
    const offer = random.pick(DEMO_OFFERS.filter((candidate) => isCompany || !candidate.companiesOnly))
    const kind = random.weighted<PaymentMethodKind>([['pix', 25], ['boleto', 35], ['credit_card', 25], ['bank_transfer', 15]])
    const method = refs.paymentMethods.get(kind)!
    const installments = method.max_installments === 1 ? 1 : random.pick([1, 2, 3, 6, 10, 12].filter((n) => n <= method.max_installments))
    const paperShare = offer.template === 'Orçamento' ? 0.5 : offer.template === 'Proposta comercial' ? 0.3 : 0.1
    const signatureType: SignatureType = random.chance(paperShare) ? 'paper' : 'digital'
    const signers = signersFor(random, refs, customer, offer.template, signatureType, installments)
    const validUntil = localDate(new Date(createdAt.getTime() + random.pick([15, 30, 30, 45, 60]) * DAY), timeZone)
    const validityEnd = dayBounds(validUntil, timeZone).end
    const sellerIndex = random.weighted([[0, 45], [1, 30], [2, 25]])
    const fields: Record<string, string | number> = {}
    if (offer.prazoImplantacao) fields.prazo_implantacao = offer.prazoImplantacao
    if (offer.template === 'Contrato de prestação de serviços') fields.vigencia_meses = random.pick([12, 12, 24])

    const input: CreateProposalInput = {
      title: `${offer.title} — ${customer.trade_name ?? customer.name}`,
      template_id: refs.templates.get(offer.template)!,
      signature_type: signatureType,
      payment_method_id: method.id,
      installments,
      // Some documents leave the seller out and get the account's default seller, as API calls may.
      ...(sellerIndex === 0 && random.chance(0.5) ? {} : { seller_id: refs.sellers[sellerIndex]!.id }),
      customer: { code: customer.code },
      items: itemsFor(random, refs, offer),
      signers,
      valid_until: validUntil,
      notes: random.pick(DEMO_NOTES),
      fields,
    }
    // After the items (the seeded random's order is the demo's: see demoDownPayment).
    const downPayment = demoDownPayment(index, kind, installments, input.items, refs)
    if (downPayment !== undefined) input.down_payment_cents = downPayment
    // Some of them due a week after the signature, where the method's first installment is no sooner (by index: the random's order stays).
    if (downPayment !== undefined && index % 8 === 1 && method.first_due_days >= 7) input.down_payment_due_days = 7
    const digital = signatureType === 'digital'
    const status = finalStatus(random, index, validityEnd, seedNow, digital)
    const steps = lifecycle(random, status, createdAt, validityEnd, seedNow, digital, signers.length)
    if (index % 4 === 2) withSellerComment(steps, DEMO_COMMENTS[(index >> 2) % DEMO_COMMENTS.length]!)
    if (status === 'viewed' && index % 3 !== 0) withRevisits(steps, index, seedNow, timeZone)
    return { createdAt, sellerIndex, input, status, steps }
  })
}
