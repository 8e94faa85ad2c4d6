// The status machine of a document (docs/LIFECYCLE.md): which action each status allows. Every
// action checks here, inside its transaction after locking the row, so a refused action is a
// 409 that changed nothing. The signer's side (signing.ts) moves sent/viewed on by itself.
import type { ProposalStatus, SignatureType } from '../../platform/db/schema.js'
import { AppError } from '../../platform/errors.js'

export type ProposalAction = 'update' | 'send' | 'resend' | 'cancel' | 'mark_signed' | 'expire'

/** The statuses each action starts from, and the status it leads to (null: the status stays). */
export const TRANSITIONS: Record<ProposalAction, { from: readonly ProposalStatus[]; to: ProposalStatus | null; only?: SignatureType }> = {
  update: { from: ['draft'], to: null },
  send: { from: ['draft'], to: 'sent' },
  // Reminders go to signers with a link: digital documents only.
  resend: { from: ['sent', 'viewed'], to: null, only: 'digital' },
  cancel: { from: ['draft', 'sent', 'viewed'], to: 'cancelled' },
  // A digital document is signed by its signers, never by hand.
  mark_signed: { from: ['sent', 'viewed'], to: 'signed', only: 'paper' },
  expire: { from: ['sent', 'viewed'], to: 'expired' },
}

/** Documents still waiting for signatures: their links work and they can expire. */
export const OPEN_STATUSES: readonly ProposalStatus[] = ['sent', 'viewed']

const ACTION_NAMES: Record<ProposalAction, string> = {
  update: 'updated',
  send: 'sent',
  resend: 'resent',
  cancel: 'cancelled',
  mark_signed: 'marked signed',
  expire: 'expired',
}

export function invalidTransition(current: ProposalStatus, action: ProposalAction, why?: string): AppError {
  const allowed = TRANSITIONS[action].from.join(', ')
  return new AppError(
    'invalid_status_transition',
    why ?? `A ${current} document cannot be ${ACTION_NAMES[action]}; only from: ${allowed}.`,
    { current_status: current },
  )
}

export function canTransition(current: ProposalStatus, action: ProposalAction, signatureType?: SignatureType): boolean {
  const rule = TRANSITIONS[action]
  if (!rule.from.includes(current)) return false
  return rule.only === undefined || signatureType === undefined || rule.only === signatureType
}

/** Throws 409 invalid_status_transition (with `current_status`) unless `action` is allowed now. */
export function assertTransition(current: ProposalStatus, action: ProposalAction, signatureType?: SignatureType): void {
  const rule = TRANSITIONS[action]
  if (!rule.from.includes(current)) throw invalidTransition(current, action)
  if (rule.only !== undefined && signatureType !== undefined && rule.only !== signatureType) {
    throw invalidTransition(current, action, `Only ${rule.only} documents can be ${ACTION_NAMES[action]}; this one is ${signatureType}.`)
  }
}
