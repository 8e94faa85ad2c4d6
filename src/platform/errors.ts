// One error type for the whole application. Modules throw AppError with a stable code; the
// HTTP layer turns it into an RFC 9457 problem. Each code is documented here, where it is defined,
// and the same table feeds the OpenAPI document and the /api-docs/errors page.

export const ERROR_CODES = {
  validation_failed: { status: 422, title: 'Validation failed', doc: 'The request has invalid, missing or unknown fields; `errors` lists every one with its JSON pointer.' },
  customer_conflict: { status: 422, title: 'Customer conflict', doc: 'Inline customer data names a new code, but its document already belongs to a customer with another code.' },
  malformed_json: { status: 400, title: 'Malformed JSON', doc: 'The body is not valid JSON (or not valid UTF-8).' },
  request_aborted: { status: 400, title: 'Request aborted', doc: 'The connection closed before the request body was read, so nothing was done. Seen only in the request log (marked `client_closed`): the client that hung up never reads this answer. Send the request again (with the same `Idempotency-Key` for a creation).' },
  missing_token: { status: 401, title: 'Missing token', doc: 'No `Authorization: Bearer <token>` header was sent.' },
  invalid_token: { status: 401, title: 'Invalid token', doc: 'The bearer token is malformed, unknown, regenerated or revoked.' },
  plan_without_api: { status: 403, title: 'Plan without API access', doc: "The account's plan does not include the API." },
  token_read_only: { status: 403, title: 'Read-only token', doc: 'This token may only read (`GET`): it was created read-only in Configurações → Integrações. Nothing was changed. Use a token with read and write access for this call.' },
  request_log_not_found: { status: 404, title: 'Request log entry not found', doc: 'No request log entry of this account has this id.' },
  route_not_found: { status: 404, title: 'Route not found', doc: 'No endpoint answers this path (under any method).' },
  method_not_allowed: { status: 405, title: 'Method not allowed', doc: 'The path exists but does not answer this method; `allowed_methods` and the `Allow` header list those it answers.' },
  customer_not_found: { status: 404, title: 'Customer not found', doc: 'No customer of this account matches the reference.' },
  proposal_not_found: { status: 404, title: 'Proposal not found', doc: 'No document of this account matches the reference.' },
  attachment_not_found: { status: 404, title: 'Attachment not found', doc: 'The document has no attachment with this id (it was removed, or belongs to another document).' },
  too_many_comments: { status: 409, title: 'Too many comments', doc: 'The document already has the most internal comments it may have (500): a history that long is no longer read. Nothing changed.' },
  too_many_attachments: { status: 409, title: 'Too many attachments', doc: 'The document already has the most attachments it may have (10); remove one before adding another. Nothing changed.' },
  webhook_not_found: { status: 404, title: 'Webhook not found', doc: 'No webhook endpoint of this account has this id.' },
  webhook_delivery_not_found: { status: 404, title: 'Webhook delivery not found', doc: 'No delivery of this webhook endpoint has this id.' },
  webhook_limit_reached: { status: 422, title: 'Webhook limit reached', doc: 'The account already has the most webhook endpoints it may have (20); delete one before adding another.' },
  webhook_url_not_allowed: { status: 422, title: 'Webhook URL not allowed', doc: 'The webhook `url` resolves to a private, loopback, link-local or otherwise non-public address (or does not resolve); `errors` names `/url`. Webhooks only call public addresses.' },
  ambiguous_customer_reference: { status: 409, title: 'Ambiguous customer reference', doc: 'The reference matches different customers by ID, code and document; pass `lookup=id|code|document`.' },
  duplicate_external_reference: { status: 409, title: 'Duplicate external reference', doc: 'Another document of this account already has this `external_reference`.' },
  scan_not_found: { status: 404, title: 'Scan not found', doc: 'The document has no scan: only a paper document marked signed with a `scan` attached has one.' },
  document_not_signed: { status: 409, title: 'Document not signed', doc: 'There is no signed PDF yet (`version=signed` before every required signer has signed); `current_status` says where the document stands. Ask for `version=original`, or omit `version`.' },
  idempotency_key_in_progress: { status: 409, title: 'Idempotency key in progress', doc: 'A request with this `Idempotency-Key` is still being processed; retry after it finishes.' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused', doc: 'This `Idempotency-Key` was used (within 24 hours) for a request with another method, path or body.' },
  quota_exceeded: { status: 429, title: 'Monthly quota exceeded', doc: "The account reached its monthly limit of document creations through the API; `Retry-After` says when the next month starts. Support raises the limit." },
  rate_limited: { status: 429, title: 'Too many requests', doc: 'Too many requests for this token (or too many invalid tokens from this address); wait `Retry-After` seconds.' },
  payload_too_large: { status: 413, title: 'Payload too large', doc: 'The body exceeds the size limit (1 MiB by default).' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type', doc: 'Request bodies must be `application/json`.' },
  // ── lifecycle actions (send, resend, cancel, mark-signed, update, signer contact) ──
  invalid_status_transition: { status: 409, title: 'Invalid status transition', doc: 'The document\'s status does not allow this action (e.g. sending a cancelled document, updating a sent one, marking a digital document signed); `current_status` says where it stands. Nothing changed.' },
  proposal_changed_concurrently: { status: 409, title: 'Document changed meanwhile', doc: 'The draft was edited while it was being sent (twice in a row); send it again.' },
  validity_ended: { status: 422, title: 'Validity ended', doc: "The document's `valid_until` is before today in the account's time zone, so its signing links would not open: nothing was sent. Send: PATCH a later `valid_until` (or null) first. Resend: the document expires at the next check (within 10 minutes)." },
  proposal_without_signers: { status: 422, title: 'Document without signers', doc: 'A digital document needs at least one signer before it can be sent.' },
  email_delivery_required: { status: 422, title: 'E-mail delivery required', doc: "A signer of this digital document signs with a code sent by e-mail (`authentication: email_code`), but this installation delivers no e-mail (no SMTP_URL), and the code is never shown in the outbox: nothing was sent. PATCH the signer's `authentication` to `link`, or configure SMTP_URL, and send again." },
  discount_approval_required: { status: 422, title: 'Discount approval required', doc: "The account asks an admin's approval for discounts above a share of the subtotal (`limit_percent`: the draft's seller's own limit, set in Cadastros › Usuários, else the account's, in Configurações → Conta), and this draft's discount (`discount_percent`) is above it with no approval that covers it: nothing was sent. An admin approves it on the document's page in the web app; any user may ask for it there, and an integration with `POST /proposals/{id}/request-discount-approval` (the webhook event `proposal.discount_approved` then says it may be sent). An approval holds while the discount stays no larger a share of the subtotal. Lowering the discount (PATCH the items) also lets it go." },
  documents_busy: { status: 429, title: 'Documents busy', doc: 'Too many of this account\'s documents are being rendered right now (PDFs of drafts, sends), or too many of the server\'s: documents are rendered one at a time, each account taking its turn. Nothing was changed; retry after `Retry-After` seconds.' },
  signer_not_found: { status: 404, title: 'Signer not found', doc: 'The document has no signer with this id (the `id` of an entry of its `signers`).' },
  signer_already_answered: { status: 409, title: 'Signer already answered', doc: 'The signer has signed or refused (`signer_status`): their record is evidence of what happened and is not changed.' },
  resend_limit_reached: { status: 429, title: 'Reminder limit reached', doc: 'A signer may receive at most 3 reminders per day (in the account\'s time zone); `Retry-After` says when the next day starts. Nothing was sent.' },
  // ── end lifecycle actions ──
  internal_error: { status: 500, title: 'Internal error', doc: 'Something failed on our side; the request id lets support find it in the logs.' },
} as const satisfies Record<string, { status: number; title: string; doc: string }>

export type ErrorCode = keyof typeof ERROR_CODES

/** One field at fault. `path` is a JSON pointer into the part named by `in`. */
export interface FieldError {
  in: 'body' | 'query' | 'path' | 'header'
  path: string
  message: string
}

export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail)
    this.name = 'AppError'
    this.status = ERROR_CODES[code].status
  }
}

/** The seconds an error's `Retry-After` header asks for (1 when it has none). */
export function retryAfterSeconds(error: AppError): number {
  const header = Object.entries(error.extras.headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after')
  const seconds = Number(header?.[1])
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 1
}

export function validationError(errors: FieldError[], detail?: string): AppError {
  const count = errors.length
  return new AppError('validation_failed', detail ?? `${count} field${count === 1 ? '' : 's'} failed validation.`, { errors })
}

/** Collects field errors across a whole input so one response can name every one of them. */
export class FieldErrors {
  readonly list: FieldError[] = []
  add(path: string, message: string, location: FieldError['in'] = 'body'): void {
    this.list.push({ in: location, path, message })
  }
  get empty(): boolean {
    return this.list.length === 0
  }
  throwIfAny(): void {
    if (!this.empty) throw validationError(this.list)
  }
}
