import Type from 'typebox'
import { CalendarDate, Cents, Instant, MAX_ID, Nullable } from './common.js'
import { CustomerInputSchema, CustomerSchema } from './customer.js'
import { PROPOSAL_STATUSES } from '../../../platform/db/schema.js'
import { MAX_DOCUMENT_CENTS } from '../../../modules/proposals/proposal-totals.js'

const SignerAuthentication = Type.Enum(['link', 'email_code'], {
  description:
    "What signing takes besides the private link. `link` (the default): the link alone, as it arrives in the signer's invitation e-mail. `email_code`: the signer also types a six-digit code that Vendoc e-mails them when they ask for it on the signing page (valid 10 minutes); use it when you deliver url_to_sign yourself (by WhatsApp, say), so that only whoever reads that e-mail can sign. The code never appears in the account's outbox. Needs e-mail delivery (SMTP_URL): without it, sending the document is refused. Changeable while the document is a draft; omitted means `link` (a PATCH that sends `signers` without it sets `link`). Correcting a signer's e-mail after sending is printed on the signed PDF's evidence page.",
  example: 'link',
})

const FieldValue = Type.Unsafe<string | number | boolean | null>({ type: ['string', 'number', 'boolean', 'null'], maxLength: 5000 })

export const CreateProposalBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Defaults to "<template> — <customer>".', example: 'Proposta de implantação' })),
    template_id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'From `templates` of the registration data.', example: 3 }),
    signature_type: Type.Enum(['paper', 'digital'], { description: 'From `signature_types`.' }),
    payment_method_id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'From `payment_methods`.', example: 2 }),
    installments: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 1, description: "At most the method's `max_installments`.", example: 3 })),
    payment_terms: Type.Optional(
      Nullable(
        Type.Object(
          {
            first_due_days: Type.Integer({ minimum: 0, maximum: 365, description: 'Days from the signature to the first installment (0: on signing).', example: 28 }),
            installment_interval_days: Type.Integer({ minimum: 1, maximum: 365, description: 'Days between one installment and the next.', example: 28 }),
          },
          {
            additionalProperties: false,
            description:
              "Terms negotiated for this document (\"28/56/84 days\"), instead of the payment method's. Absent at creation, or null: the method's, copied when the content is written. In a PATCH, absent keeps the document's terms as they are (its own stay its own, even when payment_method_id changes); null goes back to the method's.",
          },
        ),
      ),
    ),
    down_payment_cents: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 0,
          maximum: MAX_DOCUMENT_CENTS,
          example: 500000,
          description:
            "A down payment (\"entrada\"): paid on signing (or `down_payment_due_days` after it), before the installments, which split the rest of the total. At most the total less 1 cent for each installment. Absent at creation, null or 0: none. In a PATCH, absent keeps the document's; a PATCH that lowers the total below it must also send a new one.",
        }),
      ),
    ),
    down_payment_due_days: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 0,
          maximum: 365,
          example: 7,
          description:
            "Days after the signature the down payment falls due (\"entrada em 7 dias\"); absent, null or 0: on signing. Only with a down payment (422 otherwise). In a PATCH, absent keeps the document's; a PATCH that takes the down payment away takes its days too.",
        }),
      ),
    ),
    seller_id: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, description: "From `sellers`; defaults to the account's default seller.", example: 7 })),
    customer: CustomerInputSchema,
    items: Type.Array(
      Type.Object(
        {
          product_id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'From `products`.', example: 11 }),
          quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1000000, description: 'Up to 3 decimal places (0.001 is the smallest quantity).', example: 2 }),
          unit_price_cents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000000000, description: "Overrides the product's price. A line (quantity × unit price) may be worth at most 10000000000000 cents (R$ 100 billion).", example: 150000 })),
          discount_cents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000000000, default: 0, description: 'Discount on this line, at most quantity × unit price.' })),
          description: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: "Overrides the product's description." }))),
        },
        { title: 'ItemInput', additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    signers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200, example: 'Maria Souza' }),
            email: Type.String({ format: 'email', maxLength: 254, example: 'maria@acme.com.br' }),
            cpf: Type.Optional(Nullable(Type.String({ format: 'cpf', maxLength: 14, example: '529.982.247-25' }))),
            phone: Type.Optional(Nullable(Type.String({ minLength: 8, maxLength: 30, pattern: '^[0-9+() .-]+$', example: '+55 11 98888-7777' }))),
            role_id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'From `signer_roles`.', example: 1 }),
            signing_order: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Defaults to the position in the list.', example: 1 })),
            authentication: Type.Optional(SignerAuthentication),
          },
          { title: 'SignerInput', additionalProperties: false },
        ),
        { maxItems: 50, description: 'A digital document needs at least one signer.' },
      ),
    ),
    copy_to: Type.Optional(
      Type.Array(Type.String({ format: 'email', maxLength: 254, example: 'financeiro@acme.com.br' }), {
        maxItems: 10,
        description:
          'Digital documents: addresses that receive the signed PDF (with its evidence page) when the last signature is given, besides the signers and the seller. They sign nothing. At most 10, none repeated nor a signer’s (compared ignoring case; stored lower-cased). A paper document sends no e-mail: a non-empty list for one is 422.',
      }),
    ),
    valid_until: Type.Optional(Nullable(CalendarDate('Last day the proposal is valid; not before today.'))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
    fields: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }), FieldValue, {
        maxProperties: 100,
        description: 'Template variables (names: letters, digits and _), available to the template as `fields.<name>`.',
        example: { prazo_implantacao: '30 dias' },
        // A name that does not match the pattern is refused, not silently accepted.
        additionalProperties: false,
      }),
    ),
    external_reference: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7E]+$', description: 'Your own id for the document (printable ASCII, no spaces), unique per account.', example: 'CRM-DEAL-991' })),
    ),
  },
  {
    title: 'CreateProposal',
    additionalProperties: false,
    example: {
      title: 'Proposta de implantação',
      template_id: 1,
      signature_type: 'digital',
      payment_method_id: 2,
      installments: 3,
      customer: {
        code: 'ACME-01',
        name: 'Acme Indústria Ltda',
        trade_name: 'Acme',
        document: '11.222.333/0001-81',
        email: 'compras@acme.com.br',
        phone: '+55 11 3333-4444',
        address: { street: 'Av. Paulista', number: '1000', complement: null, district: 'Bela Vista', city: 'São Paulo', state: 'SP', postal_code: '01310-100' },
      },
      items: [{ product_id: 1, quantity: 2, discount_cents: 0 }],
      signers: [{ name: 'Maria Souza', email: 'maria@acme.com.br', cpf: '529.982.247-25', phone: null, role_id: 1, signing_order: 1 }],
      valid_until: '2027-12-31',
      notes: 'Implantação em até 30 dias após a assinatura.',
      fields: { prazo_implantacao: '30 dias' },
      external_reference: 'CRM-DEAL-991',
    },
  },
)

