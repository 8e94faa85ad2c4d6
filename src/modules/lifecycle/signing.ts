// The signer's side of a digital document (DESIGN.md §6, docs/LIFECYCLE.md): everything is reached
// through the private link's token, without a session. The token is looked up by its unique index
// and then compared in constant time; an unknown token, a document no longer open (signed,
// rejected, cancelled, expired) or a paper document all read as the same "link not valid", so a
// link never reveals anything beyond what its own signer may see.
import { timingSafeEqual } from 'node:crypto'
import { type Clock, isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import type { ProposalStatus, SignerAuthentication, SignerStatus } from '../../platform/db/schema.js'
import { enqueueJob } from '../../platform/jobs/job-queue.js'
import { findProposalFile } from '../documents/proposal-files.js'
import { recordDomainEvent } from '../events/record-domain-event.js'
import { documentActivityEmail, type DocumentActivityEmailInput, invitationEmail, rejectedEmail } from '../notifications/email-messages.js'
import { queueEmail } from '../notifications/queue-email.js'
import { type Actor, SYSTEM_ACTOR } from '../proposals/actor.js'
import { proposalLinks } from '../proposals/proposal-mapper.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { NOTICE_PREFERENCES_PATH } from '../accounts/notice-preferences.js'
import { sellerOrAdmins } from './seller-recipients.js'
import { checkEmailCode, consumeEmailCode, type EmailCodeProblem, issueEmailCode, parseEmailCode } from './signer-email-code.js'
import { listProposalAttachments, type AttachmentView } from '../documents/proposal-attachments.js'
import { checkSignInput, consentSentence, type SignInput, type SignInputErrors } from './signing-input.js'
import { correspondenceFor, signerCorrespondence } from './signer-correspondence.js'
import { signingLinkUrl } from './signing-link.js'
import { countSignerOpen, daysAwayOnReturn, isPersonOpening, startsVisit } from './signer-opens.js'
import { OPEN_STATUSES } from './transitions.js'
import { validityEnded } from './validity.js'

export type { SignInput, SignInputErrors } from './signing-input.js'

export const FINALIZE_JOB = 'proposal.finalize'

/** Where the request came from: recorded as evidence and in the history. */
export interface SigningClient {
  ip: string
  userAgent: string
  /** A HEAD request: its answer has no body, nobody reads the page (signer-opens.ts). */
  headOnly?: boolean
}

/** What the signing page shows. Only this signer's own data and the document they were sent. */
export interface SigningView {
  /** Internal ids, for the routes that serve the document's files and find whom to contact; never shown. */
  accountId: number
  proposalId: number
  sellerId: number | null
  accountName: string
  proposal: { number: number; title: string; status: ProposalStatus; originalSha256: string | null; validUntil: string | null }
  signer: {
    name: string
    email: string
    roleName: string
    status: SignerStatus
    signingOrder: number
    signedAt: string | null
    hasCpf: boolean
    /** 'email_code': signing also takes a code e-mailed on request (signer-email-code.ts). */
    authentication: SignerAuthentication
  }
  /** What the seller wrote to the signers when sending, or null. */
  message: string | null
  /** The HTML frozen when the document was sent (null if it was not stored). */
  html: string | null
  /** Every signer of an earlier signing order has signed, and this one has not finished. */
  isTheirTurn: boolean
  /** The exact sentence the consent checkbox agrees to (stored with the signature). */
  consentText: string
  /** The PDFs attached to the document, frozen with it (documents/proposal-attachments.ts). */
  attachments: AttachmentView[]
}

export type OpenOutcome = { outcome: 'ok'; view: SigningView } | { outcome: 'invalid_link' }

export type SignOutcome =
  | { outcome: 'signed'; view: SigningView; documentSigned: boolean }
  | { outcome: 'invalid_link' }
  /** Earlier signers have not signed yet. */
  | { outcome: 'not_your_turn'; view: SigningView }
  /** This signer already signed (or rejected). */
  | { outcome: 'already_done'; view: SigningView }
  | { outcome: 'invalid_input'; view: SigningView; errors: SignInputErrors }

export type CodeRequestOutcome =
  | { outcome: 'sent'; view: SigningView }
  | { outcome: 'invalid_link' }
  | { outcome: 'not_your_turn'; view: SigningView }
  | { outcome: 'already_done'; view: SigningView }
  /** This signer signs with the link alone: there is no code to send. */
  | { outcome: 'not_required'; view: SigningView }
  /** SMTP_URL is not set: the code could only land in the outbox, which never shows it. */
  | { outcome: 'unavailable'; view: SigningView }
  /** A code was sent under a minute ago, or ten in a row: `waitSeconds` until one may be asked for. */
  | { outcome: 'too_soon' | 'too_many'; view: SigningView; waitSeconds: number }

export type RejectOutcome =
  | { outcome: 'rejected'; view: SigningView }
  | { outcome: 'invalid_link' }
  | { outcome: 'not_your_turn'; view: SigningView }
  | { outcome: 'already_done'; view: SigningView }
  | { outcome: 'invalid_input'; view: SigningView; errors: { reason: 'required' | 'too_long' } }

export const REJECT_REASON_MAX_CHARS = 2000

// newSignToken makes 43 base64url characters; anything far from that shape is not worth a query.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/

interface LinkContext {
  view: SigningView
  signerId: number
  /** The link's secret: every write re-checks it, so a link replaced meanwhile (a corrected e-mail) records nothing. */
  token: string
  signerCpf: string | null
  viewedAt: string | null
  /** When the signer's last visit began (signer-opens.ts). */
  lastOpenedAt: string | null
  sellerId: number | null
  /** The document's public references, for the webhook events' `data.proposal`. */
  references: { external_uuid: string; external_reference: string | null; total_cents: number }
}

/** Thrown inside a transaction when the state changed since it was read; nothing is kept. */
class StaleLink extends Error {}

/** Thrown inside the signature's transaction when its e-mail code was replaced or spent meanwhile. */
class CodeSpent extends Error {}

async function findLink(db: Db, clock: Clock, token: string): Promise<LinkContext | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined
  const row = await db
    .selectFrom('proposal_signers as s')
    .innerJoin('proposals as p', (join) => join.onRef('p.account_id', '=', 's.account_id').onRef('p.id', '=', 's.proposal_id'))
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('signer_roles as r', (join) => join.onRef('r.account_id', '=', 's.account_id').onRef('r.id', '=', 's.role_id'))
    .select([
      's.id as signer_id', 's.sign_token', 's.name', 's.email', 's.cpf', 's.status as signer_status', 's.signing_order', 's.signed_at as signer_signed_at',
      's.viewed_at as signer_viewed_at', 's.last_opened_at', 's.account_id', 's.proposal_id', 's.authentication',
      'p.number', 'p.title', 'p.status', 'p.signature_type', 'p.original_sha256', 'p.valid_until', 'p.seller_id', 'p.signer_message',
      'p.external_uuid', 'p.external_reference', 'p.total_cents',
      'a.name as account_name', 'a.time_zone', 'r.name as role_name',
    ])
    .where('s.sign_token', '=', token)
    .executeTakeFirst()
  if (!row || row.sign_token === null || !sameSecret(row.sign_token, token)) return undefined
  if (row.signature_type !== 'digital' || !OPEN_STATUSES.includes(row.status)) return undefined
  // Past its validity the link is dead at once, not only when the expiry task (every 10 minutes)
  // has marked the document expired.
  if (validityEnded(row.valid_until, clock.now(), row.time_zone)) return undefined

  const [signers, attachments] = await Promise.all([
    db.selectFrom('proposal_signers').select(['status', 'signing_order']).where('account_id', '=', row.account_id).where('proposal_id', '=', row.proposal_id).execute(),
    listProposalAttachments(db, row.account_id, row.proposal_id),
  ])
  const finished = row.signer_status === 'signed' || row.signer_status === 'rejected'
  const isTheirTurn = !finished && signers.every((other) => other.signing_order >= row.signing_order || other.status === 'signed')
  const document = { number: row.number, title: row.title, sha256: row.original_sha256, attachments: attachments.length }
  return {
    signerId: row.signer_id,
    token: row.sign_token,
    signerCpf: row.cpf,
    viewedAt: row.signer_viewed_at,
    lastOpenedAt: row.last_opened_at,
    sellerId: row.seller_id,
    references: { external_uuid: row.external_uuid, external_reference: row.external_reference, total_cents: row.total_cents },
    view: {
      accountId: row.account_id,
      proposalId: row.proposal_id,
      sellerId: row.seller_id,
      accountName: row.account_name,
      proposal: { number: row.number, title: row.title, status: row.status, originalSha256: row.original_sha256, validUntil: row.valid_until },
      signer: {
        name: row.name,
        email: row.email,
        roleName: row.role_name,
        status: row.signer_status,
        signingOrder: row.signing_order,
        signedAt: row.signer_signed_at,
        hasCpf: row.cpf !== null && row.cpf !== '',
        authentication: row.authentication,
      },
      message: row.signer_message,
      html: null,
      isTheirTurn,
      consentText: consentSentence(document),
      attachments,
    },
  }
}

