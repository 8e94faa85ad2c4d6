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

/**
 * Vitest runs this setup for the root and for each project of vitest.config.ts, one after another
 * in one process, before any file: the first checks and prepares, the last teardown removes.
 */
interface SharedRun {
  probe: Promise<PostgresProbe>
  prepared: Promise<() => Promise<void>> | null
  users: number
}
const run = globalThis as { vendocRun?: SharedRun }

async function checkPostgres(): Promise<PostgresProbe> {
  const probe = await probePostgres()
  if (!probe.available) {
    const how = process.env.CI
      ? 'CI is set, so every PostgreSQL suite will FAIL'
      : 'PostgreSQL suites are SKIPPED (set TEST_POSTGRES_URL, or start PostgreSQL; CI fails instead of skipping)'
    console.warn(`\n[vendoc tests] PostgreSQL unreachable at ${probe.url}: ${probe.reason}\n[vendoc tests] ${how}\n`)
  }
  return probe
}

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
  const shared = (run.vendocRun ??= { probe: checkPostgres(), prepared: null, users: 0 })
  const probe = await shared.probe
  project.provide('postgres', probe)
  if (project.vitest.config.watch) return async () => undefined
  shared.prepared ??= prepareRun(probe.available)
  shared.users++
  const remove = await shared.prepared
  return async () => {
    if (--shared.users > 0) return
    run.vendocRun = undefined
    await remove()
  }
}
