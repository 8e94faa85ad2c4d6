// RFC 8288 Link header for paginated lists (first, prev, next, last), keeping the other query parameters.
import type { FastifyRequest } from 'fastify'

export function paginationLinks(request: FastifyRequest, baseUrl: string, page: number, totalPages: number): string {
  const url = new URL(request.url, baseUrl)
  const linkTo = (target: number, rel: string) => {
    url.searchParams.set('page', String(target))
    return `<${baseUrl}${url.pathname}${url.search}>; rel="${rel}"`
  }
  const links = [linkTo(1, 'first')]
  if (page > 1) links.push(linkTo(Math.min(page - 1, totalPages), 'prev'))
  if (page < totalPages) links.push(linkTo(page + 1, 'next'))
  links.push(linkTo(totalPages, 'last'))
  return links.join(', ')
}
