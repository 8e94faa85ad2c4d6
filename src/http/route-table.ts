// The application's route table, as registered: every method and URL of every plugin. Tests walk
// it so that a new route is covered by the access-control checks without anyone listing it.
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
