// Downloads of a document's PDFs (/proposals/:id/pdf).
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerProposalFileRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
