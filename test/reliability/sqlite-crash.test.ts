// Crash consistency on SQLite (issue 7, point 7). A process writing to the database is SIGKILLed at
// a random moment while three creations are in flight (half with an Idempotency-Key), restarted
// on the same file by itself (WAL recovery and migrations happen in that start), and after every
// restart the database must pass integrity_check and foreign_key_check, hold every acknowledged
// document exactly as sent, no half-written document, no orphan, counters equal to the rows, and
// idempotency keys bound to what their request created (support/consistency-checks.ts).
//
// Two kinds of victim, because a server start costs ~2.4 s of CPU here (compiling every route's
// schemas), too much for hundreds of kills in CI:
// - the real server (HTTP, request log worker on), creations over HTTP, acknowledged by their 201:
//   CRASH_SERVER_KILLS_SQLITE kills (default 20);
// - a writer process running the route's steps with the same modules (writer-child.ts), acknowledged
//   when the 201 would be sent: CRASH_KILLS_SQLITE kills (default 200).
// CRASH_SEED replays a run (same kill delays, same bodies).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDatabase } from '../../src/platform/db/connect.js'
import { seededRandom } from '../../src/platform/seeded-random.js'
import { freePort } from '../support/free-port.js'
import { checkConsistency } from './support/consistency-checks.js'
import { prepareCrashDatabase, type CrashAccount } from './support/crash-account.js'
import { CreationDriver, CreationLedger, type Acknowledged } from './support/creation-driver.js'
import { CreationPlanner } from './support/creation-plan.js'
import { envCount, runSeed } from './support/run-seed.js'
import { bundleServer, type ServerBundle } from './support/server-bundle.js'
import { WarmProcess } from './support/warm-process.js'
import { WriterOutput } from './support/writer-lines.js'

const SERVER_KILLS = envCount('CRASH_SERVER_KILLS_SQLITE', 20)
const WRITER_KILLS = envCount('CRASH_KILLS_SQLITE', 200)