const ActorSchema = Type.Object({ type: Type.Enum(['user', 'api_token', 'system', 'signer']), id: Nullable(Type.Integer()), name: Type.String() }, { title: 'Actor' })

export const ProposalDetailSchema = Type.Object({
  id: Type.Integer({ description: 'Internal ID (the number in /proposals/{id}/edit).', example: 44073 }),
  number: Type.Integer({ description: 'Sequential number within the account.', example: 1042 }),
  external_uuid: Type.String({ format: 'uuid', description: 'Generated at creation; usable in place of the id.' }),
  external_reference: Nullable(Type.String({ example: 'CRM-DEAL-991' })),
  title: Type.String(),
  status: Type.Enum([...PROPOSAL_STATUSES]),
  created_via: Type.Enum(['web', 'api']),
  created_by: Type.Object({
    type: Type.Enum(['user', 'api_token', 'system']),
    id: Nullable(Type.Integer()),
    name: Type.String(),
    token_prefix: Nullable(Type.String({ description: 'Visible prefix of the API token that created it.', example: 'vdc_3fGh81Kq' })),
  }),
  signature_type: Type.Object({ id: Type.Enum(['paper', 'digital']), name: Type.String() }),
  template: Type.Object({ id: Type.Integer(), name: Type.String() }),
  seller: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String() })),
  customer: CustomerSchema,
  payment: Type.Object({
    method: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.Enum(['pix', 'boleto', 'credit_card', 'bank_transfer', 'other']) }),
    installments: Type.Integer(),
    installment_amount_cents: Cents('Regular installment amount (of the total less the down payment); the first installment also carries the remainder cents.'),
    first_due_days: Type.Integer({ minimum: 0, maximum: 365, description: "Days from the signature to the first installment: the document's own terms (`custom_terms`), else the payment method's when the document was last written." }),
    installment_interval_days: Type.Integer({ minimum: 1, maximum: 365, description: 'Days between one installment and the next.' }),
    custom_terms: Type.Boolean({ description: "true: the terms were negotiated for this document (`payment_terms` at creation or PATCH) and stay whatever the method says; false: the payment method's, copied again whenever a draft's content is written." }),
    due_on_business_days: Type.Boolean({
      description: "true: a `due_date` that falls on a Saturday, Sunday or Brazilian national banking holiday moves to the next banking day. The payment method's setting when the document was last written, whoever set its days.",
    }),
    down_payment: Nullable(
      Type.Object(
        {
          amount_cents: Type.Integer({ minimum: 1 }),
          due_in_days: Type.Integer({ minimum: 0, maximum: 365, description: 'Days after the signature: 0 on signing (`down_payment_due_days`).' }),
          due_date: Nullable(CalendarDate("The signing day in the account's time zone plus `due_in_days` (then the next banking day when `due_on_business_days`); null until the document is signed.")),
        },
        { description: 'The down payment ("entrada"), paid on signing or `due_in_days` after it; null without one. The schedule splits the rest of the total.' },
      ),
    ),
    schedule: Type.Array(
      Type.Object({
        number: Type.Integer(),
        amount_cents: Type.Integer(),
        due_in_days: Type.Integer({ minimum: 0, description: 'Days after the signature: `first_due_days + (number − 1) × installment_interval_days`.' }),
        due_date: Nullable(CalendarDate("The signing day in the account's time zone plus `due_in_days` (then the next banking day when `due_on_business_days`); null until the document is signed.")),
      }),
      { description: 'Every installment; they add up exactly to the total, less the down payment when there is one.' },
    ),
  }),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      product_id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      description: Nullable(Type.String()),
      unit: Type.String(),
      quantity: Type.Number(),
      unit_price_cents: Type.Integer(),
      discount_cents: Type.Integer(),
      total_cents: Cents('quantity × unit price (rounded half up) − discount.'),
    }, { title: 'ProposalItem' }),
  ),
  totals: Type.Object({ items_count: Type.Integer(), subtotal_cents: Type.Integer(), discount_cents: Type.Integer(), total_cents: Type.Integer() }),
  currency: Type.Literal('BRL'),
  discount_approval: Nullable(
    Type.Object(
      {
        status: Type.Enum(['required', 'requested', 'approved'], {
          description:
            '`required`: sending is refused (422 `discount_approval_required`) and nobody has asked; `requested`: asked (`POST /proposals/{id}/request-discount-approval` or the web app), no answer yet; `approved`: an admin approved a discount at least this large a share of the subtotal, so the draft may be sent.',
        }),
        discount_percent: Type.String({ description: "The lines' discount as a share of the subtotal, in percent (rounded up to two decimals).", example: '12.5' }),
        limit_percent: Type.String({ description: "The largest discount without approval this draft answers to, in percent: its seller's own limit when an admin set one, else the account's.", example: '10' }),
        requested_at: Nullable(Instant('When the standing request was made; null unless `requested`.')),
        requested_by: Nullable(Type.String({ description: 'Who asked (a user, or the integration\'s token name); null unless `requested`.' })),
        approved_percent: Nullable(Type.String({ description: 'The share the approval was given for: a discount raised past it needs a new one, lowered it keeps it. null unless `approved`.', example: '15' })),
        approved_at: Nullable(Instant('When the admin approved; null unless `approved`.')),
        approved_by: Nullable(Type.String({ description: 'The admin who approved; null unless `approved`.' })),
      },
      {
        description:
          "Where the draft stands under the account's discount limit (Configurações → Conta). null when sending needs no approval: the document is no longer a draft (its history keeps the requests and approvals), the account sets no limit, or the discount is within it. A request made for other figures ends when the items are edited. An approval emits the `proposal.discount_approved` webhook.",
      },
    ),
  ),
  signers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      email: Type.String(),
      cpf: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      role: Type.Object({ id: Type.Integer(), name: Type.String() }),
      signing_order: Type.Integer(),
      authentication: SignerAuthentication,
      status: Type.Enum(['pending', 'sent', 'viewed', 'signed', 'rejected']),
      signed_at: Nullable(Instant()),
      sent_at: Nullable(Instant('When this signer was invited (their turn came).')),
      viewed_at: Nullable(Instant('When this signer first opened the link.')),
      open_count: Type.Integer({
        minimum: 0,
        description:
          'How many times this signer visited the signing page: opens within 30 minutes of the last counted one (a reload, the page again after asking for a code, the PDF downloaded from it) are one visit. 0 until they open it; kept after they sign or refuse; back to 0 when their e-mail is corrected (the old link was not theirs). Link previews (WhatsApp, Telegram, Slack…) and HEAD requests are not counted; an e-mail security scanner that opens the link like a browser is. A visit does not move the document\'s `updated_at`: a sync by `updated_since` reads the count when something else changed.',
        example: 3,
      }),
      last_opened_at: Nullable(Instant('When this signer\'s last visit to the signing page began (see `open_count`); null until they open it.')),
      rejected_at: Nullable(Instant('When this signer refused to sign.')),
      signed_authentication: Nullable(
        Type.Enum(['link', 'email_code'], {
          description:
            'How this signature was confirmed on the signing page: `link` (the private link alone) or `email_code` (the link and a six-digit code Vendoc e-mailed to the signer, see `authentication`). null until the signer signs, and for a document marked signed on paper (no signing page). The signed PDF\'s evidence page says the same.',
          example: 'email_code',
        }),
      ),
      url_to_sign: Nullable(
        Type.String({
          description:
            "The signer's private signing link: present while the document is sent or viewed and it is this signer's turn (status sent or viewed), so you can deliver it yourself; null before sending, before their turn, after they signed or rejected, and once the document is cancelled or expired.",
          example: 'https://vendoc.example.com/sign/3q2-7wEjRm2b0Zp5yY9g4k1x8c6vN0aT5sL7dQ2fH4o',
        }),
      ),
    }, { title: 'ProposalSigner' }),
  ),
  copy_to: Type.Array(Type.String({ format: 'email' }), { description: 'Addresses that receive the signed copy besides the signers and the seller.' }),
  fields: Type.Record(Type.String(), Type.Unknown()),
  notes: Nullable(Type.String()),
  valid_until: Nullable(CalendarDate()),
  events: Type.Array(Type.Object({ type: Type.String({ example: 'created' }), actor: ActorSchema, at: Instant(), data: Type.Record(Type.String(), Type.Unknown()) }), {
    description: 'History, oldest first.',
  }),
  sent_at: Nullable(Instant('When the document was sent (and its PDF frozen).')),
  signer_message: Nullable(Type.String({ description: 'What was written to the signers when sending (`POST /proposals/{id}/send`): it is in their invitations, reminders and signing page.', example: 'Olá! Segue a proposta que conversamos. Qualquer dúvida, é só responder.' })),
  viewed_at: Nullable(Instant('When a signer first opened their link.')),
  signed_at: Nullable(Instant('When the last required signature was given (or, on paper, the date recorded by mark-signed).')),
  rejected_at: Nullable(Instant('When a signer rejected it.')),
  cancelled_at: Nullable(Instant('When it was cancelled.')),
  cancel_reason: Nullable(Type.String({ description: 'The reason given when cancelling.', example: 'Cliente desistiu da compra.' })),
  expired_at: Nullable(Instant('When it expired (valid_until passed while waiting for signatures).')),
  original_sha256: Nullable(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) of the PDF frozen at sending (`GET /proposals/{id}/pdf`).' })),
  signed_sha256: Nullable(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) of the final signed PDF with its evidence page (`?version=signed`).' })),
  links: Type.Object({
    self: Type.String({ description: 'This document in the API.' }),
    web: Type.String({ description: 'The document in the web app.' }),
    document: Nullable(Type.String({ description: 'The rendered document (its template filled in) as a page of the web app, for a signed-in user of the account: the draft as it stands, or the frozen original once sent.' })),
    pdf: Nullable(Type.String({ description: 'PDF of the document (`GET /proposals/{id}/pdf`); `?version=signed` for the signed one with its evidence page.' })),
  }),
  created_at: Instant(),
  updated_at: Instant(),
}, { title: 'ProposalDetail' })

export const ProposalListItemSchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  external_uuid: Type.String({ format: 'uuid' }),
  external_reference: Nullable(Type.String()),
  title: Type.String(),
  status: Type.Enum([...PROPOSAL_STATUSES]),
  total_cents: Type.Integer(),
  created_at: Instant(),
  updated_at: Instant(),
  links: Type.Object({ self: Type.String(), web: Type.String() }),
}, { title: 'ProposalListItem' })
