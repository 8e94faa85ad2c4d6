// RFC 8288 Link headers for paginated lists, keeping the other query parameters: numbered pages
// (first, prev, next, last) and keyset cursors (first, next).
import type { FastifyRequest } from 'fastify'

/** The request's URL with `name` set to `value` (or removed for null), as one link of the header. */
function linkWith(request: FastifyRequest, baseUrl: string, name: string, value: string | null, rel: string): string {
  const url = new URL(request.url, baseUrl)
  if (value === null) url.searchParams.delete(name)
  else url.searchParams.set(name, value)
  return `<${baseUrl}${url.pathname}${url.search}>; rel="${rel}"`
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
