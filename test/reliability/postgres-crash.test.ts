// Crash consistency on PostgreSQL (issue 7, point 7): a throwaway cluster of the test's own is
// stopped with `pg_ctl stop -m immediate` (no checkpoint, every backend gone) at random moments
// while the real server creates documents over HTTP (three at a time, half with an
// Idempotency-Key, the request log on), then started again (crash recovery). The Vendoc server is
// never restarted: it must survive the outage by itself and create documents again once the
// database is back. After every restart amcheck (B-tree indexes with heapallindexed, and heap
// pages) must find nothing, and the same checks as on SQLite must hold
// (support/consistency-checks.ts). CRASH_KILLS_POSTGRES sets the number of crashes (default 15);
// CRASH_SEED replays a run. Without PostgreSQL binaries the test is skipped, except under CI=true
// where it fails.
import { afterAll, describe, expect, it } from 'vitest'
import { connectDatabase } from '../../src/platform/db/connect.js'
import { seededRandom } from '../../src/platform/seeded-random.js'
import { freePort } from '../support/free-port.js'
import { checkConsistency } from './support/consistency-checks.js'
import { prepareCrashDatabase } from './support/crash-account.js'
import { CreationDriver, CreationLedger, type Acknowledged } from './support/creation-driver.js'
import { CreationPlanner } from './support/creation-plan.js'
import { PostgresCluster } from './support/postgres-cluster.js'
import { envCount, runSeed } from './support/run-seed.js'
import { bundleServer, type ServerBundle } from './support/server-bundle.js'
import { WarmProcess } from './support/warm-process.js'

const CRASHES = envCount('CRASH_KILLS_POSTGRES', 15)
const unavailable = PostgresCluster.unavailableReason()
const mustFail = unavailable !== null && Boolean(process.env.CI)
if (unavailable && !mustFail) console.warn(`[crash postgres] SKIPPED: cannot create a PostgreSQL cluster (${unavailable}); CI fails instead of skipping`)

describe.skipIf(unavailable !== null && !mustFail)('crash consistency on PostgreSQL', () => {
  let cluster: PostgresCluster | undefined
  let bundle: ServerBundle | undefined
  let server: WarmProcess | undefined

  afterAll(async () => {
    await server?.kill()
    await cluster?.remove()
    bundle?.remove()
  })

  it(`every acknowledged document survives ${CRASHES} immediate shutdowns of PostgreSQL, and the server carries on by itself`, async () => {
    if (mustFail) throw new Error(`CI=true but a PostgreSQL cluster cannot be created: ${unavailable}`)
    const seed = runSeed('crash postgres')
    const random = seededRandom(seed)
    const started = Date.now()
    // Each is assigned as soon as it exists, so afterAll removes it even when the other one fails.
    ;[bundle, cluster] = await Promise.all([
      bundleServer().then((built) => (bundle = built)),
      PostgresCluster.create().then((created) => (cluster = created)),
    ])
    await cluster.start()
    const url = await cluster.createDatabase('vendoc')

    const account = await prepareCrashDatabase({ dialect: 'postgres', url })
    const port = await freePort()
    server = new WarmProcess(bundle.childScript, { DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', REQUEST_LOG: 'on', API_RATE_LIMIT_PER_MINUTE: '1000000' })
    await server.start()
    const baseUrl = `http://127.0.0.1:${port}`
    const ledger = new CreationLedger()
    const driver = new CreationDriver(new CreationPlanner(random, account, `p${seed}`), ledger, { baseUrl, token: account.token, concurrency: 3, tolerateServerErrors: true })

    const verified = new Set<string>()
    let recoveryMs = 0
    const check = async (context: string): Promise<number> => {
      const fresh: Acknowledged[] = [...ledger.acknowledged.values()].filter((ack) => !verified.has(ack.sent.tag))
      const database = connectDatabase({ dialect: 'postgres', url }, { poolSize: 2 })
      try {
        const result = await checkConsistency(database.db, 'postgres', account.accountId, ledger, fresh)
        expect(result.problems, context).toEqual([])
        for (const ack of fresh) verified.add(ack.sent.tag)
        return result.documents
      } finally {
        await database.close()
      }
    }

    for (let crash = 1; crash <= CRASHES; crash += 1) {
      driver.start()
      await driver.acknowledgements(1, 30_000)
      await new Promise((resolve) => setTimeout(resolve, random.int(0, 300)))
      await cluster.crash()
      // Requests keep arriving while the database is down (they fail with a 5xx, outcome unknown).
      await new Promise((resolve) => setTimeout(resolve, random.int(0, 500)))
      await driver.stop()
      await cluster.start()
      expect(server.exited, `the server died with the database (crash ${crash}): ${server.errorOutput}`).toBe(false)

      // Back in service without a restart: the first creation after the database returns must succeed
      // (a pooled connection that died with the database may cost one failed request first).
      const backAt = Date.now()
      let status = 0
      for (let attempt = 0; attempt < 20 && status !== 201; attempt += 1) {
        status = await driver.createOne()
        if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(status, `seed ${seed}, crash ${crash}: no creation succeeded after the database came back; ${server.errorOutput}`).toBe(201)
      recoveryMs += Date.now() - backAt
      expect(ledger.unexpected, `seed ${seed}, crash ${crash}`).toEqual([])
      await check(`seed ${seed}, after crash ${crash}`)
    }
    verified.clear()
    const documents = await check(`seed ${seed}, final check`)
    expect(server.exited).toBe(false)
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200)
    console.log(
      `[crash postgres] ${CRASHES} immediate shutdowns, 1 server process throughout; ${ledger.sent.size} creations sent, ${ledger.acknowledged.size} acknowledged (201) and verified, ` +
        `${ledger.serverErrors} answered 5xx while the database was down, ${ledger.unknownOutcomes - ledger.serverErrors} without an answer, ${documents} documents stored; ` +
        `mean time to the first 201 after restart ${Math.round(recoveryMs / CRASHES)} ms; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
  }, 900_000)
})
