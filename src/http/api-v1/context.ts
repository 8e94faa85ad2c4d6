// What every API v1 route file receives from app.ts.
import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from '../../config.js'
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'

export interface ApiContext {
  db: Db
  clock: Clock
  config: Config
}

export type ApiInstance = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>
