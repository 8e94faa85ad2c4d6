// The lifecycle actions of a document in the web app (send, resend, cancel, mark signed).
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerProposalActionRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
