// Server-side arithmetic of a document: integer cents throughout, quantities in thousandths,
// BigInt for the one product that can leave the safe-integer range (quantity × unit price).

export interface PricedLine {
  quantity_milli: number
  unit_price_cents: number
  discount_cents: number
}

/**
 * The most one line may be worth (quantity × unit price): R$ 100 billion. The API's own limits
 * (quantity 1,000,000, unit price R$ 1 billion) allowed R$ 100 quadrillion a line, past the cents
 * a JavaScript number holds exactly, and 200 such lines past PostgreSQL's bigint (a 500 there,
 * an inexact float on SQLite). Under this cap 200 lines stay below 2^53 cents.
 */
export const MAX_LINE_CENTS = 10_000_000_000_000
/** The largest total a document can have (200 lines of MAX_LINE_CENTS), so the largest down payment. */
export const MAX_DOCUMENT_CENTS = 200 * MAX_LINE_CENTS

/** quantity × unit price, rounded half up to the cent. */
export function lineGrossCents(line: Pick<PricedLine, 'quantity_milli' | 'unit_price_cents'>): number {
  return Number((BigInt(line.quantity_milli) * BigInt(line.unit_price_cents) + 500n) / 1000n)
}

export function lineTotalCents(line: PricedLine): number {
  return lineGrossCents(line) - line.discount_cents
}

export interface Totals {
  items_count: number
  subtotal_cents: number
  discount_cents: number
  total_cents: number
}

export function documentTotals(lines: PricedLine[]): Totals {
  let subtotal = 0
  let discount = 0
  for (const line of lines) {
    subtotal += lineGrossCents(line)
    discount += line.discount_cents
  }
  return { items_count: lines.length, subtotal_cents: subtotal, discount_cents: discount, total_cents: subtotal - discount }
}

/**
 * Splits a total into installments that add up exactly: every installment gets the floor of the
 * division and the first one also carries the remainder cents.
 */
export function installmentSchedule(totalCents: number, installments: number): Array<{ number: number; amount_cents: number }> {
  const base = Math.floor(totalCents / installments)
  const remainder = totalCents - base * installments
  return Array.from({ length: installments }, (_, index) => ({ number: index + 1, amount_cents: index === 0 ? base + remainder : base }))
}

/**
 * Thousandths of a decimal quantity, or null when it has more than three decimal places.
 * A double holds 15 significant digits exactly; what lies past them is binary noise (1.005 * 1000
 * is 1004.9999999999999, 0.1 + 0.2 is 0.30000000000000004) and is dropped before comparing. A
 * fixed tolerance did not scale with the quantity: 1e-10 passed as 0 thousandths, a line of zero.
 */
export function quantityToMilli(quantity: number): number | null {
  const significant = Number(quantity.toPrecision(15))
  const milli = Math.round(significant * 1000)
  return milli / 1000 === significant ? milli : null
}

export function milliToQuantity(milli: number): number {
  return milli / 1000
}