function sameSecret(stored: string, given: string): boolean {
  const a = Buffer.from(stored)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

function signerActor(link: LinkContext): Actor {
  return { type: 'signer', id: link.signerId, name: link.view.signer.name }
}

function signerSummary(link: LinkContext) {
  return { id: link.signerId, name: link.view.signer.name, email: link.view.signer.email, role: link.view.signer.roleName }
}

/**
 * A webhook event's `data` (docs/WEBHOOKS.md): the document after the change and, for signer
 * events, the signer (`signerFacts` adds what only that event knows, as a signature's authentication).
 */
function eventData(link: LinkContext, status: ProposalStatus, signerStatus?: SignerStatus, signerFacts: Record<string, unknown> = {}): Record<string, unknown> {
  const proposal = { id: link.view.proposalId, number: link.view.proposal.number, status, ...link.references }
  if (signerStatus === undefined) return { proposal }
  return { proposal, signer: { ...signerSummary(link), signing_order: link.view.signer.signingOrder, status: signerStatus, ...signerFacts } }
}

/**
 * Locks the document for this action and re-checks it is still open: the no-op write takes the
 * row lock on PostgreSQL (the write lock on SQLite), so two signers finishing at the same moment
 * are serialised and exactly one of them sees "everyone signed". Returns the status under the lock.
 * `now` moves the document's `updated_at`; null leaves it (a visit changes nothing the document says).
 */
async function lockOpenDocument(trx: Db, link: LinkContext, now: string | null): Promise<ProposalStatus> {
  const locked = await trx
    .updateTable('proposals')
    .set((eb) => (now === null ? { status: eb.ref('status') } : { updated_at: now }))
    .where('account_id', '=', link.view.accountId)
    .where('id', '=', link.view.proposalId)
    .where('status', 'in', OPEN_STATUSES)
    .returning('status')
    .executeTakeFirst()
  if (!locked) throw new StaleLink()
  return locked.status
}

/**
 * The page's data for a link; the first open by a signer whose turn it is marks them (and the
 * document) viewed, and the document's first open is told to its seller. Every open is counted as
 * a visit (signer-opens.ts), whoever's turn it is. A link preview's fetch or a HEAD request gets
 * the page and records nothing.
 */
export async function openSigningLink(db: Db, clock: Clock, token: string, client: SigningClient, options: SigningOptions): Promise<OpenOutcome> {
  let link = await findLink(db, clock, token)
  if (!link) return { outcome: 'invalid_link' }
  if (!isPersonOpening(client)) return { outcome: 'ok', view: await withHtml(db, link.view) }
  const firstViewing = link.view.isTheirTurn && link.viewedAt === null
  // The document's first open is told as such (markViewed): that open is not also told as a return.
  const toldAsOpened = firstViewing && link.view.proposal.status === 'sent'
  if (firstViewing) {
    const current = link
    try {
      await db.transaction().execute(async (trx) => markViewed(trx, clock, current, client, options))
    } catch (error) {
      if (!(error instanceof StaleLink)) throw error
    }
    link = await findLink(db, clock, token)
    if (!link) return { outcome: 'invalid_link' }
  }
  if (startsVisit(link.lastOpenedAt, clock.now())) await recordVisit(db, clock, link, { ...options, mayTellReturn: !toldAsOpened })
  return { outcome: 'ok', view: await withHtml(db, link.view) }
}

/**
 * A new visit of the signer's (signer-opens.ts) and its `signer.visited` event, in one
 * transaction: an integration hears of each visit, the first included, with the count so far.
 * Under the document's lock, like every signer action (leaving `updated_at` alone): the event
 * carries the document and the signer as they are when it is written, never a status a
 * cancellation or another signer's viewing replaced meanwhile, and a document no longer open
 * counts nothing. A signer whose turn it is (who has not signed), back a day or more after their
 * last visit, is told to the seller (the first open has its own notice): a customer reading the
 * proposal again days later is the moment to call. The previous visit's time was read before the
 * lock; the count's own check under it is what keeps two returns at once to one e-mail.
 */
async function recordVisit(db: Db, clock: Clock, link: LinkContext, options: SigningOptions & { mayTellReturn: boolean }): Promise<void> {
  const { accountId, proposalId } = link.view
  try {
    await db.transaction().execute(async (trx) => {
      const status = await lockOpenDocument(trx, link, null)
      const visit = await countSignerOpen(trx, clock, { accountId, signerId: link.signerId, token: link.token })
      if (!visit) return
      const { signer_status: signerStatus, ...counts } = visit
      await recordDomainEvent(trx, clock, { accountId, type: 'signer.visited', proposalId, signerId: link.signerId, data: eventData(link, status, signerStatus, counts) })
      const daysAway = daysAwayOnReturn(link.lastOpenedAt, clock.now())
      if (daysAway !== null && options.mayTellReturn && link.view.isTheirTurn && signerStatus !== 'signed' && signerStatus !== 'rejected') {
        await tellSeller(trx, clock, link, { type: 'returned', visits: counts.open_count, daysAway }, options)
      }
    })
  } catch (error) {
    if (!(error instanceof StaleLink)) throw error
  }
}

async function markViewed(trx: Db, clock: Clock, link: LinkContext, client: SigningClient, options: SigningOptions): Promise<void> {
  const before = await lockOpenDocument(trx, link, isoNow(clock))
  const after = await recordViewing(trx, clock, link, client, before)
  // Only an open seen on the page: a signature or refusal posted unopened tells of itself instead.
  if (before === 'sent' && after === 'viewed') await tellSeller(trx, clock, link, { type: 'viewed' }, options)
}

/** The document's seller (or, without an active one, its admins) hears what a signer did. */
async function tellSeller(trx: Db, clock: Clock, link: LinkContext, activity: DocumentActivityEmailInput['activity'], options: SigningOptions): Promise<void> {
  const { accountId, proposalId } = link.view
  const base = options.baseUrl.replace(/\/+$/, '')
  const message = documentActivityEmail({
    accountName: link.view.accountName,
    proposal: { number: link.view.proposal.number, title: link.view.proposal.title },
    signerName: link.view.signer.name,
    activity,
    documentUrl: proposalLinks(base, proposalId).web,
    preferencesUrl: `${base}${NOTICE_PREFERENCES_PATH}`,
  })
  const kind = activity.type === 'viewed' ? 'viewed' : activity.type === 'returned' ? 'signer_returned' : 'signer_signed'
  for (const to of await sellerOrAdmins(trx, accountId, link.sellerId, 'activity')) await queueEmail(trx, clock, { accountId, proposalId, kind, to, ...message })
}

/**
 * The signer has seen the document: the signer, and the document while it was only `sent`, become
 * `viewed`, with their history entries and events. Runs under the document's lock, given the
 * status read under it; returns the document's status after. The signer event carries that status, as every event carries the
 * document after the change.
 */
async function recordViewing(trx: Db, clock: Clock, link: LinkContext, client: SigningClient, status: ProposalStatus): Promise<ProposalStatus> {
  const now = isoNow(clock)
  const { accountId, proposalId } = link.view
  const signer = await trx
    .updateTable('proposal_signers')
    .set({ status: 'viewed', viewed_at: now })
    .where('account_id', '=', accountId)
    .where('id', '=', link.signerId)
    .where('sign_token', '=', link.token)
    .where('viewed_at', 'is', null)
    .where('status', 'in', ['pending', 'sent'])
    .executeTakeFirst()
  // Another request opened it first: that one recorded everything.
  if (Number(signer.numUpdatedRows) !== 1) return status
  const document = await trx
    .updateTable('proposals')
    .set({ status: 'viewed', viewed_at: now, updated_at: now })
    .where('account_id', '=', accountId)
    .where('id', '=', proposalId)
    .where('status', '=', 'sent')
    .executeTakeFirst()
  const documentViewed = Number(document.numUpdatedRows) === 1
  const statusAfter: ProposalStatus = documentViewed ? 'viewed' : status

  const actor = signerActor(link)
  const signerData = { signer: signerSummary(link), ip: client.ip, user_agent: client.userAgent }
  await recordProposalEvent(trx, accountId, proposalId, { type: 'signer_viewed', actor, data: signerData, at: now })
  await recordDomainEvent(trx, clock, { accountId, type: 'signer.viewed', proposalId, signerId: link.signerId, data: eventData(link, statusAfter, 'viewed') })
  if (documentViewed) {
    await recordProposalEvent(trx, accountId, proposalId, { type: 'viewed', actor, data: { from: 'sent', to: 'viewed' }, at: now })
    await recordDomainEvent(trx, clock, { accountId, type: 'proposal.viewed', proposalId, data: eventData(link, 'viewed') })
  }
  return statusAfter
}

async function withHtml(db: Db, view: SigningView): Promise<SigningView> {
  const file = await findProposalFile(db, view.accountId, view.proposalId, 'html')
  return { ...view, html: file ? Buffer.from(file.bytes).toString('utf8') : null }
}

/** The link is usable for an action only while it is the signer's turn and they have not finished (the refusal's page still shows the document, as opening the link does). */
function refusal(link: LinkContext): { outcome: 'already_done' | 'not_your_turn'; view: SigningView } | null {
  const { status } = link.view.signer
  if (status === 'signed' || status === 'rejected') return { outcome: 'already_done', view: link.view }
  if (!link.view.isTheirTurn) return { outcome: 'not_your_turn', view: link.view }
  return null
}

export interface SigningOptions {
  /** PUBLIC_URL: the next signers' invitations carry their links. */
  baseUrl: string
  /** SMTP_URL is set (an e-mailed code can reach the signer); absent: it is not. */
  emailDelivery?: boolean
}

/** The signer asks for a code by e-mail (their authentication is 'email_code'). */
export async function requestEmailCode(db: Db, clock: Clock, token: string, options: SigningOptions): Promise<CodeRequestOutcome> {
  const link = await findLink(db, clock, token)
  if (!link) return { outcome: 'invalid_link' }
  const refused = refusal(link)
  if (refused) return { ...refused, view: await withHtml(db, refused.view) }
  const view = await withHtml(db, link.view)
  if (link.view.signer.authentication !== 'email_code') return { outcome: 'not_required', view }
  if (options.emailDelivery !== true) return { outcome: 'unavailable', view }
  const { accountId, proposalId } = link.view
  const issued = await db.transaction().execute((trx) =>
    issueEmailCode(trx, clock, {
      accountId,
      proposalId,
      signerId: link.signerId,
      signerName: link.view.signer.name,
      email: link.view.signer.email,
      accountName: link.view.accountName,
      proposal: { number: link.view.proposal.number, title: link.view.proposal.title },
    }),
  )
  return { ...issued, view }
}

/** The code's part of a signature: its format alone while other fields are wrong (no guess is judged, none is spent), then the code itself. */
async function judgeEmailCode(db: Db, clock: Clock, link: LinkContext, typed: string, othersOk: boolean): Promise<{ digest: string | null; problem?: EmailCodeProblem }> {
  if (link.view.signer.authentication !== 'email_code') return { digest: null }
  const parsed = parseEmailCode(typed)
  if ('problem' in parsed) return { digest: null, problem: parsed.problem }
  if (!othersOk) return { digest: null }
  const checked = await checkEmailCode(db, clock, link.view.accountId, link.signerId, parsed.code)
  return checked.ok ? { digest: checked.digest } : { digest: null, problem: checked.problem }
}

/**
 * Records the signature with its evidence. When it completes a signing-order group, the next group
 * is invited (only now); when it was the last one, the document is signed and the final PDF is
 * left to the 'proposal.finalize' job.
 */
export async function signAsSigner(db: Db, clock: Clock, token: string, input: SignInput, client: SigningClient, options: SigningOptions): Promise<SignOutcome> {
  const link = await findLink(db, clock, token)
  if (!link) return { outcome: 'invalid_link' }
  const refused = refusal(link)
  if (refused) return { ...refused, view: await withHtml(db, refused.view) }
  const checked = checkSignInput(input, { name: link.view.signer.name, cpf: link.signerCpf })
  const code = await judgeEmailCode(db, clock, link, input.emailCode ?? '', checked.ok)
  if (!checked.ok || code.problem !== undefined) {
    const errors: SignInputErrors = { ...(checked.ok ? {} : checked.errors), ...(code.problem === undefined ? {} : { emailCode: code.problem }) }
    return { outcome: 'invalid_input', view: await withHtml(db, link.view), errors }
  }
  const value = checked.value

  let documentSigned: boolean
  try {
    documentSigned = await db.transaction().execute(async (trx) => {
      const now = isoNow(clock)
      const { accountId, proposalId } = link.view
      const locked = await lockOpenDocument(trx, link, now)
      // Spent under the lock: replaced, worn out or expired since it was judged, nothing is kept.
      if (code.digest !== null && !(await consumeEmailCode(trx, clock, accountId, link.signerId, code.digest))) throw new CodeSpent()
      const signers = await trx
        .selectFrom('proposal_signers')
        .select(['id', 'name', 'email', 'status', 'signing_order', 'sign_token'])
        .where('account_id', '=', accountId)
        .where('proposal_id', '=', proposalId)
        .execute()
      // Re-checked under the lock: an earlier signer may have rejected meanwhile.
      const ready = signers.every((other) => other.signing_order >= link.view.signer.signingOrder || other.status === 'signed')
      if (!ready) throw new StaleLink()
      // Signing implies having seen the document: a form posted without opening the page first
      // (a script, a stale tab) records the viewing too, so the history reads sent → viewed → signed
      // (→ rejected alike).
      const statusBefore = link.viewedAt === null ? await recordViewing(trx, clock, link, client, locked) : locked
      const updated = await trx
        .updateTable('proposal_signers')
        .set((eb) => ({
          status: 'signed',
          signed_at: now,
          viewed_at: eb.fn.coalesce('viewed_at', eb.val(now)),
          cpf: link.signerCpf ?? value.cpf,
          signed_name: value.name,
          signed_cpf: value.cpf,
          signature_kind: value.kind,
          signature_data: value.data,
          signed_ip: client.ip,
          signed_user_agent: client.userAgent,
          consent_text: link.view.consentText,
          signed_document_sha256: link.view.proposal.originalSha256,
          signed_authentication: code.digest !== null ? 'email_code' : null,
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', link.signerId)
        .where('sign_token', '=', link.token)
        .where('status', 'in', ['pending', 'sent', 'viewed'])
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) throw new StaleLink()

      const actor = signerActor(link)
      await recordProposalEvent(trx, accountId, proposalId, {
        type: 'signer_signed',
        actor,
        data: {
          signer: signerSummary(link),
          signature_kind: value.kind,
          ...(code.digest !== null ? { authentication: 'email_code' } : {}),
          ip: client.ip,
          user_agent: client.userAgent,
          document_sha256: link.view.proposal.originalSha256,
        },
        at: now,
      })
      const remaining = signers.filter((other) => other.id !== link.signerId && other.status !== 'signed')
      const statusAfter: ProposalStatus = remaining.length === 0 ? 'signed' : statusBefore
      const authentication: SignerAuthentication = code.digest !== null ? 'email_code' : 'link'
      await recordDomainEvent(trx, clock, { accountId, type: 'signer.signed', proposalId, signerId: link.signerId, data: eventData(link, statusAfter, 'signed', { authentication }) })

      if (remaining.length === 0) {
        await trx
          .updateTable('proposals')
          .set({ status: 'signed', signed_at: now, updated_at: now })
          .where('account_id', '=', accountId)
          .where('id', '=', proposalId)
          .execute()
        await recordProposalEvent(trx, accountId, proposalId, { type: 'signed', actor, data: { from: statusBefore, to: 'signed' }, at: now })
        await recordDomainEvent(trx, clock, { accountId, type: 'proposal.signed', proposalId, data: eventData(link, 'signed') })
        await enqueueJob(trx, clock, { kind: FINALIZE_JOB, accountId, payload: { proposalId } })
        return true
      }

      await tellSeller(trx, clock, link, { type: 'signed', remaining: remaining.length }, options)
      // The next group is invited only once every earlier signer has signed, and only once.
      const nextOrder = Math.min(...remaining.map((other) => other.signing_order))
      const next = remaining.filter((other) => other.signing_order === nextOrder && other.status === 'pending' && other.sign_token !== null)
      if (next.length > 0) {
        const correspondence = await signerCorrespondence(trx, accountId, { seller_id: link.sellerId, signer_message: link.view.message })
        for (const signer of next) {
          await trx.updateTable('proposal_signers').set({ status: 'sent', sent_at: now }).where('account_id', '=', accountId).where('id', '=', signer.id).where('status', '=', 'pending').execute()
          const part = correspondenceFor(correspondence, signer.email)
          const email = invitationEmail({
            ...part.text,
            proposal: { number: link.view.proposal.number, title: link.view.proposal.title },
            signer: { name: signer.name },
            signUrl: signingLinkUrl(options.baseUrl, signer.sign_token!),
            validUntil: link.view.proposal.validUntil,
          })
          await queueEmail(trx, clock, { accountId, proposalId, kind: 'invitation', to: signer.email, ...email, replyTo: part.replyTo })
        }
        await recordProposalEvent(trx, accountId, proposalId, {
          type: 'signers_invited',
          actor: SYSTEM_ACTOR,
          data: { signing_order: nextOrder, signers: next.map((signer) => ({ id: signer.id, name: signer.name, email: signer.email })) },
          at: now,
        })
      }
      return false
    })
  } catch (error) {
    if (error instanceof StaleLink) return { outcome: 'invalid_link' }
    if (error instanceof CodeSpent) return { outcome: 'invalid_input', view: await withHtml(db, link.view), errors: { emailCode: 'expired' } }
    throw error
  }
  const after = await findLink(db, clock, token)
  // A signed document's links are closed: the page shows the signer's own record, not the document.
  const view: SigningView = after?.view ?? { ...link.view, proposal: { ...link.view.proposal, status: documentSigned ? 'signed' : link.view.proposal.status }, signer: { ...link.view.signer, status: 'signed', signedAt: isoNow(clock) }, isTheirTurn: false }
  return { outcome: 'signed', view, documentSigned }
}

/** The signer refuses: the document is rejected at once and the account is told why. */
export async function rejectAsSigner(db: Db, clock: Clock, token: string, reason: string, client: SigningClient): Promise<RejectOutcome> {
  const link = await findLink(db, clock, token)
  if (!link) return { outcome: 'invalid_link' }
  const refused = refusal(link)
  if (refused) return { ...refused, view: await withHtml(db, refused.view) }
  const text = reason.trim()
  if (text === '' || [...text].length > REJECT_REASON_MAX_CHARS) {
    return { outcome: 'invalid_input', view: await withHtml(db, link.view), errors: { reason: text === '' ? 'required' : 'too_long' } }
  }

  try {
    await db.transaction().execute(async (trx) => {
      const now = isoNow(clock)
      const { accountId, proposalId } = link.view
      // Rejecting implies having seen the document too (see signAsSigner).
      const locked = await lockOpenDocument(trx, link, now)
      const statusBefore = link.viewedAt === null ? await recordViewing(trx, clock, link, client, locked) : locked
      await trx
        .updateTable('proposals')
        .set({ status: 'rejected', rejected_at: now, updated_at: now })
        .where('account_id', '=', accountId)
        .where('id', '=', proposalId)
        .execute()
      const signer = await trx
        .updateTable('proposal_signers')
        .set({ status: 'rejected', rejected_at: now, reject_reason: text })
        .where('account_id', '=', accountId)
        .where('id', '=', link.signerId)
        .where('sign_token', '=', link.token)
        .where('status', 'in', ['pending', 'sent', 'viewed'])
        .executeTakeFirst()
      if (Number(signer.numUpdatedRows) !== 1) throw new StaleLink()

      const actor = signerActor(link)
      await recordProposalEvent(trx, accountId, proposalId, {
        type: 'rejected',
        actor,
        data: { from: statusBefore, to: 'rejected', signer: signerSummary(link), reason: text, ip: client.ip, user_agent: client.userAgent },
        at: now,
      })
      await recordDomainEvent(trx, clock, { accountId, type: 'signer.rejected', proposalId, signerId: link.signerId, data: { ...eventData(link, 'rejected', 'rejected'), reason: text } })
      await recordDomainEvent(trx, clock, { accountId, type: 'proposal.rejected', proposalId, data: { ...eventData(link, 'rejected'), reason: text } })

      const message = rejectedEmail({
        accountName: link.view.accountName,
        proposal: { number: link.view.proposal.number, title: link.view.proposal.title },
        signerName: link.view.signer.name,
        reason: text,
      })
      for (const to of await sellerOrAdmins(trx, accountId, link.sellerId, 'always')) {
        await queueEmail(trx, clock, { accountId, proposalId, kind: 'rejected', to, ...message })
      }
    })
  } catch (error) {
    if (error instanceof StaleLink) return { outcome: 'invalid_link' }
    throw error
  }
  return { outcome: 'rejected', view: { ...link.view, proposal: { ...link.view.proposal, status: 'rejected' }, signer: { ...link.view.signer, status: 'rejected' }, isTheirTurn: false } }
}
