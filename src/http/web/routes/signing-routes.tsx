// The signer's pages, reached by the private link (/sign/:token…), without a session.
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerSigningRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
