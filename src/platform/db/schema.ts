// The Kysely view of every table. Rows are storage shapes: API and page shapes come from
// the mappers of each module, never from these types directly.
import type { ColumnType, Generated, SqlBool } from 'kysely'

/** ISO 8601 UTC instant, e.g. 2026-11-29T20:29:17.123Z (text on SQLite, timestamptz on PostgreSQL). */
export type Instant = string
/** Calendar date YYYY-MM-DD (text on SQLite, date on PostgreSQL). */
export type CalendarDate = string
/** Booleans are 0/1 on SQLite and true/false on PostgreSQL; read them through Boolean(). */
export type Bool = ColumnType<SqlBool, boolean, boolean>

export interface PlansTable {
  id: Generated<number>
  code: string
  name: string
  api_access: Bool
  monthly_creation_limit: number
}

export interface AccountsTable {
  id: Generated<number>
  name: string
  plan_id: number
  time_zone: string
  /** Support's override of the plan's monthly creation limit; null uses the plan's. */
  creation_limit_override: number | null
  /** The company's CNPJ or CPF, normalised (digits, upper case), for its documents (migration 025). */
  document: string | null
  address: string | null
  phone: string | null
  email: string | null
  /** JSON array of the account's addresses that get every signed digital document's copy (migration 045). */
  signed_copy_to_json: Generated<string>
  /** Every how many days the signers who have not signed are reminded automatically; null: never (migration 029). */
  auto_reminder_days: number | null
  /** When they were turned on: only signers invited since are reminded (not every document of the past years at once). */
  auto_reminders_since: Instant | null
  /** The account's usual message to the signers: the send form's start, an API send's default (migration 034). */
  default_signer_message: string | null
  /** Discounts above this many hundredths of a percent of the subtotal need an admin's approval before sending; null: none do (migration 050). */
  discount_approval_above_bp: number | null
  /** Every user must use two-step verification (migration 037). */
  require_two_factor: ColumnType<SqlBool, boolean | undefined, boolean>
  /** Bumped by triggers on every change to what the registration data shows (migration 006). */
  catalog_version: Generated<number>
  created_at: Instant
  updated_at: Instant
}

export interface UsersTable {
  id: Generated<number>
  account_id: number
  email: string
  name: string
  role: 'admin' | 'member'
  is_seller: Bool
  is_default_seller: Bool
  password_hash: string | null
  active: Bool
  /** E-mails about their documents' activity (first open, each signature but the last); migration 033. */
  notify_document_activity: ColumnType<SqlBool, boolean | undefined, boolean>
  /** E-mails a few days before one of their open documents expires; migration 042. */
  notify_expiry_warning: ColumnType<SqlBool, boolean | undefined, boolean>
  /** Their drafts' own discount limit, in hundredths of a percent; null follows the account's (migration 053). */
  discount_approval_above_bp: ColumnType<number | null, number | null | undefined, number | null>
  created_at: Instant
  updated_at: Instant
}

/** Two-step verification of a user's sign-in (migration 036, accounts/two-factor.ts). */
export interface UserAuthenticatorsTable {
  user_id: number
  account_id: number
  /** The authenticator app's secret (base32); verification is on while it is set. */
  secret: string | null
  /** A secret being set up, until its first code is typed. */
  pending_secret: string | null
  enabled_at: Instant | null
  /** The time step of the last code accepted: no code works twice. */
  last_step: number | null
  /** The challenge of a security key being registered (base64url; migration 038), used once. */
  key_challenge: string | null
  key_challenge_expires_at: Instant | null
}

/** A user's security key (WebAuthn credential; migration 038, accounts/security-keys.ts). */
export interface SecurityKeysTable {
  id: Generated<number>
  account_id: number
  user_id: number
  /** The credential's id as the browser gives it (base64url); unique. */
  credential_id: string
  /** The credential's public key, COSE-encoded, base64url. */
  public_key: string
  /** The authenticator's signature counter at its last use (0 for keys that keep none). */
  sign_count: number
  /** JSON array of the transports the browser reported (usb, nfc, ble, internal, hybrid). */
  transports: string
  name: string
  created_at: Instant
  last_used_at: Instant | null
}

