// GET /api/v1/proposals: every document of the account, in the order they last changed, for an
// integrator keeping its copy in step (src/modules/proposals/list-changed-proposals.ts).
import Type from 'typebox'
import { listChangedProposals } from '../../modules/proposals/list-changed-proposals.js'
import { PROPOSAL_STATUSES } from '../../platform/db/schema.js'
import { validationError } from '../../platform/errors.js'
import { principalOf } from './authenticate.js'
import { cursorLinks } from './pagination.js'
import type { ApiContext, ApiInstance } from './context.js'
import { AUTH_ERRORS, Instant, Nullable, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { ProposalListItemSchema } from './schemas/proposal.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'

const ChangedProposalSchema = Type.Object(
  {
    ...ProposalListItemSchema.properties,
    customer: Type.Object({ id: Type.Integer(), code: Nullable(Type.String()), name: Type.String() }),
  },
  { title: 'ChangedProposal' },
)

export function proposalListRoutes(app: ApiInstance, { db, config }: ApiContext): void {
  app.get(
    '/proposals',
    {
      schema: {
        operationId: 'listProposals',
        [RESPONSE_HEADERS]: { 200: ['Link'] },
        tags: ['Proposals'],
        summary: "The account's documents, by last change",
        description:
          "Every document of the account, oldest change first, to keep a CRM or ERP in step. `updated_at` moves on every change to the document itself: an edit, each step of its lifecycle, a signer's opening, signature or refusal, a reminder, a corrected contact, an erasure of personal data. It does not move when a record the document names is edited on its own (the customer, the seller, a template or payment method): read those from their own lists. Follow `meta.next_cursor` (or the `Link` header's `next`) until it is null; store the last `updated_at` you read and start the next sync from it with `updated_since`. A change being written while you read may commit a moment later with an earlier time, so start each sync a minute or so before the last `updated_at` you saw and skip the documents you already have at that `updated_at`. Pages are ordered by (`updated_at`, `id`) and a document that changes while you walk them moves to the end, so none is skipped.",
        querystring: Type.Object(
          {
            updated_since: Type.Optional(Instant('Only documents changed at or after this instant.')),
            status: Type.Optional(Type.Enum([...PROPOSAL_STATUSES], { description: 'Only documents in this status now.' })),
            after: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The previous page’s `meta.next_cursor`, as it is.', example: 'MjAyNi0xMi0wNVQxNzozMDowMC4wMDBafDQ0MDcz' })),
            per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Documents per page (max 100).' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              data: Type.Array(ChangedProposalSchema),
              meta: Type.Object({ per_page: Type.Integer(), next_cursor: Nullable(Type.String({ description: 'Pass as `after` for the next page; null on the last page.' })) }, { title: 'CursorMeta' }),
            },
            { title: 'ChangedProposalsPage' },
          ),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]),
        },
      },
    },
    async (request, reply) => {
      const { updated_since, status, after, per_page = 50 } = request.query
      // The date-time format admits a leap second (23:59:60), which no Date can hold.
      if (updated_since !== undefined && Number.isNaN(Date.parse(updated_since))) throw validationError([{ in: 'query', path: '/updated_since', message: 'is not an instant' }])
      const page = await listChangedProposals(db, principalOf(request).accountId, { status, updatedSince: updated_since, after, perPage: per_page }, config.publicUrl)
      reply.header('Link', cursorLinks(request, config.publicUrl, page.meta.next_cursor))
      return page
    },
  )
}
