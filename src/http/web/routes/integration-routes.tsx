// Configurações → Integrações: tokens, usage and the request log (/settings/integrations…).
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../guards.js'
import { pageContext } from '../page-context.js'
import { IntegrationsPage } from '../pages/integrations-page.js'
import { sendPage } from '../render.js'
import type { WebRoutesOptions } from './route-options.js'

export function registerIntegrationRoutes(app: FastifyInstance, _options: WebRoutesOptions): void {
  app.get('/settings/integrations', { preHandler: requireRole('admin') }, async (request, reply) => {
    return sendPage(reply, <IntegrationsPage ctx={pageContext(request)} />)
  })
}
