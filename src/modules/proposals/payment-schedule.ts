// When each installment of a document falls due. The terms are its payment method's (Cadastros →
// Formas de pagamento), copied onto the document whenever its content is written (migration 043),
// or its own when negotiated for it (`payment_terms`, migration 046):
// the first installment `first_due_days` after the signature, each next one
// `installment_interval_days` later. A date exists only once the document is signed, in the
// account's zone; before that the schedule says how many days after the signature. A method that
// says so (migration 048) moves a date that falls on no banking day to the next one. A down payment
// (migration 049) is due on signing, or a number of days after it (migration 055); the
// installments split what it leaves of the total.
import { addCalendarDays, localDate } from '../../platform/time-zones.js'
import { nextBankingDay } from './banking-days.js'
import { installmentSchedule } from './proposal-totals.js'

export interface PaymentTerms {
  first_due_days: number
  installment_interval_days: number
}

/** 0: the first installment on signing; 30: monthly after it. What every document had before terms were set. */
export const DEFAULT_PAYMENT_TERMS: PaymentTerms = { first_due_days: 0, installment_interval_days: 30 }

/** A year, for either term: anything longer is a typo, not a payment plan. */
export const MAX_TERM_DAYS = 365

/** Each term's bounds: the first installment may fall due on signing, the next ones a day apart at the least. */
export const TERM_BOUNDS: Record<keyof PaymentTerms, { min: number; max: number }> = {
  first_due_days: { min: 0, max: MAX_TERM_DAYS },
  installment_interval_days: { min: 1, max: MAX_TERM_DAYS },
}

/** The terms that are not a whole number within their bounds. */
export function termsOutOfBounds(terms: PaymentTerms): Array<keyof PaymentTerms> {
  return (Object.keys(TERM_BOUNDS) as Array<keyof PaymentTerms>).filter((term) => {
    const value = terms[term]
    return !Number.isInteger(value) || value < TERM_BOUNDS[term].min || value > TERM_BOUNDS[term].max
  })
}

/** The terms a schedule reads: the days, and whether a date falls on the next banking day (banking-days.ts). */
export interface ScheduleTerms extends PaymentTerms {
  due_on_business_days: boolean
}

export interface ScheduledInstallment {
  number: number
  amount_cents: number
  /** Days after the signature, as agreed (a date moved to a banking day does not change them). */
  due_in_days: number
  /** The date, once the document is signed (null before, or where the zone is not known); moved to the next banking day when the terms say so. */
  due_date: string | null
}

export function dueInDays(installmentNumber: number, terms: PaymentTerms): number {
  return terms.first_due_days + (installmentNumber - 1) * terms.installment_interval_days
}

/** When a document was signed, and the zone that gives its day. */
export interface Signing {
  at: Date
  timeZone: string
}

/**
 * The installments of a total (installmentSchedule: they add up exactly, the first carrying the
 * remainder cents) with their due days, and dates counted from the signing day in `timeZone`.
 */
export function paymentSchedule(totalCents: number, installments: number, terms: ScheduleTerms, signed?: Signing): ScheduledInstallment[] {
  const signingDay = signingDayOf(signed)
  return installmentSchedule(totalCents, installments).map((installment) => {
    const days = dueInDays(installment.number, terms)
    return { ...installment, due_in_days: days, due_date: signingDay === null ? null : dueDate(signingDay, days, terms.due_on_business_days) }
  })
}

export interface ScheduledDownPayment {
  amount_cents: number
  /** Days after the signature: 0 on signing. */
  due_in_days: number
  /** The signing day plus those days (the next banking day when the terms say so), once signed. */
  due_date: string | null
}

/** The down payment of a document, due `dueInDays` after the signature (0: on signing); null without one. */
export function scheduledDownPayment(amountCents: number, dueInDays: number, terms: ScheduleTerms, signed?: Signing): ScheduledDownPayment | null {
  if (amountCents === 0) return null
  const signingDay = signingDayOf(signed)
  return { amount_cents: amountCents, due_in_days: dueInDays, due_date: signingDay === null ? null : dueDate(signingDay, dueInDays, terms.due_on_business_days) }
}

function signingDayOf(signed: Signing | undefined): string | null {
  return signed === undefined ? null : localDate(signed.at, signed.timeZone)
}

function dueDate(signingDay: string, days: number, onBankingDay: boolean): string {
  const date = addCalendarDays(signingDay, days)
  return onBankingDay ? nextBankingDay(date) : date
}
