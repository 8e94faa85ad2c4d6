// Runs before all test files: checks whether PostgreSQL answers, tells every file through
// `inject('postgres')`, and says clearly when the PostgreSQL half of the matrix will be skipped.
// It also prepares, once for the whole run, what every test process would otherwise repeat: the
// worker threads' modules bundled (module-worker.ts explains why; found through
// VENDOC_WORKER_BUNDLE_DIR) and migrated template databases (database-templates.ts). The test
// processes are forked after it, with its environment. Not in watch mode: a rerun does not run
// this again, so what it prepared would go stale as the code changes.
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { prepareDatabaseTemplates } from './database-templates.js'
import { probePostgres, type PostgresProbe } from './postgres.js'
import { bundlePrograms } from './program-bundle.js'

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresProbe
  }
}

/** Each project of vitest.config.ts runs this setup, in one process: the first prepares, the last removes. */
const run = globalThis as { vendocPreparedRun?: { ready: Promise<() => Promise<void>>; users: number } }

async function prepareRun(postgresAvailable: boolean): Promise<() => Promise<void>> {
  const workers = await bundlePrograms('vendoc-workers', [{}])
  try {
    const removeTemplates = await prepareDatabaseTemplates(postgresAvailable)
    process.env.VENDOC_WORKER_BUNDLE_DIR = path.dirname(workers.script('request-log-worker'))
    return async () => {
      workers.remove()
      await removeTemplates()
    }
  } catch (error) {
    workers.remove()
    throw error
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const probe = await probePostgres()
  project.provide('postgres', probe)
  if (!probe.available) {
    const how = process.env.CI
      ? 'CI is set, so every PostgreSQL suite will FAIL'
      : 'PostgreSQL suites are SKIPPED (set TEST_POSTGRES_URL, or start PostgreSQL; CI fails instead of skipping)'
    console.warn(`\n[vendoc tests] PostgreSQL unreachable at ${probe.url}: ${probe.reason}\n[vendoc tests] ${how}\n`)
  }
  if (project.vitest.config.watch) return async () => undefined
  run.vendocPreparedRun ??= { ready: prepareRun(probe.available), users: 0 }
  const prepared = run.vendocPreparedRun
  prepared.users++
  const remove = await prepared.ready
  return async () => {
    if (--prepared.users === 0) await remove()
  }
}
