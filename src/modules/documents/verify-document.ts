// Public verification ("Verificar documento", /verify): whoever holds a PDF this Vendoc issued can
// check that it is one, unaltered, and where its document stands now (signed, cancelled…). The
// file is found by its SHA-256 in whichever account issued it: this is the one lookup on purpose
// not scoped by account, because the person asking has no account. A SHA-256 cannot be guessed
// (2^256 values), so a match proves the asker holds the exact file, or the hash printed on it; what
// is shown is what that file already tells (issuer's name, number, title, signers' names) plus its
// status and the signatures' times; never the signers' CPF or e-mail, the issuer's document number,
// the document's contents, nor whether a signer who has not signed was invited or opened the link.
import type { Db } from '../../platform/db/connect.js'
import type { ProposalStatus, SignatureType, SignerStatus } from '../../platform/db/schema.js'

/** Matches a lowercase hex SHA-256 (64 characters). */
export const SHA256_HEX = /^[0-9a-f]{64}$/

/** Identical files in two documents are all but impossible (each PDF carries its number and times); a few are shown rather than none. */
const MAX_MATCHES = 5

export interface VerifiedSigner {
  name: string
  role: string
  status: SignerStatus
  signedAt: string | null
  rejectedAt: string | null
}

export interface VerifiedDocument {
  /** Which file the hash is: the original frozen at sending, or the signed one with its evidence page. */
  version: 'original' | 'signed'
  /** The issuing account's name (as it is now). */
  issuer: string
  timeZone: string
  number: number
  title: string
  status: ProposalStatus
  signatureType: SignatureType
  sentAt: string | null
  signedAt: string | null
  rejectedAt: string | null
  cancelledAt: string | null
  expiredAt: string | null
  /** Shown on an original's match once the signed file exists, so the holder knows to ask for it. */
  signedSha256: string | null
  signers: VerifiedSigner[]
}

/** The documents whose original or signed PDF has this SHA-256 (lowercase hex); [] for any other text. */
export async function findDocumentsByFileHash(db: Db, sha256: string): Promise<VerifiedDocument[]> {
  if (!SHA256_HEX.test(sha256)) return []
  const rows = await db
    .selectFrom('proposal_files as f')
    .innerJoin('proposals as p', (join) => join.onRef('p.account_id', '=', 'f.account_id').onRef('p.id', '=', 'f.proposal_id'))
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select([
      'f.kind', 'p.id', 'p.account_id', 'p.number', 'p.title', 'p.status', 'p.signature_type', 'p.sent_at', 'p.signed_at', 'p.rejected_at', 'p.cancelled_at', 'p.expired_at', 'p.signed_sha256',
      'a.name as account_name', 'a.time_zone',
    ])
    .where('f.sha256', '=', sha256)
    .where('f.kind', 'in', ['original', 'signed'])
    .orderBy('f.id')
    .limit(MAX_MATCHES)
    .execute()
  const documents: VerifiedDocument[] = []
  for (const row of rows) {
    const signers = await db
      .selectFrom('proposal_signers as s')
      .innerJoin('signer_roles as r', (join) => join.onRef('r.account_id', '=', 's.account_id').onRef('r.id', '=', 's.role_id'))
      .select(['s.name', 'r.name as role', 's.status', 's.signed_at', 's.rejected_at'])
      .where('s.account_id', '=', row.account_id)
      .where('s.proposal_id', '=', row.id)
      .orderBy('s.signing_order')
      .orderBy('s.id')
      .execute()
    const version = row.kind === 'signed' ? 'signed' : 'original'
    documents.push({
      version,
      issuer: row.account_name,
      timeZone: row.time_zone,
      number: row.number,
      title: row.title,
      status: row.status,
      signatureType: row.signature_type,
      sentAt: row.sent_at,
      signedAt: row.signed_at,
      rejectedAt: row.rejected_at,
      cancelledAt: row.cancelled_at,
      expiredAt: row.expired_at,
      signedSha256: version === 'original' ? row.signed_sha256 : null,
      signers: signers.map((signer) => ({ name: signer.name, role: signer.role, status: signer.status, signedAt: signer.signed_at, rejectedAt: signer.rejected_at })),
    })
  }
  return documents
}
