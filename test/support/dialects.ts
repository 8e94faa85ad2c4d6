// The dialect matrix: describeEachDialect(name, fn) defines the suite once per database. Each
// copy builds its own app on a fresh database before its tests and tears it down after them.
// PostgreSQL unreachable: skipped with a message, except under CI where the suite fails.
import { afterAll, beforeAll, describe, inject } from 'vitest'
import type { Dialect } from '../../src/platform/db/connect.js'
import { buildTestApp, type TestApp, type TestAppOptions } from './test-app.js'

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres']

/**
 * `env` is filled in by beforeAll, so read its properties inside tests and hooks, not while
 * the suite is being defined. `options` (a clock, config variables) apply to both apps.
 */
export function describeEachDialect(name: string, fn: (env: TestApp) => void, options: TestAppOptions = {}): void {
  for (const dialect of DIALECTS) {
    const probe = dialect === 'postgres' ? inject('postgres') : undefined
    const unavailable = probe !== undefined && !probe.available
    const mustFail = unavailable && Boolean(process.env.CI)
    describe.skipIf(unavailable && !mustFail)(`${name} [${dialect}]`, () => {
      const env = {} as TestApp
      let built: TestApp | undefined
      beforeAll(async () => {
        if (mustFail) throw new Error(`PostgreSQL is unreachable at ${probe!.url} (${probe!.reason}); under CI the PostgreSQL suites must run`)
        built = await buildTestApp(dialect, options)
        Object.assign(env, built)
      })
      afterAll(async () => {
        await built?.close()
      })
      fn(env)
    })
  }
}
