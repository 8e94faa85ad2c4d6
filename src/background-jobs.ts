// Housekeeping that runs inside the server process: at start and hourly, prune the request log past
// its retention, idempotency keys past 24 hours and expired web sessions. Started when the app is ready, stopped (and
// awaited) when it closes. Every task is an idempotent delete, so several processes may run them.
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { pruneWebSessions } from './modules/accounts/web-sessions.js'
import { pruneIdempotencyKeys } from './modules/integrations/idempotency.js'
import { scheduleRequestLogPruning } from './modules/integrations/request-log/prune-request-logs.js'
import type { Clock } from './platform/clock.js'
import type { DatabaseHandle } from './platform/db/connect.js'
import { type PeriodicTask, startPeriodicTask } from './platform/periodic-task.js'

const HOUR_MS = 60 * 60 * 1000

export function registerBackgroundJobs(app: FastifyInstance, database: DatabaseHandle, clock: Clock, config: Config): void {
  let tasks: PeriodicTask[] = []
  app.addHook('onReady', async () => {
    tasks = [
      scheduleRequestLogPruning(database.db, database.dialect, clock, app.log, { retentionDays: config.requestLog.retentionDays }),
      startPeriodicTask('idempotency key pruning', HOUR_MS, app.log, async () => {
        await pruneIdempotencyKeys(database.db, clock)
      }),
      startPeriodicTask('web session pruning', HOUR_MS, app.log, async () => {
        await pruneWebSessions(database.db, clock)
      }),
    ]
  })
  app.addHook('onClose', async () => {
    await Promise.all(tasks.map((task) => task.stop()))
  })
}
