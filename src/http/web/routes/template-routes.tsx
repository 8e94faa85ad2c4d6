// Cadastros → Modelos: templates with the Liquid editor and preview (/registration-data/templates…).
import type { FastifyInstance } from 'fastify'
import type { WebRoutesOptions } from './route-options.js'

export function registerTemplateRoutes(_app: FastifyInstance, _options: WebRoutesOptions): void {}
