// buildApp(deps): the whole HTTP application, without listening. The server and the tests both
// call it; the database is opened (and migrated) by the caller and passed in.
import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { apiV1 } from './http/api-v1/index.js'
import { registerApiDocs } from './http/api-docs.js'
import { registerRequestLogging } from './http/request-logging.js'
import { recordRouteTable } from './http/route-table.js'
import { webApp, webNotFoundHandler } from './http/web/index.js'
import { RequestLogWriter, type RequestLogWriterOptions } from './modules/integrations/request-log/request-log-writer.js'
import { type CapturedRequest, finishRequestLogEntry } from './modules/integrations/request-log/captured-request.js'
import { insertRequestLogs } from './modules/integrations/request-log/request-log-repository.js'
import { startRequestLogWorker } from './modules/integrations/request-log/request-log-worker-client.js'
import { registerBackgroundJobs } from './background-jobs.js'
import { type Clock, systemClock } from './platform/clock.js'
import type { DatabaseHandle } from './platform/db/connect.js'
import { registerErrorHandling } from './platform/http/error-handler.js'
import { newRequestId } from './platform/http/request-id.js'
import { validatorCompilers } from './platform/http/validation.js'

export interface AppDeps {
  config: Config
  database: DatabaseHandle
  clock?: Clock
  /** Batching of the request log (tests shorten or lengthen it); defaults: 200 entries or 1 s. */
  requestLogWriter?: Partial<RequestLogWriterOptions>
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps
  const clock = deps.clock ?? systemClock
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: config.bodyLimitBytes,
    genReqId: newRequestId,
    requestIdHeader: false,
    trustProxy: false,
    ajv: { customOptions: {} },
  })
  recordRouteTable(app)
  app.setValidatorCompiler(validatorCompilers())
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  const web = { db: database.db, clock, config }
  registerErrorHandling(app, config.bodyLimitBytes, { pageNotFound: webNotFoundHandler(web) })
  // The log's masking and inserts (and on SQLite the checkpoints they trigger) run in a worker
  // thread on a connection of its own, off the event loop. An in-memory SQLite database cannot be
  // shared with a worker; there (tests only) entries are finished and inserted inline.
  const logWorker = config.requestLog.enabled && database.sharedConfig ? startRequestLogWorker(database.sharedConfig) : null
  const requestLog = new RequestLogWriter<CapturedRequest>(
    logWorker ? (batch) => logWorker.insert(batch) : async (batch) => insertRequestLogs(database.db, batch.map(finishRequestLogEntry)),
    app.log,
    deps.requestLogWriter,
  )
  registerRequestLogging(app, { db: database.db, clock, writer: requestLog, enabled: config.requestLog.enabled })
  registerBackgroundJobs(app, database, clock, config)
  app.addHook('onClose', async () => {
    await requestLog.flush()
    await logWorker?.close()
  })
  await registerApiDocs(app, config)
  await app.register(apiV1, { prefix: '/api/v1', db: database.db, clock, config } as never)
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  await app.register(webApp, web)
  return app
}
