// The documents the crash tests create: each request is planned from a seeded random stream, so a
// failing seed replays the same bodies, and carries a unique tag (its external_reference, and in
// its signers' e-mails) by which the checks find what it left in the database, acknowledged or not.
import type { Random } from '../../../src/platform/seeded-random.js'
import type { CrashAccount } from './crash-account.js'

export interface PlannedItem {
  product_id: number
  quantity: number
}

export interface PlannedSigner {
  name: string
  email: string
  role_id: number
}

export interface PlannedCreation {
  tag: string
  /** Idempotency-Key sent with it, or null. */
  key: string | null
  body: {
    template_id: number
    signature_type: 'digital'
    payment_method_id: number
    installments: number
    customer: { document: string } | { code: string; name: string }
    items: PlannedItem[]
    signers: PlannedSigner[]
    external_reference: string
  }
}

export class CreationPlanner {
  private sequence = 0

  constructor(
    private readonly random: Random,
    private readonly account: CrashAccount,
    /** Distinguishes runs sharing a database (never the case today, but tags must never collide). */
    private readonly run: string,
  ) {}

  next(): PlannedCreation {
    this.sequence += 1
    const tag = `${this.run}-${this.sequence}`
    const random = this.random
    const items = Array.from({ length: random.int(1, 4) }, () => ({ product_id: random.pick(this.account.productIds), quantity: random.int(1, 5) }))
    const signers = Array.from({ length: random.int(1, 2) }, (_, index) => ({
      name: index === 0 ? 'Maria Souza' : 'João Lima',
      email: `s${index}.${tag}@crash.test`,
      role_id: this.account.roleIds[index % this.account.roleIds.length]!,
    }))
    // One in five creates its customer inline, so the customer upsert is inside the killed transactions too.
    const customer = random.chance(0.2) ? { code: `NEW-${tag}`, name: `Cliente novo ${tag}` } : { document: random.pick(this.account.customerDocuments) }
    return {
      tag,
      key: random.chance(0.5) ? `key-${tag}` : null,
      body: { template_id: this.account.templateId, signature_type: 'digital', payment_method_id: this.account.paymentMethodId, installments: random.int(1, 3), customer, items, signers, external_reference: tag },
    }
  }
}
