// buildApp(deps): the whole HTTP application, without listening. The server and the tests both
// call it; the database is opened (and migrated) by the caller and passed in.
import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { apiV1 } from './http/api-v1/index.js'
import { withEncodedCnpjSlash } from './http/api-v1/formatted-cnpj-path.js'
import { registerApiDocPages, registerOpenApi } from './http/api-docs.js'
import { recordLastResortBody, registerRequestLogging } from './http/request-logging.js'
import { logSerializers } from './http/log-serializers.js'
import { recordRouteTable } from './platform/http/route-table.js'
import { registerSecurityHeaders, securityHeaders } from './http/security-headers.js'
import { webApp, webNotFoundHandler } from './http/web/index.js'
import { RequestLogWriter, type RequestLogWriterOptions } from './modules/integrations/request-log/request-log-writer.js'
import { type CapturedRequest, finishRequestLogEntry, sizeOfCapturedRequest } from './modules/integrations/request-log/captured-request.js'
import { insertRequestLogs } from './modules/integrations/request-log/request-log-repository.js'
import { startRequestLogWorker } from './modules/integrations/request-log/request-log-worker-client.js'
import { registerBackgroundJobs } from './background-jobs.js'
import { type Clock, systemClock } from './platform/clock.js'
import type { ConnectOptions, DatabaseHandle } from './platform/db/connect.js'
import { notFoundHandler, registerErrorHandling, sendInternalError } from './platform/http/error-handler.js'
import { registerAbortedUploadGuard } from './platform/http/request-body.js'
import { newRequestId } from './platform/http/request-id.js'
import { trackRunningRequests } from './platform/http/running-requests.js'
import { registerJsonTextReplies, serializerCompiler } from './platform/http/serialization.js'
import { validatorCompilers } from './platform/http/validation.js'

/** How long shutting down waits for the requests still running, then for the request log's last entries. */
const SHUTDOWN_DRAIN_MS = 5_000
const SHUTDOWN_FLUSH_MS = 5_000

export interface AppDeps {
  config: Config
  database: DatabaseHandle
  clock?: Clock
  /** Batching of the request log (tests shorten or lengthen it); defaults: 200 entries or 1 s. */
  requestLogWriter?: Partial<RequestLogWriterOptions>
  /** How long shutting down waits for the running requests (default 5 s; tests shorten it). */
  shutdownDrainMs?: number
  /**
   * Serialize every answer both ways and fail it unless it equals its schema's serialization
   * (platform/http/serialization.ts). Default: VENDOC_CHECK_RESPONSES=on in the environment, which
   * the test runner sets for every test and every server a test starts.
   */
  checkResponsesAgainstSchemas?: boolean
}

/**
 * How a server opens its database for buildApp: the SQLite read thread as configured, with the
 * request log on the WAL's checkpoints left mostly to the log's worker (connect.ts), and the
 * PostgreSQL pool's size.
 */
export function serverConnectOptions(config: Config): ConnectOptions {
  return { sqliteReadThread: config.sqliteReadThread, sqliteCheckpointsElsewhere: config.requestLog.enabled, poolSize: config.postgresPoolSize }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps
  const clock = deps.clock ?? systemClock
  const web = { db: database.db, clock, config }
  const pageNotFound = webNotFoundHandler(web)
  const notFound = notFoundHandler({ pageNotFound })
  const setSecurityHeaders = securityHeaders(config)
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization'], serializers: logSerializers },
    bodyLimit: config.bodyLimitBytes,
    genReqId: newRequestId,
    requestIdHeader: false,
    trustProxy: false,
    rewriteUrl: (request) => withEncodedCnpjSlash(request.url ?? '/'),
    ajv: { customOptions: {} },
    // A URL the router cannot read (a bad percent-encoding like %zz, an over-long parameter) names
    // no route: it gets the ordinary 404 (problem+json under /api, the page elsewhere), not
    // Fastify's bare JSON 400/414 that no error handler sees.
    frameworkErrors: (_error, request, reply) => {
      // No hook runs for these requests, so their headers are set here; and Fastify ignores what
      // this returns, so a failing 404 page (its session lookup needs the database) is caught here.
      reply.header('x-request-id', request.id)
      setSecurityHeaders(request, reply)
      running.track(request, reply)
      Promise.resolve(notFound(request, reply)).catch((error: unknown) => {
        request.log.error({ err: error }, 'could not answer an unreadable URL')
        if (!reply.sent) void sendInternalError(request, reply)
      })
    },
  })
  recordRouteTable(app)
  // preClose runs before the server stops listening and before every onClose hook (the request
  // log's flush, the token writes' settling, the jobs' stop); from then on Fastify answers new
  // requests 503 itself, so only the running ones are waited for. Bounded: a request stuck on an
  // unreachable database must not keep the process up, so past the bound the connections still
  // open are closed too (server.close() would wait for them without a limit).
  const running = trackRunningRequests(app)
  app.decorate('runningRequests', running)
  app.addHook('preClose', async () => {
    if (await running.settled(deps.shutdownDrainMs ?? SHUTDOWN_DRAIN_MS)) return
    app.log.warn({ running: running.count }, 'shutting down with requests still running')
    app.server.closeAllConnections()
  })
  app.setValidatorCompiler(validatorCompilers())
  const checkAgainstSchemas = deps.checkResponsesAgainstSchemas ?? process.env.VENDOC_CHECK_RESPONSES === 'on'
  app.setSerializerCompiler(serializerCompiler({ checkAgainstSchemas }))
  registerJsonTextReplies(app, { checkAgainstSchemas })
  // Callback style, not async: this runs on every request, and an async hook costs a promise and a
  // microtask turn each time.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
  registerSecurityHeaders(app, setSecurityHeaders)
  // The log's masking and inserts (and on SQLite most of the WAL's checkpoints, when the server
  // opened the database with serverConnectOptions) run in a worker thread on a connection of its
  // own, off the event loop. An in-memory SQLite database cannot be
  // shared with a worker; there (tests only) entries are finished and inserted inline.
  const logWorker = config.requestLog.enabled && database.sharedConfig ? startRequestLogWorker(database.sharedConfig) : null
  const requestLog = new RequestLogWriter<CapturedRequest>(
    logWorker ? (batch) => logWorker.insert(batch) : async (batch) => insertRequestLogs(database.db, batch.map(finishRequestLogEntry)),
    app.log,
    { sizeOf: sizeOfCapturedRequest, ...deps.requestLogWriter },
  )
  registerAbortedUploadGuard(app)
  registerRequestLogging(app, { db: database.db, clock, writer: requestLog, enabled: config.requestLog.enabled, readBodies: config.requestLog.readBodies, running })
  registerBackgroundJobs(app, database, clock, config)
  app.addHook('onClose', async () => {
    // Bounded: a log that cannot be written (the database gone) must not keep the process up.
    await requestLog.flushWithin(SHUTDOWN_FLUSH_MS)
    await logWorker?.close()
  })
  // On the root: the OpenAPI document is read from the root (app.swagger()) and sees every route.
  await registerOpenApi(app, config)
  await registerErrorHandling(app, config.bodyLimitBytes, { pageNotFound, lastResortSent: recordLastResortBody }, async (routes) => {
    await registerApiDocPages(routes)
    await routes.register(apiV1, { prefix: '/api/v1', db: database.db, clock, config } as never)
    routes.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
    await routes.register(webApp, web)
  })
  return app
}
