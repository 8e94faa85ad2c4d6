// The application's route table, as registered: every method and URL of every plugin. Tests walk
// it so that a new route is covered by the access-control checks without anyone listing it; the
// 404 handler asks it which methods a path does answer, to tell a wrong method (405) from a wrong
// path (404).
import FindMyWay from 'find-my-way'
import type { FastifyInstance } from 'fastify'

export interface RouteEntry {
  method: string
  url: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the app (HEAD routes Fastify adds for GETs included). */
    routeTable: RouteEntry[]
  }
}

/** Must run before any route or plugin is registered: root onRoute hooks see child plugins' routes too. */
export function recordRouteTable(app: FastifyInstance): void {
  const table: RouteEntry[] = []
  app.decorate('routeTable', table)
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) table.push({ method, url: route.url })
  })
}

// Built once, on the first unknown request: by then every route is registered (routes cannot be
// added after the server is ready), so the table is complete.
const routers = new WeakMap<RouteEntry[], FindMyWay.Instance<FindMyWay.HTTPVersion.V1>>()

function routerOf(table: RouteEntry[]): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
  let router = routers.get(table)
  if (router === undefined) {
    router = FindMyWay()
    for (const { method, url } of table) if (!router.hasRoute(method as FindMyWay.HTTPMethod, url)) router.on(method as FindMyWay.HTTPMethod, url, () => undefined)
    routers.set(table, router)
  }
  return router
}

/**
 * The methods a path answers, in a stable order, for a request no route took. Empty when the path
 * names no route at all (a 404). OPTIONS alone does not count: the API answers CORS preflights on
 * every path under it, existing or not, so it is listed only beside another method.
 */
export function methodsAnswering(app: FastifyInstance, path: string): string[] {
  const router = routerOf(app.routeTable)
  const methods = [...new Set(app.routeTable.map((route) => route.method))].sort()
  const answering = methods.filter((method) => router.find(method as FindMyWay.HTTPMethod, path) !== null)
  return answering.some((method) => method !== 'OPTIONS') ? answering : []
}
