// Documentos: list with filters, new, edit and preview (/proposals…).
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerProposalRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
