// The account's customers: the list (searchable, by name), one customer by any of its references,
// and a customer's documents (DESIGN.md §3.1). The references resolve as §3.1 says for all three.
import Type from 'typebox'
import { toCustomerView } from '../../modules/customers/customer-mapper.js'
import { listCustomers } from '../../modules/customers/list-customers.js'
import { resolveCustomerReference } from '../../modules/customers/resolve-customer-reference.js'
import { listCustomerProposals } from '../../modules/proposals/list-customer-proposals.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { paginationLinks } from './pagination.js'
import { AUTH_ERRORS, CalendarDate, PaginationMeta, PaginationQuery, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { CustomerSchema, CustomerSummarySchema } from './schemas/customer.js'
import { ProposalListItemSchema } from './schemas/proposal.js'
import { PROPOSAL_STATUSES } from '../../platform/db/schema.js'
import { FieldErrors } from '../../platform/errors.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'

const CUSTOMER_REFERENCE = Type.String({ minLength: 1, maxLength: 100, description: 'Internal ID, customer code, CNPJ or CPF. A formatted CNPJ may be sent with its `/` as it is (`/customers/11.222.333/0001-81/proposals`) or percent-encoded (%2F); any other `/` (in a code) must be encoded.', example: '11.222.333/0001-81' })
const REFERENCE_TEXT = "`customer_id` may be the internal ID (the number in `/customers/{id}/edit`), the account's code for the customer, or its CNPJ/CPF with or without punctuation (alphanumeric CNPJ included). Without `lookup`, every reading is tried: if they point at different customers the answer is 409 `ambiguous_customer_reference` listing the candidates. Another account's customer is a 404 like a missing one."
const LOOKUP = Type.Optional(Type.Enum(['id', 'code', 'document'], { description: 'Force one reading of `customer_id`.' }))

export function customerRoutes(app: ApiInstance, { db, config }: ApiContext): void {
  app.get(
    '/customers',
    {
      schema: {
        operationId: 'listCustomers',
        [RESPONSE_HEADERS]: { 200: ['Link'] },
        tags: ['Customers'],
        summary: 'The customers',
        description:
          "The account's customers in alphabetical order (ignoring case and accents), as in the web app's Clientes list: to find a customer before creating a document for it. Pages are numbered, for searching; they are not a sync feed (a customer renamed or created while you walk them moves the others between pages): to keep a copy of the customers, follow `GET /customer-changes`. `q` narrows the list to the customers whose name, trade name or code contains it (case and accents ignored) or whose CNPJ/CPF contains it with or without punctuation. Customers are created and updated through `POST /proposals` (`customer` with full data) and in the web app.",
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200, description: 'Search text: part of the name, trade name or code, or of the CNPJ/CPF (punctuation optional); blank lists everyone.', example: 'acme' })),
            ...PaginationQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ data: Type.Array(CustomerSchema), meta: PaginationMeta }, { title: 'CustomersPage' }),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]),
        },
      },
    },
    async (request, reply) => {
      const page = request.query.page ?? 1
      const perPage = request.query.per_page ?? 50
      const result = await listCustomers(db, principalOf(request).accountId, { q: request.query.q, page, perPage })
      const totalPages = Math.max(1, Math.ceil(result.total / perPage))
      reply.header('Link', paginationLinks(request, config.publicUrl, page, totalPages))
      return { data: result.rows.map(toCustomerView), meta: { page, per_page: perPage, total: result.total, total_pages: totalPages } }
    },
  )

  app.get(
    '/customers/:customer_id',
    {
      schema: {
        operationId: 'getCustomer',
        tags: ['Customers'],
        summary: 'One customer',
        description: `The customer's registration data. ${REFERENCE_TEXT}`,
        params: Type.Object({ customer_id: CUSTOMER_REFERENCE }),
        querystring: Type.Object({ lookup: LOOKUP }, { additionalProperties: false }),
        response: {
          200: { ...CustomerSchema, description: 'The customer.' },
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'customer_not_found', 'ambiguous_customer_reference']),
        },
      },
    },
    async (request) => {
      const row = await resolveCustomerReference(db, principalOf(request).accountId, request.params.customer_id, request.query.lookup)
      return toCustomerView(row)
    },
  )

  app.get(
    '/customers/:customer_id/proposals',
    {
      schema: {
        operationId: 'listCustomerProposals',
        [RESPONSE_HEADERS]: { 200: ['Link'] },
        tags: ['Proposals'],
        summary: "A customer's documents",
        description: `Every document of one customer, newest first. ${REFERENCE_TEXT}`,
        params: Type.Object({ customer_id: CUSTOMER_REFERENCE }),
        querystring: Type.Object(
          {
            lookup: LOOKUP,
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
