// How far a generated document got, and when: its status, the instant of every step, and which
// steps its history records. The statuses follow the app's status machine (lifecycle/transitions.ts):
// only digital documents are viewed or rejected (through a signer's link), only sent or viewed
// ones expire, and a document whose validity has passed is never still waiting for signatures. A
// document still open at 9:00 on the first of its last EXPIRY_WARNING_DAYS, and sent before them,
// has had its seller warned then, as the server's hourly task would have done.
import type { ProposalStatus, SignatureType } from '../../platform/db/schema.js'
import type { Random } from '../../platform/seeded-random.js'
import { EXPIRY_WARNING_DAYS } from '../lifecycle/expiry-notices.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The account's time zone is America/Sao_Paulo, UTC-3 all year since 2019. */
const SAO_PAULO_OFFSET = -3 * HOUR

const LAPSED: ReadonlyArray<readonly [ProposalStatus, number]> = [['draft', 25], ['signed', 42], ['rejected', 8], ['cancelled', 8], ['expired', 17]]
const CURRENT: ReadonlyArray<readonly [ProposalStatus, number]> = [['draft', 35], ['sent', 25], ['viewed', 18], ['signed', 17], ['rejected', 3], ['cancelled', 2]]
const VALIDITY_DAYS = [15, 30, 30, 45, 60] as const

export interface Lifecycle {
  status: ProposalStatus
  validUntil: string
  /** Epoch milliseconds of each step that happened, else null. */
  sentAt: number | null
  viewedAt: number | null
  decidedAt: number | null
  expiredAt: number | null
  expiryWarnedAt: number | null
  updatedAt: number
}

export function planLifecycle(random: Random, createdAt: number, now: number, signatureType: SignatureType): Lifecycle {
  const validUntil = new Date(createdAt + SAO_PAULO_OFFSET + random.pick(VALIDITY_DAYS) * DAY).toISOString().slice(0, 10)
  const validityEnd = Date.parse(`${validUntil}T00:00:00Z`) + DAY - SAO_PAULO_OFFSET
  const lapsed = validityEnd <= now
  let status = random.weighted(lapsed ? LAPSED : CURRENT)
  if (signatureType === 'paper' && status === 'viewed') status = 'sent'
  if (signatureType === 'paper' && status === 'rejected') status = 'cancelled'

  const life: Lifecycle = { status, validUntil, sentAt: null, viewedAt: null, decidedAt: null, expiredAt: null, expiryWarnedAt: null, updatedAt: createdAt }
  if (status === 'draft') return life
  const end = Math.min(now, validityEnd)
  const between = (from: number, share: number) => Math.round(from + (end - from) * share)
  if (status === 'cancelled' && random.chance(0.3)) {
    life.decidedAt = between(createdAt, 0.2 + random.next() * 0.3)
    life.updatedAt = life.decidedAt
    return life
  }
  life.sentAt = between(createdAt, 0.03 + random.next() * 0.07)
  const viewed = signatureType === 'digital' && (status === 'viewed' || status === 'signed' || status === 'rejected' || (status === 'expired' && random.chance(0.5)))
  if (viewed) life.viewedAt = between(life.sentAt, 0.1 + random.next() * 0.2)
  if (status === 'signed' || status === 'rejected' || status === 'cancelled') life.decidedAt = between(life.viewedAt ?? life.sentAt, 0.2 + random.next() * 0.5)
  if (status === 'expired') life.expiredAt = validityEnd
  life.updatedAt = life.expiredAt ?? life.decidedAt ?? life.viewedAt ?? life.sentAt
  // Open at 9:00 on the window's first day (not yet signed, refused or cancelled), and sent before it.
  const windowStart = Date.parse(`${validUntil}T00:00:00Z`) - EXPIRY_WARNING_DAYS * DAY - SAO_PAULO_OFFSET
  const warnedAt = windowStart + 9 * HOUR
  if (life.sentAt !== null && life.sentAt < windowStart && warnedAt <= now && (life.decidedAt ?? Infinity) > warnedAt) life.expiryWarnedAt = warnedAt
  return life
}
