// One generated document and its children: 3–10 items priced exactly as the app prices them
// (proposal-totals.ts), 1–3 signers whose states match the document's status, and its history
// (created, then sent / viewed / the outcome as they happened). Rows go straight to the sink as
// value arrays in the column order of bench-tables.ts: this runs a million times per run.
import { randomBytes, randomUUID } from 'node:crypto'
import type { ProposalEventType, SignatureType } from '../../platform/db/schema.js'
import type { BenchCatalog, Signatory } from './bench-catalog.js'
import type { CustomerRef } from './bench-customers.js'
import { planLifecycle } from './bench-lifecycle.js'
import { CANCEL_REASONS, NOTES, REJECT_REASONS } from './bench-names.js'
import { PROPOSAL_EVENTS, PROPOSAL_ITEMS, PROPOSAL_SIGNERS, PROPOSALS } from './bench-tables.js'
import type { BulkSink } from './bulk-sink.js'
import type { Random } from '../../platform/seeded-random.js'

const TITLES: Record<string, readonly string[]> = {
  'Proposta comercial': ['Implantação do ERP', 'Licenças adicionais', 'Projeto de BI', 'Renovação anual'],
  'Contrato de prestação de serviços': ['Contrato de suporte e hospedagem', 'Consultoria fiscal e de processos', 'Integração com o e-commerce'],
  Orçamento: ['Equipamentos para o ponto de venda', 'Treinamento da equipe', 'Ampliação de licenças'],
}
const CONSENT = 'Li o documento e concordo em assiná-lo eletronicamente (MP 2.200-2/2001, art. 10, § 2º).'
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
] as const

/** Next ids of the child tables, advanced as rows are written. */
export interface ChildIds {
  item: number
  signer: number
  event: number
}

/** Signing links must be unique across runs and unguessable, so they come from crypto, not the seed. */
export class SignTokenPool {
  private buffer = randomBytes(0)
  private offset = 0
  next(): string {
    if (this.offset + 32 > this.buffer.length) {
      this.buffer = randomBytes(32 * 8192)
      this.offset = 0
    }
    this.offset += 32
    return this.buffer.toString('base64url', this.offset - 32, this.offset)
  }
}

