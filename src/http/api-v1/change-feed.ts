// What the change feeds (GET /proposals, GET /customer-changes) share on the HTTP side: reading
// their common query, and the `Link` header of a cursor page.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { validationError } from '../../platform/errors.js'
import { cursorLinks } from './pagination.js'

interface ChangeFeedParams {
  updated_since?: string
  after?: string
  per_page?: number
}

/** The feed's position and page size; a 422 naming `updated_since` for an instant no Date can hold. */
export function readChangeFeedQuery(query: ChangeFeedParams): { updatedSince?: string; after?: string; perPage: number } {
  // The date-time format admits a leap second (23:59:60), which no Date can hold.
  if (query.updated_since !== undefined && Number.isNaN(Date.parse(query.updated_since))) {
    throw validationError([{ in: 'query', path: '/updated_since', message: 'is not an instant' }])
  }
  return { updatedSince: query.updated_since, after: query.after, perPage: query.per_page ?? 50 }
}

/** Sets the page's `Link` (first, and next while there is one) and returns the page. */
export function feedResponse<T extends { meta: { next_cursor: string | null } }>(request: FastifyRequest, reply: FastifyReply, baseUrl: string, page: T): T {
  reply.header('Link', cursorLinks(request, baseUrl, page.meta.next_cursor))
  return page
}