export interface RecoveryCodesTable {
  /** SHA-256 (hex) of "<user id>:<code>". */
  id: string
  account_id: number
  user_id: number
  created_at: Instant
}

export interface LoginChallengesTable {
  /** SHA-256 (hex) of the token in the challenge cookie. */
  id: string
  account_id: number
  user_id: number
  /** Where to go once the code is accepted (a safe local path). */
  next_path: string | null
  failures: Generated<number>
  created_at: Instant
  expires_at: Instant
  /** The challenge the code page offered the user's security keys (base64url), used once. */
  key_challenge: string | null
}

export interface ApiTokensTable {
  id: Generated<number>
  account_id: number
  name: string
  /** First characters of the token, safe to display ("vdc_AbCd1234"). */
  prefix: string
  /** Hex SHA-256 of the whole token; the token itself is never stored. */
  token_hash: string
  created_at: Instant
  last_used_at: Instant | null
  revoked_at: Instant | null
  /** 'full' reads and writes; 'read' may only GET (migration 054). */
  access: ColumnType<TokenAccess, TokenAccess | undefined, TokenAccess>
}

/** What a token may do through the API. */
export type TokenAccess = 'full' | 'read'
export const TOKEN_ACCESSES: readonly TokenAccess[] = ['full', 'read']

export function isTokenAccess(value: unknown): value is TokenAccess {
  return typeof value === 'string' && (TOKEN_ACCESSES as readonly string[]).includes(value)
}

export interface CustomersTable {
  id: Generated<number>
  account_id: number
  code: string | null
  name: string
  trade_name: string | null
  document: string | null
  document_type: 'cnpj' | 'cpf' | null
  email: string | null
  phone: string | null
  address_street: string | null
  address_number: string | null
  address_complement: string | null
  address_district: string | null
  address_city: string | null
  address_state: string | null
  address_postal_code: string | null
  created_at: Instant
  updated_at: Instant
  /** The customer's number of documents, kept by triggers (migration 006). */
  proposal_count: Generated<number>
  /** name, trade_name and code folded for searches and the list's order (customer-search-keys.ts, migration 011). */
  name_key: string
  trade_name_key: string
  code_key: string
}

export interface ProductsTable {
  id: Generated<number>
  account_id: number
  code: string
  name: string
  kind: 'product' | 'service'
  unit: string
  price_cents: number
  description: string | null
  active: Bool
  created_at: Instant
  updated_at: Instant
  /** name and code folded for searches and the list's order (product-search-keys.ts, migration 012). */
  name_key: string
  code_key: string
}

export type PaymentMethodKind = 'pix' | 'boleto' | 'credit_card' | 'bank_transfer' | 'other'

export interface PaymentMethodsTable {
  id: Generated<number>
  account_id: number
  name: string
  kind: PaymentMethodKind
  max_installments: number
  /** Days from the signature to the first installment, and between installments (migration 043). */
  first_due_days: Generated<number>
  installment_interval_days: Generated<number>
  /** A date on no banking day moves to the next one (migration 048, proposals/banking-days.ts). */
  due_on_business_days: ColumnType<SqlBool, boolean | undefined, boolean>
  active: Bool
  created_at: Instant
  updated_at: Instant
}

export interface TemplatesTable {
  id: Generated<number>
  account_id: number
  name: string
  description: string | null
  /** LiquidJS source of the document body. */
  body: string
  active: Bool
  /** The number of the template_versions row this one holds (1 when created). */
  version: Generated<number>
  created_at: Instant
  updated_at: Instant
}

