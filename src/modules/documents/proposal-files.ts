// The files of a document (proposal_files): the original PDF and HTML frozen at sending, the
// signed PDF with its evidence page, paper scans. Written inside the caller's transaction, read
// always within one account. The hash is computed here from the bytes stored, never taken from
// the caller, so a row's sha256 is the hash of that row's bytes by construction.
import type { Clock } from '../../platform/clock.js'
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { Selectable } from 'kysely'
import type { ProposalFileKind, ProposalFilesTable } from '../../platform/db/schema.js'
import { sha256Hex } from './sha256.js'

export interface NewProposalFile {
  accountId: number
  proposalId: number
  kind: ProposalFileKind
  contentType: string
  fileName: string
  bytes: Uint8Array
}

export type ProposalFile = Selectable<ProposalFilesTable>

export async function storeProposalFile(trx: Db, clock: Clock, file: NewProposalFile): Promise<{ id: number; sha256: string; createdAt: string }> {
  const sha256 = sha256Hex(file.bytes)
  const createdAt = isoNow(clock)
  const row = await trx
    .insertInto('proposal_files')
    .values({
      account_id: file.accountId,
      proposal_id: file.proposalId,
      kind: file.kind,
      content_type: file.contentType,
      file_name: file.fileName,
      // A Buffer view of the same memory: both drivers bind it as a blob/bytea.
      bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      size: file.bytes.byteLength,
      sha256,
      created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: Number(row.id), sha256, createdAt }
}

/** The latest file of that kind of the account's document, or undefined (also for another account's). */
export async function findProposalFile(db: Db, accountId: number, proposalId: number, kind: ProposalFileKind): Promise<ProposalFile | undefined> {
  const row = await db
    .selectFrom('proposal_files')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('proposal_id', '=', proposalId)
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return undefined
  return { ...row, id: Number(row.id), bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) }
}