describe('crash consistency on SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-crash-sqlite-'))
  const processes: WarmProcess[] = []
  let bundle: ServerBundle

  beforeAll(async () => {
    bundle = await bundleServer()
  }, 120_000)

  afterAll(async () => {
    await Promise.all(processes.map((child) => child.kill()))
    fs.rmSync(dir, { recursive: true, force: true })
    bundle?.remove()
  })

  async function freshDatabase(name: string): Promise<{ file: string; account: CrashAccount }> {
    const file = path.join(dir, `${name}.sqlite`)
    return { file, account: await prepareCrashDatabase({ dialect: 'sqlite', file }) }
  }

  /** Opens the file (after the restarted process did), checks everything, closes it again. */
  async function check(file: string, account: CrashAccount, ledger: CreationLedger, verified: Set<string>, context: string): Promise<number> {
    const fresh: Acknowledged[] = [...ledger.acknowledged.values()].filter((ack) => !verified.has(ack.sent.tag))
    const database = connectDatabase({ dialect: 'sqlite', file })
    try {
      const result = await checkConsistency(database.db, 'sqlite', account.accountId, ledger, fresh)
      expect(result.problems, context).toEqual([])
      for (const ack of fresh) verified.add(ack.sent.tag)
      return result.documents
    } finally {
      await database.close()
    }
  }

  function spawn(script: string, env: Record<string, string>, onLine?: (line: string) => void): WarmProcess {
    const child = new WarmProcess(script, env, onLine)
    processes.push(child)
    return child
  }

  it(`server process: every acknowledged document survives ${SERVER_KILLS} SIGKILLs, nothing is half-written`, async () => {
    const seed = runSeed('crash sqlite server')
    const random = seededRandom(seed)
    const started = Date.now()
    const { file, account } = await freshDatabase('server')
    const port = await freePort()
    const env = { DATABASE_URL: `sqlite:${file}`, PORT: String(port), HOST: '127.0.0.1', REQUEST_LOG: 'on', API_RATE_LIMIT_PER_MINUTE: '1000000' }
    const ledger = new CreationLedger()
    const driver = new CreationDriver(new CreationPlanner(random, account, `s${seed}`), ledger, { baseUrl: `http://127.0.0.1:${port}`, token: account.token, concurrency: 3 })

    let current = spawn(bundle.childScript, env)
    let next = spawn(bundle.childScript, env)
    await current.start()
    const verified = new Set<string>()
    let restartMs = 0
    let startCpu = 0
    for (let kill = 1; kill <= SERVER_KILLS; kill += 1) {
      driver.start()
      // From the first 201 on, three creations are always in flight: the kill lands anywhere in a
      // transaction, a commit, the idempotency bookkeeping, the request log or a response.
      await driver.acknowledgements(1, 30_000)
      await new Promise((resolve) => setTimeout(resolve, random.int(0, 250)))
      await current.kill()
      await driver.stop()
      expect(ledger.unexpected, `seed ${seed}, kill ${kill}`).toEqual([])

      const restartedAt = Date.now()
      current = next
      next = spawn(bundle.childScript, env)
      await current.start()
      restartMs += Date.now() - restartedAt
      startCpu += current.cpuSeconds()
      await check(file, account, ledger, verified, `seed ${seed}, after server kill ${kill}`)
    }

    // The last restarted server still creates, and every acknowledged document is compared once more.
    expect(await driver.createOne()).toBe(201)
    verified.clear()
    const documents = await check(file, account, ledger, verified, `seed ${seed}, final check`)
    console.log(
      `[crash sqlite server] ${SERVER_KILLS} kills, ${ledger.sent.size} creations sent, ${ledger.acknowledged.size} acknowledged (201) and verified, ` +
        `${ledger.unknownOutcomes} without an answer, ${documents} documents stored; mean restart ${Math.round(restartMs / SERVER_KILLS)} ms, ` +
        `mean CPU of a server start ${(startCpu / SERVER_KILLS).toFixed(2)} s; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
  }, 900_000)

  it(`writer process: every acknowledged document survives ${WRITER_KILLS} SIGKILLs, nothing is half-written`, async () => {
    const seed = runSeed('crash sqlite writer')
    const random = seededRandom(seed)
    const started = Date.now()
    const { file, account } = await freshDatabase('writer')
    const ledger = new CreationLedger()
    const output = new WriterOutput(ledger)
    const envFor = (cycle: number) => ({ DATABASE_URL: `sqlite:${file}`, CRASH_ACCOUNT: JSON.stringify(account), CRASH_SEED: String(seed + cycle), CRASH_RUN: `w${seed}-${cycle}` })

    let current = spawn(bundle.writerScript, envFor(0), output.onLine)
    let next = spawn(bundle.writerScript, envFor(1), output.onLine)
    await current.start()
    const verified = new Set<string>()
    let startCpu = 0
    for (let kill = 1; kill <= WRITER_KILLS; kill += 1) {
      output.acknowledgedByThisWriter = 0
      current.send('write')
      await output.firstAcknowledgement(30_000)
      await new Promise((resolve) => setTimeout(resolve, random.int(0, 100)))
      await current.kill()
      expect(ledger.unexpected, `seed ${seed}, kill ${kill}`).toEqual([])
      current = next
      next = spawn(bundle.writerScript, envFor(kill + 1), output.onLine)
      await current.start()
      startCpu += current.cpuSeconds()
      await check(file, account, ledger, verified, `seed ${seed}, after writer kill ${kill}`)
    }
    await current.kill()
    verified.clear()
    const documents = await check(file, account, ledger, verified, `seed ${seed}, final check`)
    const unanswered = ledger.sent.size - ledger.acknowledged.size
    console.log(
      `[crash sqlite writer] ${WRITER_KILLS} kills, ${ledger.sent.size} creations started, ${ledger.acknowledged.size} acknowledged and verified, ` +
        `${unanswered} cut by a kill, ${documents} documents stored; mean CPU of a writer start ${(startCpu / WRITER_KILLS).toFixed(2)} s; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
  }, 900_000)
})