/** Every saved version of a template, the current one included (catalog/template-versions.ts). */
export interface TemplateVersionsTable {
  id: Generated<number>
  account_id: number
  template_id: number
  version: number
  name: string
  description: string | null
  body: string
  active: Bool
  saved_at: Instant
  /** The user who saved it (null when no user did: the demo's data, the history's start). */
  saved_by_user_id: number | null
  /** Their name then (support's, were support to save one); null when nobody was named. */
  saved_by_name: string | null
  /** The version this one restored, when it was a restoration. */
  restored_from: number | null
  /** The body's lines added and removed against the version before (null for a template's first). */
  lines_added: number | null
  lines_removed: number | null
  /** The counts are the changed stretch whole: the edit was too large to align line by line. */
  lines_approximate: ColumnType<SqlBool, boolean | undefined, boolean>
  /** What the template held when migration 052 began the history. */
  history_start: ColumnType<SqlBool, boolean | undefined, boolean>
}

export interface SignerRolesTable {
  id: Generated<number>
  account_id: number
  name: string
  active: Bool
  created_at: Instant
  updated_at: Instant
}

/** Every status a document can be in (DESIGN.md's lifecycle), in the order screens list them. */
export const PROPOSAL_STATUSES = ['draft', 'sent', 'viewed', 'signed', 'rejected', 'cancelled', 'expired'] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]
export type SignatureType = 'paper' | 'digital'

export interface ProposalsTable {
  id: Generated<number>
  account_id: number
  number: number
  external_uuid: string
  external_reference: string | null
  title: string
  status: ProposalStatus
  customer_id: number
  seller_id: number | null
  template_id: number
  signature_type: SignatureType
  payment_method_id: number
  installments: number
  /**
   * When the installments fall due: the payment method's terms when the content was last written
   * (migration 043), or the document's own when custom_payment_terms (migration 046).
   */
  first_due_days: Generated<number>
  installment_interval_days: Generated<number>
  custom_payment_terms: ColumnType<SqlBool, boolean | undefined, boolean>
  /** The payment method's choice when the content was last written (migration 048), own terms or not. */
  due_on_business_days: ColumnType<SqlBool, boolean | undefined, boolean>
  /** Paid before the installments, which split the rest (migration 049); 0: none. */
  down_payment_cents: Generated<number>
  /** Days after the signature the down payment falls due (migration 055); 0: on signing, and without one. */
  down_payment_due_days: Generated<number>
  subtotal_cents: number
  discount_cents: number
  total_cents: number
  /** JSON object of template variables. */
  fields_json: string
  /** JSON array of the e-mail addresses that receive the signed copy besides signers and seller (migration 044). */
  copy_to_json: Generated<string>
  notes: string | null
  valid_until: CalendarDate | null
  created_via: 'web' | 'api'
  api_token_id: number | null
  created_by_user_id: number | null
  created_at: Instant
  updated_at: Instant
  /** When the document left each state (migration 005); null until it happens. */
  sent_at: Instant | null
  viewed_at: Instant | null
  signed_at: Instant | null
  rejected_at: Instant | null
  cancelled_at: Instant | null
  cancel_reason: string | null
  expired_at: Instant | null
  /** When the seller was warned that its validity ends soon (lifecycle/expiry-notices.ts); migration 042. */
  expiry_warned_at: Instant | null
  /** When an admin's approval of the draft's discount was last asked for and not yet given (migration 050). */
  discount_approval_requested_at: Instant | null
  /** SHA-256 (hex) of the PDF frozen at sending, and of the final signed PDF. */
  original_sha256: string | null
  signed_sha256: string | null
  /** What the seller wrote to the signers when sending, in their invitations and reminders (migration 032). */
  signer_message: string | null
}

export interface ProposalItemsTable {
  id: Generated<number>
  account_id: number
  proposal_id: number
  position: number
  product_id: number
  code: string
  name: string
  description: string | null
  unit: string
  /** Quantity in thousandths (1.5 units = 1500), so three decimals stay exact. */
  quantity_milli: number
  unit_price_cents: number
  discount_cents: number
  total_cents: number
}

