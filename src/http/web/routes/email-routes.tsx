// Configurações → E-mails: the outbox of every message the system sent or kept (/settings/emails…).
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerEmailRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
