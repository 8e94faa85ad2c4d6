// RFC 8288 Link headers for paginated lists, keeping the other query parameters: numbered pages
// (first, prev, next, last) and keyset cursors (first, next).
import type { FastifyRequest } from 'fastify'

/**
 * The request's URL with `name` set to `value` (or removed for null), as one link of the header.
 * The path is kept exactly as the router read it: `new URL` would resolve a `.` or `..` segment
 * (a customer whose code is "..") into another resource's path.
 */
function linkWith(request: FastifyRequest, baseUrl: string, name: string, value: string | null, rel: string): string {
  const queryAt = request.url.indexOf('?')
  const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt)
  const query = new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1))
  if (value === null) query.delete(name)
  else query.set(name, value)
  const search = query.toString()
  return `<${baseUrl}${path}${search === '' ? '' : `?${search}`}>; rel="${rel}"`
}

export function paginationLinks(request: FastifyRequest, baseUrl: string, page: number, totalPages: number): string {
  const linkTo = (target: number, rel: string) => linkWith(request, baseUrl, 'page', String(target), rel)
  const links = [linkTo(1, 'first')]
  if (page > 1) links.push(linkTo(Math.min(page - 1, totalPages), 'prev'))
  if (page < totalPages) links.push(linkTo(page + 1, 'next'))
  links.push(linkTo(totalPages, 'last'))
  return links.join(', ')
}

/** A keyset-paged list: `first` without `after`, and `next` at the cursor while there is one. */
export function cursorLinks(request: FastifyRequest, baseUrl: string, nextCursor: string | null): string {
  const links = [linkWith(request, baseUrl, 'after', null, 'first')]
  if (nextCursor !== null) links.push(linkWith(request, baseUrl, 'after', nextCursor, 'next'))
  return links.join(', ')
}