export type SignerStatus = 'pending' | 'sent' | 'viewed' | 'signed' | 'rejected'

export interface ProposalSignersTable {
  id: Generated<number>
  account_id: number
  proposal_id: number
  name: string
  email: string
  cpf: string | null
  phone: string | null
  role_id: number
  signing_order: number
  status: SignerStatus
  signed_at: Instant | null
  created_at: Instant
  /** The private signing link's secret (digital documents, set when sent). */
  sign_token: string | null
  sent_at: Instant | null
  viewed_at: Instant | null
  /** The last reminder, sent by hand or automatically (migration 029). */
  reminded_at: Instant | null
  /** How many automatic reminders the signer got (capped: AUTO_REMINDER_MAX). */
  auto_reminders: Generated<number>
  /** Visits to the signing page (lifecycle/signer-opens.ts, migration 057). */
  open_count: Generated<number>
  /** When the last counted visit began. */
  last_opened_at: Instant | null
  rejected_at: Instant | null
  reject_reason: string | null
  /** Signature evidence: what the signer typed, how they signed, from where, over which document. */
  signed_name: string | null
  signed_cpf: string | null
  signature_kind: 'typed' | 'drawn' | null
  /** The typed name, or a drawn signature as a PNG data URL. */
  signature_data: string | null
  signed_ip: string | null
  signed_user_agent: string | null
  consent_text: string | null
  signed_document_sha256: string | null
  /** What signing takes besides the link (migration 041): 'email_code' asks for a code e-mailed to the signer. */
  authentication: Generated<SignerAuthentication>
  /** How the signature was confirmed: 'email_code' when a code was typed; null for the link alone. */
  signed_authentication: SignerAuthentication | null
}

export type SignerAuthentication = 'link' | 'email_code'

/** A signer's current e-mail code (lifecycle/signer-email-code.ts), one at most. */
export interface SignerEmailCodesTable {
  signer_id: number
  account_id: number
  /** SHA-256 of the code, hex. */
  code_hash: string
  expires_at: Instant
  attempts: Generated<number>
  sends: Generated<number>
  last_sent_at: Instant
}

/** What a history entry records (docs/LIFECYCLE.md); the web app names each one (i18n/pt-BR.ts). */
export type ProposalEventType =
  | 'created' | 'updated' | 'sent' | 'resent' | 'signers_invited' | 'viewed' | 'signer_viewed' | 'signer_signed'
  | 'signed' | 'signed_pdf_created' | 'rejected' | 'cancelled' | 'expired' | 'personal_data_erased' | 'signer_contact_changed'
  | 'discount_approval_requested' | 'discount_approved' | 'attachment_added' | 'attachment_removed' | 'comment_added'

export interface ProposalEventsTable {
  id: Generated<number>
  account_id: number
  proposal_id: number
  type: ProposalEventType
  actor_type: 'user' | 'api_token' | 'system' | 'signer'
  actor_id: number | null
  actor_name: string
  data_json: string
  created_at: Instant
}

export interface ApiTokenRetiredHashesTable {
  id: Generated<number>
  account_id: number
  api_token_id: number
  token_hash: string
  retired_at: Instant
}

/** One row (id 1): counts changes to what API tokens authenticate as (migration 007). */
export interface ApiAuthVersionTable {
  id: number
  version: number
}

export interface RequestLogsTable {
  id: Generated<number>
  /** Null when the caller could not be attributed to any account (no or unknown token). */
  account_id: number | null
  api_token_id: number | null
  token_prefix: string | null
  request_id: string
  method: string
  path: string
  query: string | null
  status: number
  duration_ms: number
  ip: string | null
  user_agent: string | null
  idempotency_key: string | null
  error_code: string | null
  /** JSON object of request headers, secrets removed. */
  request_headers: string | null
  /** Capped and masked (CPF, e-mail, tokens). */
  request_body: string | null
  response_body: string | null
  /** The client closed its connection before the server had finished its answer; the request still ran to its end. */
  client_closed: ColumnType<SqlBool, boolean | undefined, boolean>
  created_at: Instant
}

