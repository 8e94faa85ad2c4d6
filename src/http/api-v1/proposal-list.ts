// GET /api/v1/proposals: every document of the account, in the order they last changed, for an
// integrator keeping its copy in step (src/modules/proposals/list-changed-proposals.ts).
import Type from 'typebox'
import { listChangedProposals } from '../../modules/proposals/list-changed-proposals.js'
import { PROPOSAL_STATUSES } from '../../platform/db/schema.js'
import { principalOf } from './authenticate.js'
import { feedResponse, readChangeFeedQuery } from './change-feed.js'
import type { ApiContext, ApiInstance } from './context.js'
import { AUTH_ERRORS, ChangeFeedQuery, CursorMeta, Nullable, problemResponses, QUERY_ERRORS } from './schemas/common.js'
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
          "Every document of the account, oldest change first, to keep a CRM or ERP in step. `updated_at` moves on every change to the document itself: an edit, each step of its lifecycle, a signer's opening, signature or refusal, a reminder, a corrected contact, an erasure of personal data. It does not move when a record the document names is edited on its own (the customer, the seller, a template or payment method): follow the customers with `GET /customer-changes`, and read the rest from `GET /registration-data`. Follow `meta.next_cursor` (or the `Link` header's `next`) until it is null; store the last `updated_at` you read and start the next sync from it with `updated_since`. A change being written while you read may commit a moment later with an earlier time, so start each sync a minute or so before the last `updated_at` you saw and skip the documents you already have at that `updated_at`. Pages are ordered by (`updated_at`, `id`) and a document that changes while you walk them moves to the end, so none is skipped.",
        querystring: Type.Object(
          {
            ...ChangeFeedQuery('documents'),
            status: Type.Optional(Type.Enum([...PROPOSAL_STATUSES], { description: 'Only documents in this status now.' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ data: Type.Array(ChangedProposalSchema), meta: CursorMeta }, { title: 'ChangedProposalsPage' }),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]),
        },
      },
    },
    async (request, reply) => {
      const feed = readChangeFeedQuery(request.query)
      const page = await listChangedProposals(db, principalOf(request).accountId, { ...feed, status: request.query.status }, config.publicUrl)
      return feedResponse(request, reply, config.publicUrl, page)
    },
  )
}
