// Runs once before all test files: checks whether PostgreSQL answers, tells every file through
// `inject('postgres')`, and says clearly when the PostgreSQL half of the matrix will be skipped.
// It also prepares, once for the whole run, what every test process would otherwise repeat: the
// worker threads' modules bundled (module-worker.ts explains why; found through
// VENDOC_WORKER_BUNDLE_DIR) and migrated template databases (database-templates.ts).
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workers = await bundlePrograms('vendoc-workers', [{}])
  process.env.VENDOC_WORKER_BUNDLE_DIR = path.dirname(workers.script('request-log-worker'))
  const probe = await probePostgres()
  project.provide('postgres', probe)
  if (!probe.available) {
    const how = process.env.CI
      ? 'CI is set, so every PostgreSQL suite will FAIL'
      : 'PostgreSQL suites are SKIPPED (set TEST_POSTGRES_URL, or start PostgreSQL; CI fails instead of skipping)'
    console.warn(`\n[vendoc tests] PostgreSQL unreachable at ${probe.url}: ${probe.reason}\n[vendoc tests] ${how}\n`)
  }
  const removeTemplates = await prepareDatabaseTemplates(probe.available)
  return async () => {
    workers.remove()
    await removeTemplates()
  }
}
