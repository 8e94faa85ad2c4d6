// The Link headers of the API's lists: the other query parameters kept, `page` or `after` set, and
// the path exactly as the router read it. Over a real socket a path may hold a `.` or `..` segment
// (a customer whose code is ".."); re-parsing it as a URL would resolve it into another resource.
import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { cursorLinks, paginationLinks } from '../../src/http/api-v1/pagination.js'

const BASE = 'https://vendoc.example'
const request = (url: string) => ({ url }) as FastifyRequest

describe('Link headers', () => {
  it('numbers pages, keeping the other parameters and clamping prev past the end', () => {
    expect(paginationLinks(request('/api/v1/customers?q=acme&per_page=2&page=2'), BASE, 2, 3)).toBe(
      `<${BASE}/api/v1/customers?q=acme&per_page=2&page=1>; rel="first", <${BASE}/api/v1/customers?q=acme&per_page=2&page=1>; rel="prev", <${BASE}/api/v1/customers?q=acme&per_page=2&page=3>; rel="next", <${BASE}/api/v1/customers?q=acme&per_page=2&page=3>; rel="last"`,
    )
    expect(paginationLinks(request('/api/v1/customers?page=9'), BASE, 9, 3)).toBe(
      `<${BASE}/api/v1/customers?page=1>; rel="first", <${BASE}/api/v1/customers?page=3>; rel="prev", <${BASE}/api/v1/customers?page=3>; rel="last"`,
    )
  })

  it('keeps dot segments and encoded characters of the path as they came', () => {
    for (const path of ['/api/v1/customers/%2e%2e/proposals', '/api/v1/customers/../proposals', '/api/v1/customers/./proposals', '/api/v1/customers/a%2Fb/proposals']) {
      const links = paginationLinks(request(`${path}?status=sent`), BASE, 1, 1)
      expect(links).toBe(`<${BASE}${path}?status=sent&page=1>; rel="first", <${BASE}${path}?status=sent&page=1>; rel="last"`)
    }
  })

  it('walks a cursor: first without `after`, next at the cursor while there is one', () => {
    expect(cursorLinks(request('/api/v1/proposals?after=abc&status=sent'), BASE, 'def')).toBe(
      `<${BASE}/api/v1/proposals?status=sent>; rel="first", <${BASE}/api/v1/proposals?after=def&status=sent>; rel="next"`,
    )
    expect(cursorLinks(request('/api/v1/proposals'), BASE, null)).toBe(`<${BASE}/api/v1/proposals>; rel="first"`)
  })
})
