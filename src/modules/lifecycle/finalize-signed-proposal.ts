// The 'proposal.finalize' job: once every signer has signed (signing.ts), the final PDF — the frozen
// original plus the evidence page — is built outside any transaction, then stored with its hash and
// the completion e-mails (signed PDF attached) are queued for every signer and the seller, all in
// one transaction. Idempotent: a document that already has its signed_sha256 is left alone, and the
// conditional write makes a concurrent second run store nothing.
import { SYSTEM_ACTOR } from '../proposals/actor.js'
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { JobHandlerFactory } from '../../platform/jobs/job-types.js'
import type { SignerEvidence } from '../documents/build-signed-pdf.js'
import { buildSignedPdf } from '../documents/pdf-builders.js'
import { findProposalFile, storeProposalFile } from '../documents/proposal-files.js'
import { completedEmail } from '../notifications/email-messages.js'
import { listProposalAttachments } from '../documents/proposal-attachments.js'
import { parseCopyTo } from '../proposals/copy-recipients.js'
import { queueEmail } from '../notifications/queue-email.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { correspondenceFor, signerCorrespondence } from './signer-correspondence.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

export interface FinalizePayload {
  proposalId: number
}

function proposalIdOf(payload: unknown): number | null {
  const id = (payload as { proposalId?: unknown } | null)?.proposalId
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null
}

export const finalizeSignedProposalJob: JobHandlerFactory = (env) => async (job) => {
  const proposalId = proposalIdOf(job.payload)
  // A malformed job can never succeed: log it instead of retrying it for a day.
  if (job.accountId === null || proposalId === null) {
    env.log.error({ jobId: job.id, payload: job.payload }, 'proposal.finalize job without account or proposal id')
    return
  }
  await finalizeSignedProposal(env.db, env.clock, job.accountId, proposalId, { publicUrl: env.config.publicUrl, log: env.log })
}

