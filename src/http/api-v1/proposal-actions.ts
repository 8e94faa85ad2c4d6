// PATCH /proposals/{id}, the lifecycle actions (send, resend, cancel, mark-signed, a discount's
// approval asked for), an internal comment and the correction
// of a signer's contact (PATCH /proposals/{id}/signers/{signer_id}): each finds
// the document by the same references as GET /proposals/{id}, runs one module action with the
// token as the actor, and answers 200 with the whole document as it now is. Idempotency-Key
// applies to the POSTs (index.ts); each action binds its key inside its own transaction, so a
// retry after a crash answers with the document instead of acting twice.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../platform/db/connect.js'
import { bindIdempotencyResource } from '../../modules/integrations/idempotency.js'
import { type ActionContext, actionContextOf } from '../../modules/lifecycle/action-context.js'
import { cancelProposal } from '../../modules/lifecycle/cancel-proposal.js'
import { requestDiscountApproval } from '../../modules/lifecycle/discount-approval.js'
import { markProposalSigned } from '../../modules/lifecycle/mark-proposal-signed.js'
import { patchProposal } from '../../modules/lifecycle/patch-proposal.js'
import { resendProposal } from '../../modules/lifecycle/resend-proposal.js'
import { sendProposal } from '../../modules/lifecycle/send-proposal.js'
import { updateSignerContact } from '../../modules/lifecycle/update-signer-contact.js'
import { addProposalComment } from '../../modules/proposals/proposal-comments.js'
import { getProposalDetail, proposalKeyOf, proposalNotFound, type ProposalReferenceKind } from '../../modules/proposals/get-proposal.js'
import { findProposalHeader } from '../../modules/proposals/proposal-repository.js'
import type { ErrorCode } from '../../platform/errors.js'
import { accountDay, principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { WRITE_AUTH_ERRORS, BODY_ERRORS, emptyBodyIsObject, problemResponses } from './schemas/common.js'
import { ProposalDetailSchema } from './schemas/proposal.js'
import { CancelBody, CommentBody, MarkSignedBody, PatchProposalBody, ProposalReferenceParams, ProposalReferenceQuery, RequestDiscountApprovalBody, ResendBody, SendBody, SignerContactBody, SignerReferenceParams } from './schemas/proposal-actions.js'

/** A 10 MB scan is about 13.4 MB of base64, plus the JSON around it. */
const MARK_SIGNED_BODY_LIMIT = 14 * 1024 * 1024

const IDEMPOTENCY_ERRORS: ErrorCode[] = ['idempotency_key_in_progress', 'idempotency_key_reused']
const REFERENCE_ERRORS: ErrorCode[] = ['proposal_not_found', 'invalid_status_transition']

const ID_TEXT = ' `id` takes the same forms as in `GET /proposals/{id}` (internal ID, `external_uuid`, or your reference with `by=external_reference`); another account’s document is a 404 like a missing one.'
const REFERENCE_TEXT = `${ID_TEXT} An action the current status does not allow is a 409 \`invalid_status_transition\` with \`current_status\`, and changes nothing.`

/** The internal id of the token's account's document the path's `id` (and `by`) names; 404 proposal_not_found otherwise. */
export async function resolveProposalId(db: Db, request: FastifyRequest): Promise<number> {
  const { id } = request.params as { id: string }
  const { by } = request.query as { by?: ProposalReferenceKind }
  const key = proposalKeyOf(id, by)
  const header = key && (await findProposalHeader(db, principalOf(request).accountId, key))
  if (!header) throw proposalNotFound(id)
  return header.id
}

/** A lifecycle action's context: the token acts, and a POST's Idempotency-Key is bound to `resourceId` in the action's transaction. */
export function apiActionContext(request: FastifyRequest, { clock, config }: Pick<ApiContext, 'clock' | 'config'>, resourceId: (trx: Db) => number | Promise<number>): ActionContext {
  const principal = principalOf(request)
  const claimId = request.idempotencyClaim
  const actor = { type: 'api_token' as const, id: principal.tokenId, name: principal.tokenName }
  const bind = claimId === null ? undefined : async (trx: Db) => bindIdempotencyResource(trx, claimId, await resourceId(trx))
  return actionContextOf(principal, actor, { clock, publicUrl: config.publicUrl, smtpUrl: config.smtpUrl }, bind)
}

export function proposalActionRoutes(app: ApiInstance, { db, clock, config }: ApiContext): void {
  const resolveId = (request: FastifyRequest) => resolveProposalId(db, request)

  function contextOf(request: FastifyRequest, id: number): ActionContext {
    return apiActionContext(request, { clock, config }, () => id)
  }

  async function answer(request: FastifyRequest, reply: FastifyReply, id: number) {
    const detail = await getProposalDetail(db, principalOf(request).accountId, { by: 'id', id }, config.publicUrl, accountDay(request, clock))
    return reply.code(200).send(detail!)
  }

  /** The action ran (its key is bound) but the process died before storing the answer: the document as it is now. */
  async function recover(request: FastifyRequest, reply: FastifyReply) {
    return answer(request, reply, await resolveId(request))
  }

  app.patch(
    '/proposals/:id',
    {
      schema: {
        operationId: 'updateProposal',
        tags: ['Proposals'],
        summary: 'Update a draft',
        description: `Changes a draft. Send only the fields to change: each one present replaces the stored value (\`items\`, \`signers\` and \`fields\` wholesale), the others are kept; the result is checked exactly like a creation (every bad field at once). Only drafts change: once sent, a document is what the customer saw.${REFERENCE_TEXT}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        body: PatchProposalBody,
        response: { 200: { ...ProposalDetailSchema, description: 'The updated document (same body as GET /proposals/{id}).' }, ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, ...REFERENCE_ERRORS, 'customer_conflict', 'duplicate_external_reference']) },
      },
    },
    async (request, reply) => {
      const id = await resolveId(request)
      await patchProposal(db, contextOf(request, id), id, request.body)
      return answer(request, reply, id)
    },
  )

  app.patch(
    '/proposals/:id/signers/:signer_id',
    {
      schema: {
        operationId: 'updateSignerContact',
        tags: ['Proposal lifecycle'],
        summary: "Correct a signer's e-mail or phone",
        description: `Corrects the contact of a signer who has neither signed nor refused, while the document waits for signatures (\`sent\` or \`viewed\`); a draft is changed with PATCH /proposals/{id}. A new e-mail gets a new private link (\`url_to_sign\`) and the old one stops working at once, since it may have reached the wrong person; when it is the signer's turn, an invitation goes to the new address (within the daily cap of 3 messages per signer: 429 \`resend_limit_reached\`). A signer who already opened the old link is \`sent\` again. A signer who signed or refused is 409 \`signer_already_answered\`; a signer id the document does not have is 404 \`signer_not_found\`; another signer's e-mail is 422 on \`/email\`. Sending the stored values changes nothing. The history records \`signer_contact_changed\` with the old and new values.${REFERENCE_TEXT}`,
        params: SignerReferenceParams,
        querystring: ProposalReferenceQuery,
        body: SignerContactBody,
        response: {
          200: { ...ProposalDetailSchema, description: 'The document with the corrected signer.' },
          ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, ...REFERENCE_ERRORS, 'signer_not_found', 'signer_already_answered', 'resend_limit_reached']),
        },
      },
    },
    async (request, reply) => {
      const id = await resolveId(request)
      const { email, phone } = request.body
      await updateSignerContact(db, contextOf(request, id), id, {
        signerId: request.params.signer_id,
        ...(email === undefined ? {} : { email }),
        ...(phone === undefined ? {} : { phone: phone ?? '' }),
      })
      return answer(request, reply, id)
    },
  )

  app.post(
    '/proposals/:id/send',
    {
      schema: {
        operationId: 'sendProposal',
        tags: ['Proposal lifecycle'],
        summary: 'Send a draft',
        description: `Freezes the draft and sends it: its PDF is generated and stored with its SHA-256 (\`original_sha256\`), and the status becomes \`sent\`. Digital: every signer gets a private link; the first group in the signing order is invited by e-mail now (their \`url_to_sign\` appears in the answer, so you may also deliver it yourself), the next ones when the previous have signed. A digital document needs at least one signer (422 \`proposal_without_signers\`), and e-mail delivery (SMTP_URL) when a signer's \`authentication\` is \`email_code\` (422 \`email_delivery_required\`). A document whose \`valid_until\` is before today (the account's time zone) is not sent (422 \`validity_ended\`): PATCH a later date first. When the account asks an admin's approval for discounts above a share of the subtotal (Configurações → Conta, or a seller's own limit in Cadastros › Usuários), a draft past it is not sent until an admin approves it in the web app (422 \`discount_approval_required\`, with \`discount_percent\` and \`limit_percent\`; ask for it with \`POST /proposals/{id}/request-discount-approval\`, and the webhook event \`proposal.discount_approved\` says when); the approval and its request are in the history (\`discount_approved\`, \`discount_approval_requested\`). Paper: no links; record the signature with \`mark-signed\`. An optional \`message\` goes to the signers with their invitations and reminders (\`signer_message\` in the detail). A signer's reply to any of these e-mails reaches the document's seller (the company's e-mail when the seller is inactive or absent; no reply address when neither exists). Event \`proposal.sent\`.${REFERENCE_TEXT}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        body: SendBody,
        response: {
          200: { ...ProposalDetailSchema, description: 'The sent document.' },
          ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, ...REFERENCE_ERRORS, 'proposal_changed_concurrently', 'proposal_without_signers', 'email_delivery_required', 'validity_ended', 'discount_approval_required', 'documents_busy', ...IDEMPOTENCY_ERRORS]),
        },
      },
      preValidation: emptyBodyIsObject,
      config: { recoverIdempotentResponse: recover },
    },
    async (request, reply) => {
      const id = await resolveId(request)
      await sendProposal(db, contextOf(request, id), id, { message: request.body?.message })
      return answer(request, reply, id)
    },
  )

  app.post(
    '/proposals/:id/request-discount-approval',
    {
      schema: {
        operationId: 'requestDiscountApproval',
        tags: ['Proposal lifecycle'],
        summary: "Ask for a discount's approval",
        description: `For a draft whose discount is above the share of the subtotal its seller may give without approval (their own limit, else the account's; a send answers 422 \`discount_approval_required\`): asks the account's admins to approve it, by e-mail naming the token as the integration that asks. The history records \`discount_approval_requested\` with the figures; asking again before an answer, for the same figures, records nothing and e-mails no one, and a draft that needs no approval or has one changes nothing either (its history says which). An admin approves on the document's page; the webhook event \`proposal.discount_approved\` then says it may be sent. Drafts only.${REFERENCE_TEXT}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        body: RequestDiscountApprovalBody,
        response: {
          200: { ...ProposalDetailSchema, description: 'The document; the admins are told when the request is new.' },
          ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, ...REFERENCE_ERRORS, ...IDEMPOTENCY_ERRORS]),
        },
      },
      preValidation: emptyBodyIsObject,
      config: { recoverIdempotentResponse: recover },
    },
    async (request, reply) => {
      const id = await resolveId(request)
      await requestDiscountApproval(db, contextOf(request, id), id)
      return answer(request, reply, id)
    },
  )

  app.post(
    '/proposals/:id/comments',
    {
      schema: {
        operationId: 'commentProposal',
        tags: ['Proposals'],
        summary: 'Add an internal comment',
        description: `Adds a comment to a document in any status: a note of the negotiation for the account's users and integrations (the web app shows them on the document's page, under "Comentários internos"), never shown to the customer or the signers (the document's \`notes\` are what the customer reads). The history records \`comment_added\` with the token as its author and the text in \`data.text\`; the document's \`updated_at\` moves (the change feed lists it) and the webhook event \`proposal.commented\` carries the comment. Colleagues named in \`notify\` are told by e-mail, and so is the document's seller (or, without an active one, the account's admins), unless they turned their activity notices off. Comments are neither edited nor deleted: a correction is another comment. A document takes at most 500 (409 \`too_many_comments\`).${ID_TEXT}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        body: CommentBody,
        response: {
          200: { ...ProposalDetailSchema, description: 'The document, its history ending with the comment.' },
          ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, 'proposal_not_found', 'too_many_comments', ...IDEMPOTENCY_ERRORS]),
        },
      },
      config: { recoverIdempotentResponse: recover },
    },
    async (request, reply) => {
      const id = await resolveId(request)
      await addProposalComment(db, contextOf(request, id), id, { text: request.body.text, notify: { emails: request.body.notify ?? [] } })
      return answer(request, reply, id)
    },
  )

  app.post(
    '/proposals/:id/resend',
    {
      schema: {
        operationId: 'resendProposal',
        tags: ['Proposal lifecycle'],
        summary: 'Remind signers',
        description: `E-mails the signing link again to the signers whose turn it is and who have not signed yet (status \`sent\` or \`viewed\`): all of them, or the ones in \`signer_ids\`. Digital documents that are \`sent\` or \`viewed\` only. Not once its \`valid_until\` is past (422 \`validity_ended\`: the links are dead and the document expires at the next check). Each signer receives at most 3 reminders per calendar day in the account’s time zone: past that, 429 \`resend_limit_reached\` with \`Retry-After\` (seconds to the next local day) and nothing is sent. The history records \`resent\` with the signer ids.${REFERENCE_TEXT}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        body: ResendBody,
        response: {
          200: { ...ProposalDetailSchema, description: 'The document; the reminders are queued.' },
          ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, ...REFERENCE_ERRORS, 'resend_limit_reached', 'validity_ended', ...IDEMPOTENCY_ERRORS]),
        },
      },
      preValidation: emptyBodyIsObject,
      config: { recoverIdempotentResponse: recover },
    },
    async (request, reply) => {
      const id = await resolveId(request)
      const signerIds = request.body?.signer_ids
      await resendProposal(db, contextOf(request, id), id, signerIds === undefined ? {} : { signerIds })
      return answer(request, reply, id)
    },
  )

  app.post(
    '/proposals/:id/cancel',
    {
      schema: {
        operationId: 'cancelProposal',
        tags: ['Proposal lifecycle'],
        summary: 'Cancel a document',
        description: `Cancels a \`draft\`, \`sent\` or \`viewed\` document with a reason (\`cancel_reason\`, \`cancelled_at\`). Its signing links stop working at once (\`url_to_sign\` becomes null). Event \`proposal.cancelled\`.${REFERENCE_TEXT}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        body: CancelBody,
        response: { 200: { ...ProposalDetailSchema, description: 'The cancelled document.' }, ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, ...REFERENCE_ERRORS, ...IDEMPOTENCY_ERRORS]) },
      },
      config: { recoverIdempotentResponse: recover },
    },
    async (request, reply) => {
      const id = await resolveId(request)
      await cancelProposal(db, contextOf(request, id), id, { reason: request.body.reason })
      return answer(request, reply, id)
    },
  )

  app.post(
    '/proposals/:id/mark-signed',
    {
      bodyLimit: MARK_SIGNED_BODY_LIMIT,
      schema: {
        operationId: 'markProposalSigned',
        tags: ['Proposal lifecycle'],
        summary: 'Record a paper signature',
        description: `For paper documents that are \`sent\` or \`viewed\`: records that it was signed on paper (\`signed_at\`, default now) and optionally keeps the scan (PDF, JPEG or PNG, at most 10 MB decoded; this route accepts bodies up to 14 MiB). A digital document is signed by its signers only: 409 \`invalid_status_transition\`. Event \`proposal.signed\`.${REFERENCE_TEXT}`,
        params: ProposalReferenceParams,
        querystring: ProposalReferenceQuery,
        body: MarkSignedBody,
        response: { 200: { ...ProposalDetailSchema, description: 'The signed document.' }, ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, ...REFERENCE_ERRORS, ...IDEMPOTENCY_ERRORS]) },
      },
      preValidation: emptyBodyIsObject,
      config: { recoverIdempotentResponse: recover },
    },
    async (request, reply) => {
      const id = await resolveId(request)
      const body = request.body ?? {}
      await markProposalSigned(db, contextOf(request, id), id, {
        ...(body.signed_at !== undefined ? { signedAt: body.signed_at } : {}),
        ...(body.scan ? { scan: { fileName: body.scan.file_name, contentType: body.scan.content_type, contentBase64: body.scan.content_base64 } } : {}),
      })
      return answer(request, reply, id)
    },
  )
}
