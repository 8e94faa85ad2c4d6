// Resolves the `{customer_id}` of GET /customers/{customer_id}/proposals (DESIGN.md §3.1): the
// same string may be read as an internal id, as the account's code and as a CPF/CNPJ. Every
// applicable reading is tried; one distinct customer wins, several are an ambiguity the caller
// must settle with `lookup`, none is a 404 identical to the one a foreign customer gets.
import type { Db } from '../../platform/db/connect.js'
import { AppError } from '../../platform/errors.js'
import { parseDocument } from './brazilian-documents.js'
import { type CustomerRow, toCustomerSummary } from './customer-mapper.js'
import { type CustomerKeys, findCustomersByAnyKey } from './customer-repository.js'

export type CustomerLookup = 'id' | 'code' | 'document'

function idReading(reference: string): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(reference)) return undefined
  const id = Number(reference)
  return Number.isSafeInteger(id) ? id : undefined
}

function readingsOf(reference: string, lookup: CustomerLookup | undefined): CustomerKeys {
  const keys: CustomerKeys = {}
  // No stored value can hold U+0000 (PostgreSQL text refuses it, and bodies reject it), so such a
  // reference names nothing; querying with it would fail on PostgreSQL instead of answering 404.
  if (reference.includes('\u0000')) return keys
  if (lookup === undefined || lookup === 'id') keys.id = idReading(reference)
  // Codes are stored and looked up trimmed (a creation's `"CLI-0001 "` is CLI-0001), so the path
  // reads them the same way: an ERP with fixed-width code columns finds what it created.
  if ((lookup === undefined || lookup === 'code') && reference.trim() !== '') keys.code = reference.trim()
  if (lookup === undefined || lookup === 'document') keys.document = parseDocument(reference)?.document
  return keys
}

function matchedBy(row: CustomerRow, keys: CustomerKeys): CustomerLookup[] {
  const readings: CustomerLookup[] = []
  if (keys.id !== undefined && row.id === keys.id) readings.push('id')
  if (keys.code !== undefined && row.code === keys.code) readings.push('code')
  if (keys.document !== undefined && row.document === keys.document) readings.push('document')
  return readings
}

export function customerNotFound(reference: string): AppError {
  return new AppError('customer_not_found', `No customer matches "${reference}".`)
}

export async function resolveCustomerReference(
  db: Db,
  accountId: number,
  reference: string,
  lookup?: CustomerLookup,
): Promise<CustomerRow> {
  const keys = readingsOf(reference, lookup)
  const rows = await findCustomersByAnyKey(db, accountId, keys)
  if (rows.length === 0) throw customerNotFound(reference)
  if (rows.length > 1) {
    throw new AppError(
      'ambiguous_customer_reference',
      `"${reference}" matches ${rows.length} different customers; repeat the call with lookup=id, lookup=code or lookup=document.`,
      { candidates: rows.map((row) => ({ ...toCustomerSummary(row), matched_by: matchedBy(row, keys) })) },
    )
  }
  return rows[0]!
}
