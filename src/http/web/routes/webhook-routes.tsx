// Configurações → Webhooks: endpoints, their deliveries and redelivery (/settings/webhooks…).
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerWebhookRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
