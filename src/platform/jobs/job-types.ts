// The shapes shared by the job queue, its runner and the modules whose work runs as jobs.
import type { Config } from '../../config.js'
import type { Clock } from '../clock.js'
import type { Db, Dialect } from '../db/connect.js'

/** A claimed job as its handler sees it. */
export interface ClaimedJob {
  id: number
  kind: string
  accountId: number | null
  payload: unknown
  /** 1 on the first run. */
  attempt: number
  maxAttempts: number
}

/** What a handler needs from the running app. */
export interface JobEnvironment {
  db: Db
  dialect: Dialect
  clock: Clock
  config: Config
  log: { info(object: object, message?: string): void; warn(object: object, message?: string): void; error(object: object, message?: string): void }
}

/** Does the job's work; throwing schedules a retry (or, on the last attempt, fails the job). */
export type JobHandler = (job: ClaimedJob) => Promise<void>

/** A handler's lifetime: what it holds open (an SMTP connection pool) is released when its runner stops. */
export interface HandlerLifetime {
  atStop(release: () => Promise<void> | void): void
}

/** Builds a kind's handler once per app, with the app's environment. */
export type JobHandlerFactory = (env: JobEnvironment, lifetime: HandlerLifetime) => JobHandler

/**
 * A failure the handler expected and already recorded where people look (a webhook try not sent
 * while its endpoint is paused): retried like any failure, but logged at info without a stack, so a
 * burst of such tries does not bury the server log in warnings.
 */
export class QuietJobFailure extends Error {}
