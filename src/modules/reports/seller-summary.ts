// "Desempenho por vendedor": per seller, the documents created in a period (calendar dates in the
// account's time zone) and how far they got: sent, signed and their value, still open, refused or
// expired, cancelled, and how long a signature took after sending on average. One aggregate over
// the period's documents, read through the
// (account_id, created_at, id, seller_id, customer_id) listing index's range; the sellers' names
// come from the account's users (a seller deactivated since keeps their row and name).
import { sql } from 'kysely'
import type { Db } from '../../platform/db/connect.js'
import { isPostgres } from '../../platform/db/dialect-of.js'
import { comparableInstant, dayBounds } from '../../platform/time-zones.js'
import { isOpenStatus } from '../lifecycle/open-status-term.js'

export interface SellerFigures {
  /** null: documents without a seller (made through the API without one). */
  sellerId: number | null
  sellerName: string | null
  sellerActive: boolean
  created: number
  sent: number
  signed: number
  signedValueCents: number
  /** Sent or viewed: still waiting for signatures. */
  open: number
  /** Refused by a signer or expired. */
  lost: number
  cancelled: number
  /** Seconds from sending to the signature, summed over the signed documents (`timedSignatures` of them). */
  signingSeconds: number
  timedSignatures: number
}

export interface SellerSummary {
  sellers: SellerFigures[]
  total: Omit<SellerFigures, 'sellerId' | 'sellerName' | 'sellerActive'>
}

/** Signed documents over sent ones, or null when none was sent. */
export function signatureRate(figures: { sent: number; signed: number }): number | null {
  return figures.sent === 0 ? null : figures.signed / figures.sent
}

/** The value signed per signed document, in whole cents, or null when none was signed. */
export function averageTicketCents(figures: { signed: number; signedValueCents: number }): number | null {
  return figures.signed === 0 ? null : Math.round(figures.signedValueCents / figures.signed)
}

/** Seconds from sending to the signature on average, or null when no signed document was sent (all of them are). */
export function averageSigningSeconds(figures: { signingSeconds: number; timedSignatures: number }): number | null {
  return figures.timedSignatures === 0 ? null : figures.signingSeconds / figures.timedSignatures
}

/** Seconds between two instant columns: text in SQLite (julianday reads its ISO 8601), timestamptz in PostgreSQL. */
function secondsBetween(db: Db, from: string, to: string) {
  return isPostgres(db)
    ? sql<number>`extract(epoch from (${sql.ref(to)} - ${sql.ref(from)}))`
    : sql<number>`(julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 86400.0`
}

/** The period's documents grouped by seller (exported for its plan test). */
export function sellerSummaryQuery(db: Db, accountId: number, start: string, end: string) {
  const count = (condition: ReturnType<typeof sql>) => sql<number | string>`sum(case when ${condition} then 1 else 0 end)`
  const timed = sql`status = 'signed' and sent_at is not null and signed_at is not null`
  return db
    .selectFrom('proposals')
    .select([
      'seller_id',
      sql<number | string>`count(*)`.as('created'),
      count(sql`sent_at is not null`).as('sent'),
      count(sql`status = 'signed'`).as('signed'),
      // × 1.0: a sum past 2^63 cents stays a number instead of failing (as the dashboard's).
      sql<number | string | null>`sum(case when status = 'signed' then total_cents * 1.0 else 0 end)`.as('signed_value'),
      count(isOpenStatus('status')).as('open'),
      count(sql`status in ('rejected', 'expired')`).as('lost'),
      count(sql`status = 'cancelled'`).as('cancelled'),
      sql<number | string | null>`sum(case when ${timed} then ${secondsBetween(db, 'sent_at', 'signed_at')} else 0 end)`.as('signing_seconds'),
      count(timed).as('timed_signatures'),
    ])
    .where('account_id', '=', accountId)
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .groupBy('seller_id')
}

const toNumber = (value: unknown) => (value === null || value === undefined ? 0 : Number(value))

/** From `from` to `to` (calendar dates, both inclusive) in the account's time zone; sellers by value signed, then by documents. */
export async function sellerSummary(db: Db, account: { id: number; timeZone: string }, from: string, to: string): Promise<SellerSummary> {
  const start = comparableInstant(dayBounds(from, account.timeZone).start)
  const end = comparableInstant(dayBounds(to, account.timeZone).end)
  const [rows, users] = await Promise.all([
    sellerSummaryQuery(db, account.id, start, end).execute(),
    db.selectFrom('users').select(['id', 'name', 'active']).where('account_id', '=', account.id).execute(),
  ])
  const byId = new Map(users.map((user) => [user.id, user]))
  const sellers = rows.map((row): SellerFigures => {
    const user = row.seller_id === null ? undefined : byId.get(row.seller_id)
    return {
      sellerId: row.seller_id,
      sellerName: user?.name ?? null,
      sellerActive: user ? Boolean(user.active) : false,
      created: toNumber(row.created),
      sent: toNumber(row.sent),
      signed: toNumber(row.signed),
      signedValueCents: toNumber(row.signed_value),
      open: toNumber(row.open),
      lost: toNumber(row.lost),
      cancelled: toNumber(row.cancelled),
      signingSeconds: toNumber(row.signing_seconds),
      timedSignatures: toNumber(row.timed_signatures),
    }
  })
  // Most value signed first, then most documents; the documents without a seller last.
  sellers.sort((a, b) => Number(a.sellerId === null) - Number(b.sellerId === null) || b.signedValueCents - a.signedValueCents || b.created - a.created || (a.sellerName ?? '').localeCompare(b.sellerName ?? '', 'pt-BR'))
  const sum = (key: keyof SellerSummary['total']) => sellers.reduce((total, seller) => total + seller[key], 0)
  return {
    sellers,
    total: {
      created: sum('created'),
      sent: sum('sent'),
      signed: sum('signed'),
      signedValueCents: sum('signedValueCents'),
      open: sum('open'),
      lost: sum('lost'),
      cancelled: sum('cancelled'),
      signingSeconds: sum('signingSeconds'),
      timedSignatures: sum('timedSignatures'),
    },
  }
}
