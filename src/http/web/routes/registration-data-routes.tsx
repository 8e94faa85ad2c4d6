// Cadastros: products/services, payment methods, signer roles and users/sellers (/registration-data…).
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerRegistrationDataRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
