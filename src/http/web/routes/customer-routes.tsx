// Clientes: list, search, new and edit (/customers, /customers/:id/edit).
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerCustomerRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