function hex64(random: Random): string {
  let text = ''
  for (let index = 0; index < 8; index++) text += ((random.next() * 4_294_967_296) >>> 0).toString(16).padStart(8, '0')
  return text
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export interface ProposalPlacement {
  id: number
  number: number
  createdAt: number
  now: number
  customer: CustomerRef
}

/** Writes one document with its items, signers and history; returns its total (for checks). */
export function writeProposal(sink: BulkSink, random: Random, catalog: BenchCatalog, ids: ChildIds, tokens: SignTokenPool, at: ProposalPlacement): number {
  const { accountId } = catalog
  const { id, number, customer } = at
  const template = random.weighted([[catalog.templates[0]!, 50], [catalog.templates[1]!, 30], [catalog.templates[2]!, 20]] as const)
  const method = random.pick(catalog.paymentMethods)
  const installments = method.max_installments === 1 ? 1 : random.pick([1, 1, 2, 3, 6, 10, 12])
  const signatureType: SignatureType = random.chance(template.name === 'Orçamento' ? 0.4 : 0.15) ? 'paper' : 'digital'
  const seller = random.pick(catalog.sellers)
  const viaApi = random.chance(0.35)
  const life = planLifecycle(random, at.createdAt, at.now, signatureType)
  const createdAt = iso(at.createdAt)!

  // Items: priced like lineTotalCents (quantity in thousandths × unit price, half up to the cent).
  const itemCount = random.int(3, 10)
  let subtotal = 0
  let discount = 0
  for (let position = 0; position < itemCount; position++) {
    const product = random.pick(catalog.products)
    const quantityMilli = product.unit === 'h' ? random.int(2, 160) * 500 : product.unit === 'mês' ? random.pick([1, 6, 12, 24]) * 1000 : random.int(1, 20) * 1000
    const unitPrice = random.chance(0.2) ? Math.max(100, Math.round((product.price_cents * 0.9) / 100) * 100) : product.price_cents
    // Exact in doubles: quantity × price stays far below 2^53 for these ranges.
    const gross = Math.floor((quantityMilli * unitPrice + 500) / 1000)
    const lineDiscount = random.chance(0.2) ? Math.round(gross * 0.1) : 0
    subtotal += gross
    discount += lineDiscount
    sink.write(PROPOSAL_ITEMS, [
      ids.item++, accountId, id, position, product.id, product.code, product.name, product.description, product.unit,
      quantityMilli, unitPrice, lineDiscount, gross - lineDiscount,
    ])
  }
  const total = subtotal - discount

  const originalSha = life.sentAt === null ? null : hex64(random)
  const signedSha = life.status === 'signed' && signatureType === 'digital' ? hex64(random) : null
  const cancelReason = life.status === 'cancelled' ? random.pick(CANCEL_REASONS) : null
  const fields = template.name === 'Orçamento' ? (random.chance(0.5) ? { prazo_implantacao: `${random.pick([5, 10, 15])} dias` } : {})
    : template.name === 'Proposta comercial' ? { prazo_implantacao: `${random.pick([15, 30, 60, 90])} dias` }
    : { prazo_implantacao: `${random.pick([15, 30])} dias`, vigencia_meses: random.pick([12, 12, 24]) }
  sink.write(PROPOSALS, [
    id, accountId, number, randomUUID(), viaApi && random.chance(0.6) ? `CRM-${number}` : null,
    `${random.pick(TITLES[template.name]!)} — ${customer.name}`, life.status, customer.id, seller.id, template.id, signatureType,
    method.id, installments, subtotal, discount, total, JSON.stringify(fields), random.pick(NOTES), life.validUntil,
    viaApi ? 'api' : 'web', viaApi ? catalog.token.id : null, viaApi ? null : seller.id, createdAt, iso(life.updatedAt),
    iso(life.sentAt), iso(life.viewedAt), life.status === 'signed' ? iso(life.decidedAt) : null, life.status === 'rejected' ? iso(life.decidedAt) : null,
    life.status === 'cancelled' ? iso(life.decidedAt) : null, cancelReason,
    iso(life.expiredAt), originalSha, signedSha, iso(life.expiryWarnedAt),
  ])

  // Signers: the customer's contact, then (contracts and larger deals) the company and a witness.
  const people: Array<[Signatory, number]> = [[customer.contact, catalog.roles.party]]
  const signerCount = random.int(1, 3)
  if (signerCount >= 2) people.push([catalog.companySigner, catalog.roles.company])
  if (signerCount >= 3) people.push([catalog.witness, catalog.roles.witness])
  const firstSignerId = ids.signer
  const digital = signatureType === 'digital'
  const signed = life.status === 'signed'
  people.forEach(([person, roleId], index) => {
    const first = index === 0
    // Digital signers sign in order: each one is invited when the previous one has signed.
    const signedAt = !signed ? null : digital ? Math.round(life.viewedAt! + ((life.decidedAt! - life.viewedAt!) * (index + 1)) / people.length) : life.decidedAt!
    const invitedAt = !digital || life.sentAt === null ? null : first ? life.sentAt : signed ? Math.round(life.viewedAt! + ((life.decidedAt! - life.viewedAt!) * index) / people.length) : null
    const viewedAt = !digital ? null : first ? life.viewedAt : signed ? invitedAt! + Math.round((signedAt! - invitedAt!) / 3) : null
    const rejected = first && life.status === 'rejected'
    const status = signed ? 'signed' : rejected ? 'rejected' : viewedAt !== null ? 'viewed' : invitedAt !== null ? 'sent' : 'pending'
    const evidence = signed && digital
    sink.write(PROPOSAL_SIGNERS, [
      ids.signer++, accountId, id, person.name, person.email, person.cpf, person.phone, roleId, index + 1, status, iso(signedAt), createdAt,
      digital && life.sentAt !== null ? tokens.next() : null, iso(invitedAt), iso(viewedAt), rejected ? iso(life.decidedAt) : null,
      rejected ? random.pick(REJECT_REASONS) : null, evidence ? person.name : null, evidence ? person.cpf : null, evidence ? 'typed' : null,
      evidence ? person.name : null, evidence ? `177.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}` : null,
      evidence ? random.pick(USER_AGENTS) : null, evidence ? CONSENT : null, evidence ? originalSha : null,
      // One visit, at the first open (as migration 057 counts the signers who opened before it).
      viewedAt !== null ? 1 : 0, iso(viewedAt),
    ])
  })

  // History.
  const creator = viaApi ? (['api_token', catalog.token.id, catalog.token.name] as const) : (['user', seller.id, seller.name] as const)
  const event = (type: ProposalEventType, actor: readonly [string, number | null, string], data: unknown, ms: number) =>
    sink.write(PROPOSAL_EVENTS, [ids.event++, accountId, id, type, actor[0], actor[1], actor[2], JSON.stringify(data), iso(ms)])
  event('created', creator, { via: viaApi ? 'api' : 'web', number, total_cents: total }, at.createdAt)
  if (life.sentAt !== null) event('sent', creator, { signature_type: signatureType, original_sha256: originalSha, invited_signer_ids: digital ? [firstSignerId] : [] }, life.sentAt)
  const firstSigner = ['signer', firstSignerId, customer.contact.name] as const
  if (life.viewedAt !== null) event('viewed', firstSigner, { from: 'sent', to: 'viewed' }, life.viewedAt)
  const before = life.viewedAt !== null ? 'viewed' : life.sentAt !== null ? 'sent' : 'draft'
  switch (life.status) {
    case 'signed': {
      const last = people.length - 1
      if (digital) event('signed', ['signer', firstSignerId + last, people[last]![0].name], { from: before, to: 'signed' }, life.decidedAt!)
      else event('signed', creator, { on_paper: true, signed_at: iso(life.decidedAt) }, life.decidedAt!)
      break
    }
    case 'rejected':
      event('rejected', firstSigner, { from: before, to: 'rejected', signer: { id: firstSignerId, name: customer.contact.name } }, life.decidedAt!)
      break
    case 'cancelled':
      event('cancelled', creator, { reason: cancelReason, previous_status: before }, life.decidedAt!)
      break
    case 'expired':
      event('expired', ['system', null, 'Vendoc'], { valid_until: life.validUntil, previous_status: before }, life.expiredAt!)
      break
    default:
      break
  }
  return total
}
