// Runs once before all test files: checks whether PostgreSQL answers, tells every file through
// `inject('postgres')`, and says clearly when the PostgreSQL half of the matrix will be skipped.
import type { TestProject } from 'vitest/node'
import { probePostgres, type PostgresProbe } from './postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresProbe
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const probe = await probePostgres()
  project.provide('postgres', probe)
  if (!probe.available) {
    const how = process.env.CI
      ? 'CI is set, so every PostgreSQL suite will FAIL'
      : 'PostgreSQL suites are SKIPPED (set TEST_POSTGRES_URL, or start PostgreSQL; CI fails instead of skipping)'
    console.warn(`\n[vendoc tests] PostgreSQL unreachable at ${probe.url}: ${probe.reason}\n[vendoc tests] ${how}\n`)
  }
}