/** An account's last document number, incremented inside the creating transaction (no row before its first document; migration 010). */
export interface ProposalNumberCountersTable {
  account_id: number
  last_number: number
}

export interface ApiUsageCountersTable {
  account_id: number
  /** Calendar month in the account's time zone, YYYY-MM. */
  period: string
  creations: number
}

export interface IdempotencyKeysTable {
  id: Generated<number>
  account_id: number
  idempotency_key: string
  method: string
  path: string
  /** SHA-256 of the request body, to refuse the same key with another body. */
  body_hash: string
  state: 'in_progress' | 'completed'
  /** The created resource, recorded in the creating transaction. */
  resource_id: number | null
  response_status: number | null
  response_headers: string | null
  response_body: string | null
  created_at: Instant
  /** An in-progress claim older than this was abandoned (crash) and may be taken over. */
  locked_until: Instant
}

/** A signed-in browser. `id` is the hex SHA-256 of the cookie's token; the token is never stored. */
export interface WebSessionsTable {
  id: string
  account_id: number
  user_id: number
  /** Per-session secret every form of the web app must echo back. */
  csrf_token: string
  created_at: Instant
  last_seen_at: Instant
  /** The earlier of last_seen_at + idle limit and created_at + absolute limit. */
  expires_at: Instant
  /** The browser's User-Agent at login, trimmed (migration 039; null before it). */
  user_agent: string | null
  /** The address the login came from (migration 039; null before it). */
  ip_address: string | null
}

/** `attachment`: a PDF added to a draft (documents/proposal-attachments.ts), any number of rows per document. */
export type ProposalFileKind = 'original' | 'signed' | 'scan' | 'html' | 'attachment'

export interface ProposalFilesTable {
  id: Generated<number>
  account_id: number
  proposal_id: number
  kind: ProposalFileKind
  content_type: string
  file_name: string
  bytes: Uint8Array
  size: number
  /** Hex SHA-256 of `bytes`. */
  sha256: string
  created_at: Instant
}

export interface DomainEventsTable {
  /** Stable event id (UUID) sent to webhooks, so receivers can deduplicate. */
  id: string
  account_id: number
  type: string
  proposal_id: number | null
  signer_id: number | null
  /** The customer of a `customer.*` event (migration 040); null for the documents'. */
  customer_id: number | null
  payload_json: string
  created_at: Instant
}

export type JobState = 'pending' | 'done' | 'failed'

export interface JobsTable {
  id: Generated<number>
  kind: string
  account_id: number | null
  payload_json: string
  state: JobState
  run_at: Instant
  attempts: Generated<number>
  max_attempts: number
  /** A worker's lease: while in the future, no other worker takes the job. */
  locked_until: Instant | null
  last_error: string | null
  created_at: Instant
  updated_at: Instant
}

export interface WebhookEndpointsTable {
  id: Generated<number>
  account_id: number
  url: string
  description: string | null
  /** JSON array of subscribed event types. */
  events_json: string
  /** HMAC-SHA256 key shared with the receiver. */
  secret: string
  active: Bool
  /** Set when a delivery exhausted its retries; cleared by the next success. */
  failing_since: Instant | null
  /** Failed attempts since the last successful one (any delivery). */
  consecutive_failures: Generated<number>
  /** Deliveries due before this are not sent (endpoint-pause.ts); null when not paused. */
  paused_until: Instant | null
  created_at: Instant
  updated_at: Instant
}

export type WebhookDeliveryState = 'pending' | 'succeeded' | 'failed'

export interface WebhookDeliveriesTable {
  id: Generated<number>
  account_id: number
  endpoint_id: number
  event_id: string
  event_type: string
  state: WebhookDeliveryState
  attempts: Generated<number>
  request_body: string
  response_status: number | null
  response_excerpt: string | null
  error: string | null
  duration_ms: number | null
  next_attempt_at: Instant | null
  delivered_at: Instant | null
  created_at: Instant
  updated_at: Instant
}

