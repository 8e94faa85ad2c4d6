import { buildTestApp } from './test/support/test-app.js'
import { makeAccount } from './test/support/factories.js'
import { JobRunner } from './src/platform/jobs/job-runner.js'
import { loadConfig } from './src/config.js'
import { sql } from 'kysely'
import { performance } from 'node:perf_hooks'

const env = await buildTestApp('sqlite')
const silent = { info() {}, warn() {}, error() {} }
for (const N of (process.argv[2] ?? '5000,20000').split(',').map(Number)) {
  const account = await makeAccount(env)
  const now = env.clock.now().toISOString()
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${N})
    insert into jobs (kind, account_id, payload_json, state, run_at, max_attempts, attempts, created_at, updated_at)
    select 'test.fast', ${account.id}, '{}', 'pending', ${now}, 8, 0, ${now}, ${now} from n`.execute(env.db)
  await sql`analyze`.execute(env.db)
  let done = 0
  let finished!: () => void
  const all = new Promise<void>((resolve) => (finished = resolve))
  const runner = new JobRunner({ db: env.db, dialect: env.dialect, clock: env.clock, config: loadConfig({ LOG_LEVEL: 'silent' }), log: silent }, {
    'test.fast': () => async () => { await new Promise((r) => setTimeout(r, 1)); if (++done === N) finished() },
  }, { pollMs: 1000 })
  const t = performance.now()
  const cpu = process.cpuUsage()
  runner.start()
  await all
  const ms = performance.now() - t
  const used = process.cpuUsage(cpu)
  await runner.stop()
  console.log(N, 'jobs drained in', ms.toFixed(0), 'ms;', (ms / N).toFixed(3), 'ms/job; process CPU', ((used.user + used.system) / 1000).toFixed(0), 'ms')
  await sql`delete from jobs`.execute(env.db)
}
await env.close()
