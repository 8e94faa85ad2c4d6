// Bodies of PATCH /proposals/{id}, of the lifecycle actions (send, resend, cancel, mark-signed) and of a comment.
import Type from 'typebox'
import { SIGNER_MESSAGE_MAX } from '../../../modules/lifecycle/signer-correspondence.js'
import { COMMENT_NOTIFY_MAX } from '../../../modules/proposals/comment-notices.js'
import { COMMENT_MAX_CHARACTERS } from '../../../modules/proposals/proposal-comments.js'
import { MAX_ID, Nullable } from './common.js'
import { CreateProposalBody } from './proposal.js'

export const ProposalReferenceParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'Internal ID or external_uuid (or external_reference with `by`).', example: '44073' }),
})

export const ProposalReferenceQuery = Type.Object(
  { by: Type.Optional(Type.Enum(['id', 'external_uuid', 'external_reference'], { description: 'Force how `id` is read.' })) },
  { additionalProperties: false },
)

/**
 * The creation body's fields without their defaults: the validator fills defaults in (useDefaults),
 * and in a patch a default would silently replace the stored value (installments back to 1).
 */
const patchProperties = Object.fromEntries(
  Object.entries(CreateProposalBody.properties).map(([name, schema]) => {
    const { default: _default, ...rest } = schema as unknown as Record<string, unknown>
    return [name, rest]
  }),
) as unknown as typeof CreateProposalBody.properties

export const PatchProposalBody = Type.Partial(Type.Object(patchProperties), {
  title: 'UpdateProposal',
  additionalProperties: false,
  minProperties: 1,
  description:
    'The creation body with every field optional. A field present replaces the stored value — `items`, `signers` and `fields` wholesale; an absent field keeps it. The result is checked exactly like a creation.',
  example: { title: 'Proposta de implantação — revisão 2', items: [{ product_id: 1, quantity: 3 }], valid_until: '2027-12-31' },
})

/** Actions without input accept an empty object (or no body at all). */
export const ResendBody = Type.Optional(
  Type.Object(
    {
      signer_ids: Type.Optional(
        Type.Array(Type.Integer({ minimum: 1, maximum: MAX_ID }), {
          minItems: 1,
          maxItems: 50,
          uniqueItems: true,
          description: 'Signers to remind (their `id` in the detail); each must be waiting to sign (status `sent` or `viewed`). Omit to remind every signer waiting now.',
          example: [812],
        }),
      ),
    },
    { title: 'ResendProposal', additionalProperties: false, description: 'May be omitted (no body, an empty body or `{}`): every signer waiting now is reminded.' },
  ),
)

export const SendBody = Type.Optional(
  Type.Object(
    {
      message: Type.Optional(
        Nullable(
          // No maxLength here: the limit counts the text once trimmed and its line breaks made "\n",
          // which the module does (the web form's message takes the same path).
          Type.String({
            description: `Digital documents: a message to the signers, in their invitation (every turn), reminders and signing page, with line breaks kept. Plain text, at most ${SIGNER_MESSAGE_MAX} characters once the spaces and blank lines around it are trimmed; control characters other than line breaks and tabs, and bidirectional overrides, are refused. Absent, the account's usual message (Configurações → Conta), if it has one; blank, invisible (only zero-width spaces) or null is none. A paper document sends no e-mail: a message for one is 422 (the usual message is not used for it).`,
            example: 'Olá! Segue a proposta que conversamos. Qualquer dúvida, é só responder a este e-mail.',
          }),
        ),
      ),
    },
    { title: 'SendProposal', additionalProperties: false, description: 'May be omitted (no body, an empty body or `{}`).' },
  ),
)

export const RequestDiscountApprovalBody = Type.Optional(
  Type.Object({}, { title: 'RequestDiscountApproval', additionalProperties: false, description: 'May be omitted (no body, an empty body or `{}`).' }),
)

export const CommentBody = Type.Object(
  {
    // A loose bound here: the module counts characters once the text is trimmed and its line breaks made "\n".
    text: Type.String({
      maxLength: 10_000,
      description: `The comment: plain text, at most ${COMMENT_MAX_CHARACTERS} characters once trimmed, line breaks kept. Empty (or only spaces), control characters other than line breaks and tabs, and bidirectional overrides are refused (422 on \`/text\`).`,
      example: 'Cliente pediu prazo de 60 dias para a primeira parcela; combinado com a diretoria.',
    }),
    notify: Type.Optional(
      Type.Array(Type.String({ format: 'email', maxLength: 254, example: 'carla@vendoc.com.br' }), {
        maxItems: COMMENT_NOTIFY_MAX,
        description: `Colleagues to tell by e-mail: the addresses of active users of the account (\`sellers\` in the registration data lists the sellers), at most ${COMMENT_NOTIFY_MAX}, none repeated (compared ignoring case). Each receives the comment whatever their notice preferences, and the history records them in \`data.notified\`. Another address is 422 on \`/notify/{i}\` and nothing is recorded. The document's seller (or, without an active one, the account's admins) hears of every comment made through the API without being named here, unless they turned their activity notices off.`,
      }),
    ),
  },
  { title: 'ProposalComment', additionalProperties: false },
)

export const SignerReferenceParams = Type.Object({
  ...ProposalReferenceParams.properties,
  signer_id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'The signer’s `id` in the document’s `signers`.', example: 812 }),
})

export const SignerContactBody = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'The corrected e-mail (stored lower-cased). A new address gets a new signing link; the old one stops working at once.', example: 'maria.souza@cliente.com.br' })),
    phone: Type.Optional(Nullable(Type.String({ minLength: 8, maxLength: 30, pattern: '^[0-9+() .-]*[0-9][0-9+() .-]*$', description: 'The corrected phone (digits, spaces and + ( ) . -); null removes it.', example: '(11) 98888-7777' }))),
  },
  { title: 'UpdateSignerContact', additionalProperties: false, minProperties: 1, description: 'Send the fields to change; an absent one is kept.', example: { email: 'maria.souza@cliente.com.br' } },
)

export const CancelBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'Why it is cancelled; kept in the history and the detail (`cancel_reason`).', example: 'Cliente desistiu da compra.' }) },
  { title: 'CancelProposal', additionalProperties: false },
)

export const MarkSignedBody = Type.Optional(
  Type.Object(
    {
      signed_at: Type.Optional(Type.String({ format: 'date-time', description: 'When it was signed on paper; defaults to now; not in the future nor before sending.', example: '2026-11-30T14:00:00Z' })),
      scan: Type.Optional(
        Type.Object(
          {
            file_name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\\\u0000-\\u001f]+$', example: 'contrato-assinado.pdf' }),
            content_type: Type.Enum(['application/pdf', 'image/jpeg', 'image/png'], { description: 'Checked against the file’s first bytes.' }),
            content_base64: Type.String({ minLength: 4, maxLength: 14_000_000, description: 'The file, base64 encoded; at most 10 MB once decoded.' }),
          },
          { additionalProperties: false, description: 'The scanned signed document, kept as the file `scan`.' },
        ),
      ),
    },
    { title: 'MarkProposalSigned', additionalProperties: false, description: 'May be omitted (no body, an empty body or `{}`): signed now, without a scan.' },
  ),
)