/** Builds and stores the signed PDF of a `signed` digital document; returns whether it did (false: nothing to do). */
export async function finalizeSignedProposal(
  db: Db,
  clock: { now(): Date },
  accountId: number,
  proposalId: number,
  options: { publicUrl?: string; log?: { warn(object: object, message?: string): void } } = {},
): Promise<boolean> {
  const { log } = options
  const proposal = await db
    .selectFrom('proposals as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.id', 'p.number', 'p.title', 'p.status', 'p.seller_id', 'p.signed_at', 'p.original_sha256', 'p.signed_sha256', 'p.copy_to_json', 'a.name as account_name', 'a.time_zone', 'a.signed_copy_to_json'])
    .where('p.account_id', '=', accountId)
    .where('p.id', '=', proposalId)
    .executeTakeFirst()
  // Already finalized (a retry after success): nothing to do, silently.
  if (proposal?.signed_sha256 != null) return false
  if (!proposal || proposal.status !== 'signed') {
    log?.warn({ accountId, proposalId, status: proposal?.status }, 'proposal.finalize: document missing or not signed; nothing to do')
    return false
  }
  // Missing files are a fault worth retrying (and then seeing in the failed jobs), not a silent skip.
  const original = await findProposalFile(db, accountId, proposalId, 'original')
  if (!original || proposal.original_sha256 === null) throw new Error(`proposal ${proposalId} has no frozen original to finalize`)

  const signers = await db
    .selectFrom('proposal_signers as s')
    .innerJoin('signer_roles as r', (join) => join.onRef('r.account_id', '=', 's.account_id').onRef('r.id', '=', 's.role_id'))
    .select([
      's.id', 's.name', 's.email', 's.cpf', 's.status', 's.signed_name', 's.signed_cpf', 's.signature_kind', 's.signature_data', 's.signed_ip', 's.signed_user_agent',
      's.signed_at', 's.consent_text', 's.signed_document_sha256', 's.signed_authentication', 'r.name as role_name',
    ])
    .where('s.account_id', '=', accountId)
    .where('s.proposal_id', '=', proposalId)
    .orderBy('s.signing_order')
    .orderBy('s.id')
    .execute()
  const corrections = await emailCorrections(db, accountId, proposalId)
  const evidence: SignerEvidence[] = signers.map((signer) => {
    if (signer.status !== 'signed' || signer.signed_at === null || signer.signature_kind === null) throw new Error(`proposal ${proposalId} is signed but a signer has no signature`)
    return {
      name: signer.signed_name ?? signer.name,
      cpf: signer.signed_cpf ?? signer.cpf,
      email: signer.email,
      role: signer.role_name,
      signatureKind: signer.signature_kind,
      signatureData: signer.signature_data ?? '',
      ip: signer.signed_ip,
      userAgent: signer.signed_user_agent,
      authentication: signer.signed_authentication === 'email_code' ? 'email_code' : null,
      emailCorrected: corrections.get(signer.id) ?? null,
      signedAt: signer.signed_at,
      consentText: signer.consent_text ?? '',
      documentSha256: signer.signed_document_sha256 ?? proposal.original_sha256!,
    }
  })

  const built = await buildSignedPdf(accountId, new Uint8Array(original.bytes), {
    proposal: { number: proposal.number, title: proposal.title, accountName: proposal.account_name },
    timeZone: proposal.time_zone,
    originalSha256: proposal.original_sha256,
    completedAt: proposal.signed_at ?? isoNow(clock),
    signers: evidence,
    ...(options.publicUrl ? { verifyUrl: `${options.publicUrl}/verify` } : {}),
  })

  return db.transaction().execute(async (trx) => {
    const now = isoNow(clock)
    // The write that claims the work: a run that lost the race (or a retry after success) stops here.
    const claimed = await trx
      .updateTable('proposals')
      .set({ signed_sha256: built.sha256, updated_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', proposalId)
      .where('status', '=', 'signed')
      .where('signed_sha256', 'is', null)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return false

    const file = await storeProposalFile(trx, clock, {
      accountId,
      proposalId,
      kind: 'signed',
      contentType: 'application/pdf',
      fileName: `documento-${proposal.number}-assinado.pdf`,
      bytes: built.bytes,
    })
    await recordProposalEvent(trx, accountId, proposalId, {
      type: 'signed_pdf_created',
      actor: SYSTEM_ACTOR,
      data: { signed_sha256: file.sha256, original_sha256: proposal.original_sha256 },
      at: now,
    })

    const copyTo = [...parseCopyTo(proposal.copy_to_json), ...parseCopyTo(proposal.signed_copy_to_json)]
    const recipients = await completionRecipients(trx, accountId, proposal.seller_id, signers, copyTo)
    const ref = { number: proposal.number, title: proposal.title }
    // A signer's reply reaches the seller (or the company); the seller's own copy asks for none.
    const correspondence = await signerCorrespondence(trx, accountId, { seller_id: proposal.seller_id, signer_message: null })
    const attachmentNames = (await listProposalAttachments(trx, accountId, proposalId)).map((attachment) => attachment.file_name)
    for (const recipient of recipients) {
      const part = correspondenceFor(correspondence, recipient.email)
      const message = completedEmail({ ...part.text, proposal: ref, recipientName: recipient.name, attachmentNames })
      await queueEmail(trx, clock, { accountId, proposalId, kind: 'completed', to: recipient.email, ...message, attachmentFileId: file.id, replyTo: part.replyTo })
    }
    return true
  })
}

/**
 * Every signer, then the seller (when active and not already a signer), then the copy addresses
 * (the document's, then the account's: copy-recipients.ts), nameless; one message per address.
 */
async function completionRecipients(trx: Db, accountId: number, sellerId: number | null, signers: Array<{ name: string; email: string }>, copyTo: string[]) {
  const recipients: Array<{ name: string | null; email: string }> = signers.map((signer) => ({ name: signer.name, email: signer.email }))
  if (sellerId !== null) {
    const seller = await trx.selectFrom('users').select(['name', 'email', 'active']).where('account_id', '=', accountId).where('id', '=', sellerId).executeTakeFirst()
    if (seller && Boolean(seller.active)) recipients.push({ name: seller.name, email: seller.email })
  }
  for (const email of copyTo) recipients.push({ name: null, email })
  const seen = new Set<string>()
  return recipients.filter((recipient) => {
    const key = normalizeEmail(recipient.email)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * The latest correction of each signer's e-mail after sending (signer_contact_changed entries
 * that name an e-mail), by signer id: who made it and when. The evidence page prints it, since a
 * corrected address received the link (and any e-mailed code) that the first one did not.
 */
async function emailCorrections(db: Db, accountId: number, proposalId: number): Promise<Map<number, { by: string; at: string }>> {
  const rows = await db
    .selectFrom('proposal_events')
    .select(['actor_name', 'data_json', 'created_at'])
    .where('account_id', '=', accountId)
    .where('proposal_id', '=', proposalId)
    .where('type', '=', 'signer_contact_changed')
    .orderBy('id')
    .execute()
  const corrections = new Map<number, { by: string; at: string }>()
  for (const row of rows) {
    const data = JSON.parse(row.data_json) as { signer?: { id?: unknown }; email?: unknown }
    if (typeof data.signer?.id === 'number' && data.email !== undefined) corrections.set(data.signer.id, { by: row.actor_name, at: String(row.created_at) })
  }
  return corrections
}
