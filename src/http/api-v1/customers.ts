// GET /api/v1/customers/{customer_id}/proposals (DESIGN.md §3.1).
import Type from 'typebox'
import { listCustomerProposals } from '../../modules/proposals/list-customer-proposals.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { paginationLinks } from './pagination.js'
import { AUTH_ERRORS, CalendarDate, PaginationMeta, PaginationQuery, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { CustomerSummarySchema } from './schemas/customer.js'
import { ProposalListItemSchema } from './schemas/proposal.js'
import { PROPOSAL_STATUSES } from '../../platform/db/schema.js'
import { FieldErrors } from '../../platform/errors.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'

export function customerRoutes(app: ApiInstance, { db, config }: ApiContext): void {
  app.get(
    '/customers/:customer_id/proposals',
    {
      schema: {
        operationId: 'listCustomerProposals',
        [RESPONSE_HEADERS]: { 200: ['Link'] },
        tags: ['Proposals'],
        summary: "A customer's documents",
        description:
          'Every document of one customer, newest first. `customer_id` may be the internal ID (the number in `/customers/{id}/edit`), the account\'s code for the customer, or its CNPJ/CPF with or without punctuation (alphanumeric CNPJ included). Without `lookup`, every reading is tried: if they point at different customers the answer is 409 `ambiguous_customer_reference` listing the candidates.',
        params: Type.Object({
          customer_id: Type.String({ minLength: 1, maxLength: 100, description: 'Internal ID, customer code, CNPJ or CPF. A formatted CNPJ may be sent with its `/` as it is (`/customers/11.222.333/0001-81/proposals`) or percent-encoded (%2F); any other `/` (in a code) must be encoded.', example: '11.222.333/0001-81' }),
        }),
        querystring: Type.Object(
          {
            lookup: Type.Optional(Type.Enum(['id', 'code', 'document'], { description: 'Force one reading of `customer_id`.' })),
            status: Type.Optional(Type.Enum([...PROPOSAL_STATUSES], { description: 'Only documents in this status.' })),
            created_from: Type.Optional(CalendarDate("Created on or after this day (account's time zone).")),
            created_to: Type.Optional(CalendarDate("Created on or before this day (account's time zone); not before `created_from` (422).")),
            ...PaginationQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ customer: CustomerSummarySchema, data: Type.Array(ProposalListItemSchema), meta: PaginationMeta }, { title: 'CustomerProposalsPage' }),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'customer_not_found', 'ambiguous_customer_reference']),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request)
      // An empty period is a mistake to name, as on GET /request-logs, not a page that lists nothing.
      const { created_from: from, created_to: to } = request.query
      const errors = new FieldErrors()
      if (from !== undefined && to !== undefined && to < from) errors.add('/created_to', 'must not be before `created_from`', 'query')
      errors.throwIfAny()
      const result = await listCustomerProposals(
        db,
        { id: principal.accountId, timeZone: principal.timeZone },
        { reference: request.params.customer_id, ...request.query, page: request.query.page ?? 1, per_page: request.query.per_page ?? 50 },
        config.publicUrl,
      )
      reply.header('Link', paginationLinks(request, config.publicUrl, result.meta.page, result.meta.total_pages))
      return reply.sendJsonText(result.json)
    },
  )
}
