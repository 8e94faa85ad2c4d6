// The route inventory the server promises: the OpenAPI operations plus the routes listed in
// docs/ROUTES.md, in the router's own notation (`:param`, `*`).
import fs from 'node:fs'
import { openApiOperations } from '../../support/openapi-contract.js'

export const ROUTES_FILE = new URL('../../../docs/ROUTES.md', import.meta.url)

export type Who = 'public' | 'signer' | 'session' | 'admin'

export interface DocumentedRoute {
  method: string
  url: string
  who: Who
  what: string
}

const ROW = /^\|\s*`([A-Z]+)`\s*\|\s*`([^`]+)`\s*\|\s*([a-z ]+?)\s*\|\s*(.+?)\s*\|\s*$/

/** Every table row of docs/ROUTES.md that names a route; throws on a row it cannot read. */
export function documentedRoutes(markdown = fs.readFileSync(ROUTES_FILE, 'utf8')): DocumentedRoute[] {
  const routes: DocumentedRoute[] = []
  for (const line of markdown.split('\n')) {
    if (!/^\|\s*`/.test(line)) continue
    const match = ROW.exec(line)
    if (!match) throw new Error(`docs/ROUTES.md: unreadable route row: ${line}`)
    const who = match[3] as Who
    if (!['public', 'signer', 'session', 'admin'].includes(who)) throw new Error(`docs/ROUTES.md: unknown "who" ${who} in: ${line}`)
    routes.push({ method: match[1]!, url: match[2]!, who, what: match[4]! })
  }
  return routes
}

/** `GET /api/v1/proposals/:id` for every OpenAPI operation. */
export function openApiRoutes(): string[] {
  return openApiOperations().map(({ method, path }) => `${method} ${path.replace(/\{([^}]+)\}/g, ':$1')}`)
}

/**
 * The route table as `METHOD url`, without the HEAD twins Fastify adds for GET routes (a prefixed
 * `/` is registered as `/prefix` for GET and may show up as `/prefix/` for its HEAD twin).
 * Returns the HEAD routes that have no GET twin separately: those would be routes of their own.
 */
export function routeTableEntries(table: Array<{ method: string; url: string }>): { routes: string[]; orphanHeads: string[] } {
  const gets = new Set(table.filter((route) => route.method === 'GET').map((route) => route.url))
  const orphanHeads = table
    .filter((route) => route.method === 'HEAD' && !gets.has(route.url) && !gets.has(route.url.replace(/\/$/, '')))
    .map((route) => `HEAD ${route.url}`)
  const routes = [...new Set(table.filter((route) => route.method !== 'HEAD').map((route) => `${route.method} ${route.url}`))]
  return { routes: routes.sort(), orphanHeads }
}

/** A concrete URL for a route pattern: parameters get a well-formed value no row has. */
export function sampleUrl(pattern: string): string {
  return pattern.replace(/:token/g, 'A'.repeat(43)).replace(/:[A-Za-z_]+/g, '987654321').replace(/\*$/, 'no-such-file.js')
}
