// Housekeeping that runs inside the server process: at start and hourly, prune the request log past
// its retention, idempotency keys past 24 hours, expired web sessions, jobs finished 30 days ago,
// settled webhook deliveries and the accounts' activity past theirs, and send the automatic reminders and the expiry
// warnings that fell due; every 10 minutes, expire the documents past their validity. Started
// when the app is ready, stopped (and awaited) when it closes. Every task is an idempotent delete
// or claims each row it acts on under its lock, so several processes may run them.
// The durable job queue's runner (app.jobs) starts and stops with them: it polls every JOB_POLL_MS
// (0: never by itself; tests call app.jobs.runDueJobs()) and is stopped before the database closes.
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { JOB_HANDLERS } from './job-handlers.js'
import { pruneAccountActivity } from './modules/accounts/account-activity.js'
import { pruneWebSessions } from './modules/accounts/web-sessions.js'
import { pruneIdempotencyKeys } from './modules/integrations/idempotency.js'
import { expireProposals } from './modules/lifecycle/expire-proposals.js'
import { sendAutomaticReminders } from './modules/lifecycle/automatic-reminders.js'
import { sendExpiryWarnings } from './modules/lifecycle/expiry-notices.js'
import { pruneWebhookDeliveries } from './modules/webhooks/prune-webhook-deliveries.js'
import { scheduleRequestLogPruning } from './modules/integrations/request-log/prune-request-logs.js'
import type { Clock } from './platform/clock.js'
import type { DatabaseHandle } from './platform/db/connect.js'
import { JobRunner } from './platform/jobs/job-runner.js'
import { pruneFinishedJobs } from './platform/jobs/prune-jobs.js'
import { type PeriodicTask, startPeriodicTask } from './platform/periodic-task.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The durable job queue's runner: runDueJobs() runs everything due now and returns how many ran. */
    jobs: JobRunner
  }
}

const HOUR_MS = 60 * 60 * 1000

export function registerBackgroundJobs(app: FastifyInstance, database: DatabaseHandle, clock: Clock, config: Config): void {
  let tasks: PeriodicTask[] = []
  const jobs = new JobRunner({ db: database.db, dialect: database.dialect, clock, config, log: app.log }, JOB_HANDLERS, { pollMs: config.jobPollMs })
  app.decorate('jobs', jobs)
  app.addHook('onReady', async () => {
    jobs.start()
    tasks = [
      scheduleRequestLogPruning(database.db, database.dialect, clock, app.log, { retentionDays: config.requestLog.retentionDays }),
      startPeriodicTask('idempotency key pruning', HOUR_MS, app.log, async () => {
        await pruneIdempotencyKeys(database.db, clock)
      }),
      startPeriodicTask('web session pruning', HOUR_MS, app.log, async () => {
        await pruneWebSessions(database.db, clock)
      }),
      startPeriodicTask('finished job pruning', HOUR_MS, app.log, async () => {
        await pruneFinishedJobs(database.db, database.dialect, clock)
      }),
      startPeriodicTask('webhook delivery pruning', HOUR_MS, app.log, async () => {
        const retentionDays = config.webhookDeliveryRetentionDays
        const deleted = await pruneWebhookDeliveries(database.db, database.dialect, clock, { retentionDays })
        if (deleted > 0) app.log.info({ deleted, retentionDays }, 'webhook deliveries: pruned settled deliveries past their retention')
      }),
      startPeriodicTask('account activity pruning', HOUR_MS, app.log, async () => {
        const retentionDays = config.accountActivityRetentionDays
        const deleted = await pruneAccountActivity(database.db, clock, { retentionDays })
        if (deleted > 0) app.log.info({ deleted, retentionDays }, 'account activity: pruned entries past their retention')
      }),
      // Reminders the accounts asked for, within the hour they fall due in their daytime.
      startPeriodicTask('automatic reminders', HOUR_MS, app.log, async () => {
        const reminded = await sendAutomaticReminders(database.db, clock, config.publicUrl)
        if (reminded > 0) app.log.info({ reminded }, 'automatic reminders: signers reminded')
      }),
      // Sellers warned, in their daytime, of open documents whose validity ends within days.
      startPeriodicTask('expiry warnings', HOUR_MS, app.log, async () => {
        const warned = await sendExpiryWarnings(database.db, clock, config.publicUrl)
        if (warned > 0) app.log.info({ warned }, 'expiry warnings: sellers warned of documents about to expire')
      }),
      // Documents past valid_until stop accepting signatures within minutes (lifecycle).
      startPeriodicTask('proposal expiry', 10 * 60 * 1000, app.log, async () => {
        await expireProposals(database.db, clock, config.publicUrl)
      }),
    ]
  })
  app.addHook('onClose', async () => {
    await Promise.all([...tasks.map((task) => task.stop()), jobs.stop()])
  })
}
