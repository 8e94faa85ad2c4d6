// GET /api/v1/customer-changes: every customer of the account, in the order they last changed,
// for an integrator keeping its copy of the customers in step (list-changed-customers.ts). Its own
// path rather than a mode of GET /customers, whose numbered, alphabetical pages are a search; and
// not /customers/changes, which would hide a customer whose code is "changes".
import Type from 'typebox'
import { listChangedCustomers } from '../../modules/customers/list-changed-customers.js'
import { principalOf } from './authenticate.js'
import { feedResponse, readChangeFeedQuery } from './change-feed.js'
import type { ApiContext, ApiInstance } from './context.js'
import { AUTH_ERRORS, ChangeFeedQuery, CursorMeta, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { CustomerSchema } from './schemas/customer.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'

export function customerChangeRoutes(app: ApiInstance, { db, config }: ApiContext): void {
  app.get(
    '/customer-changes',
    {
      schema: {
        operationId: 'listCustomerChanges',
        [RESPONSE_HEADERS]: { 200: ['Link'] },
        tags: ['Customers'],
        summary: "The account's customers, by last change",
        description:
          "Every customer of the account, oldest change first, to keep a CRM or ERP in step, as `GET /proposals` does for the documents. `updated_at` moves when the customer's data changes: an edit in the web app, inline `customer` data in `POST /proposals` that differs from what is stored (the same data sent again writes nothing), an erasure of personal data. A new document for the customer is not a change of the customer. Customers are never deleted. Follow `meta.next_cursor` (or the `Link` header's `next`) until it is null; store the last `updated_at` you read and start the next sync from it with `updated_since`. A change being written while you read may commit a moment later with an earlier time, so start each sync a minute or so before the last `updated_at` you saw and skip the customers you already have at that `updated_at`. Pages are ordered by (`updated_at`, `id`) and a customer that changes while you walk them moves to the end, so none is skipped.",
        querystring: Type.Object(ChangeFeedQuery('customers'), { additionalProperties: false }),
        response: {
          200: Type.Object({ data: Type.Array(CustomerSchema), meta: CursorMeta }, { title: 'ChangedCustomersPage' }),
          ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]),
        },
      },
    },
    async (request, reply) => {
      const page = await listChangedCustomers(db, principalOf(request).accountId, readChangeFeedQuery(request.query))
      return feedResponse(request, reply, config.publicUrl, page)
    },
  )
}
