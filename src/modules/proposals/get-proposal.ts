// Reads one whole document by any of its public references (DESIGN.md §3.2).
import type { Db } from '../../platform/db/connect.js'
import { AppError } from '../../platform/errors.js'
import type { AccountDay } from '../../platform/time-zones.js'
import { type ProposalDetail, toProposalDetail } from './proposal-mapper.js'
import { findProposalWithChildren, type ProposalKey } from './proposal-repository.js'

export type ProposalReferenceKind = 'id' | 'external_uuid' | 'external_reference'

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** How a path reference reads; null means it cannot name any document (a 404, like a missing one). */
export function proposalKeyOf(reference: string, by?: ProposalReferenceKind): ProposalKey | null {
  // External references are printable ASCII; a NUL would make the PostgreSQL query fail.
  if (reference.includes('\u0000')) return null
  if (by === 'external_reference') return { by: 'external_reference', externalReference: reference }
  if ((by === undefined || by === 'id') && /^[1-9]\d{0,15}$/.test(reference) && Number.isSafeInteger(Number(reference))) {
    return { by: 'id', id: Number(reference) }
  }
  if ((by === undefined || by === 'external_uuid') && UUID_PATTERN.test(reference)) return { by: 'external_uuid', externalUuid: reference.toLowerCase() }
  return null
}

export function proposalNotFound(reference: string): AppError {
  return new AppError('proposal_not_found', `No document matches "${reference}".`)
}

/** `day` (the account's date now and zone) hides the links of a document whose validity ended and dates its installments (toProposalDetail). */
export async function getProposalDetail(db: Db, accountId: number, key: ProposalKey, baseUrl: string, day?: AccountDay): Promise<ProposalDetail | undefined> {
  const found = await findProposalWithChildren(db, accountId, key)
  return found && toProposalDetail(found.header, found.children, baseUrl, day)
}

export async function getProposalByReference(db: Db, accountId: number, reference: string, by: ProposalReferenceKind | undefined, baseUrl: string, day?: AccountDay): Promise<ProposalDetail> {
  const key = proposalKeyOf(reference, by)
  const detail = key && (await getProposalDetail(db, accountId, key, baseUrl, day))
  if (!detail) throw proposalNotFound(reference)
  return detail
}