export type OutboxEmailState = 'queued' | 'sent' | 'failed' | 'stored'

export interface PasswordResetsTable {
  /** SHA-256 (hex) of the secret in the e-mailed link. */
  id: string
  account_id: number
  user_id: number
  /** reset: "Esqueci minha senha" (an hour); invitation: a new user's first password (seven days). */
  purpose: ColumnType<PasswordLinkPurpose, PasswordLinkPurpose | undefined, never>
  created_at: Instant
  expires_at: Instant
}

export type PasswordLinkPurpose = 'reset' | 'invitation'

export interface AccountLogosTable {
  account_id: number
  /** image/png | image/jpeg, read from the bytes. */
  content_type: string
  bytes: Uint8Array
  width: number
  height: number
  /** Hex SHA-256 of `bytes`: the image's URL carries it, so a browser never shows an old one. */
  sha256: string
  updated_at: Instant
}

export interface OutboxEmailsTable {
  id: Generated<number>
  account_id: number
  proposal_id: number | null
  /** invitation | reminder | completed | rejected | … */
  kind: string
  to_address: string
  subject: string
  text_body: string
  html_body: string | null
  attachment_file_id: number | null
  /** Where a reply goes (the document's seller, else the company's e-mail); null: nowhere, "não responda" (migration 032). */
  reply_to: string | null
  /** queued → sent | failed; `stored` when no SMTP_URL is set (readable in the app). */
  state: OutboxEmailState
  error: string | null
  created_at: Instant
  sent_at: Instant | null
}

/** A governance change to the account (accounts/account-activity.ts; migration 051). */
export interface AccountActivityTable {
  id: Generated<number>
  account_id: number
  /** What was changed: account, user, api_token or webhook (the page's filter). */
  subject: string
  /** `subject.verb`, e.g. `api_token.revoked`. */
  action: string
  actor_type: 'user' | 'api_token' | 'support'
  actor_id: number | null
  actor_name: string
  /** The address the change came from; null from the CLI. */
  ip: string | null
  target_id: number | null
  /** The changed thing's name when it was changed (a user, a token, an endpoint's URL). */
  target_label: string
  /** JSON object: what changed (`changes`: field → { from, to }), or the action's details. */
  data_json: string
  created_at: Instant
}

export interface Database {
  account_activity: AccountActivityTable
  password_resets: PasswordResetsTable
  user_authenticators: UserAuthenticatorsTable
  recovery_codes: RecoveryCodesTable
  login_challenges: LoginChallengesTable
  security_keys: SecurityKeysTable
  account_logos: AccountLogosTable
  plans: PlansTable
  accounts: AccountsTable
  users: UsersTable
  api_tokens: ApiTokensTable
  customers: CustomersTable
  products: ProductsTable
  payment_methods: PaymentMethodsTable
  templates: TemplatesTable
  template_versions: TemplateVersionsTable
  signer_roles: SignerRolesTable
  proposals: ProposalsTable
  proposal_items: ProposalItemsTable
  proposal_signers: ProposalSignersTable
  signer_email_codes: SignerEmailCodesTable
  proposal_events: ProposalEventsTable
  api_token_retired_hashes: ApiTokenRetiredHashesTable
  api_auth_version: ApiAuthVersionTable
  request_logs: RequestLogsTable
  api_usage_counters: ApiUsageCountersTable
  proposal_number_counters: ProposalNumberCountersTable
  idempotency_keys: IdempotencyKeysTable
  web_sessions: WebSessionsTable
  proposal_files: ProposalFilesTable
  domain_events: DomainEventsTable
  jobs: JobsTable
  webhook_endpoints: WebhookEndpointsTable
  webhook_deliveries: WebhookDeliveriesTable
  outbox_emails: OutboxEmailsTable
}
