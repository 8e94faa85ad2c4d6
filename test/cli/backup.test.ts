// `vendoc backup` and `vendoc restore` against a real server process under write load: the backup
// is taken with the CLI while creations keep arriving, restored into a fresh database, and every
// document acknowledged (201) before the backup started must be there with its items and signers.
import BetterSqlite3 from 'better-sqlite3'
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { runCli } from '../../src/cli/run-cli.js'
import { setAccountCreationLimit } from '../../src/modules/accounts/accounts.js'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, proposalBody, type TestAccount } from '../support/factories.js'
import { freePort } from '../support/free-port.js'
import { createTestDatabase, dropTestDatabase } from '../support/postgres.js'
import type { TestApp } from '../support/test-app.js'
import { type CliResult, vendocWith } from '../support/vendoc-cli.js'

/** Concurrent clients creating documents, and how many the load reaches before the backup starts. */
const WRITERS = 4
const WARM_UP_DOCUMENTS = 40

type CliRun = CliResult

/**
 * The same command run in this process (runCli, as bin/vendoc.js does): the checks that need no
 * separate process use it, as every child process costs seconds of start-up on a busy machine.
 */
async function vendocHere(databaseUrl: string, ...args: string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { io: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } })
  return { code, stdout, stderr }
}


const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-backup-test-'))
const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  fs.rmSync(scratch, { recursive: true, force: true })
})

async function startServer(databaseUrl: string): Promise<{ baseUrl: string; stop(): Promise<void>; output(): string }> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: '', LOG_LEVEL: 'warn', API_RATE_LIMIT_PER_MINUTE: '1000000', JOB_POLL_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
  }
  cleanups.push(stop)
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && child.exitCode === null) {
    if (await fetch(`${baseUrl}/healthz`).then((response) => response.ok).catch(() => false)) return { baseUrl, stop, output: () => output }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the server did not start:\n${output}`)
}

interface Acknowledged {
  id: number
  /** performance.now() when the 201 arrived. */
  at: number
  signerNames: string[]
}

/** WRITERS loops posting documents (two items, two signers) until stopped; every 201 is recorded. */
function startLoad(baseUrl: string, account: TestAccount, customer: { id: number }) {
  const acknowledged: Acknowledged[] = []
  const failures: string[] = []
  let running = true
  let sequence = 0
  const writer = async () => {
    while (running) {
      sequence += 1
      const signerNames = [`Signatária ${sequence} A`, `Signatário ${sequence} B`]
      const body = proposalBody(account, customer, {
        signature_type: 'digital',
        items: [{ product_id: account.products.main.id, quantity: 1 }, { product_id: account.products.service.id, quantity: 2.5 }],
        signers: signerNames.map((name, index) => ({ name, email: `s${sequence}.${index}@cliente.test`, cpf: validCpf(), role_id: account.roles.party.id })),
      })
      try {
        const response = await fetch(`${baseUrl}/api/v1/proposals`, { method: 'POST', headers: { ...account.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })
        const text = await response.text()
        if (response.status === 201) acknowledged.push({ id: (JSON.parse(text) as { id: number }).id, at: performance.now(), signerNames })
        else failures.push(`${response.status} ${text.slice(0, 200)}`)
      } catch (error) {
        failures.push(String(error))
      }
    }
  }
  const writers = Array.from({ length: WRITERS }, writer)
  return {
    acknowledged,
    failures,
    async stop() {
      running = false
      await Promise.all(writers)
    },
  }
}

/** A fresh, empty place to restore into: a SQLite path that does not exist yet, or a new PostgreSQL database. */
async function freshTarget(dialect: TestApp['dialect']): Promise<string> {
  if (dialect === 'sqlite') return `sqlite:${path.join(scratch, `restored-${randomBytes(4).toString('hex')}.sqlite`)}`
  const { name, url } = await createTestDatabase()
  cleanups.push(() => dropTestDatabase(name))
  return url
}

/** Integrity of a restored database: the engine's own check, plus derived counters equal to the rows they count. */
async function integrityProblems(restored: DatabaseHandle, databaseUrl: string): Promise<string[]> {
  const problems: string[] = []
  if (restored.dialect === 'sqlite') {
    const raw = new BetterSqlite3(databaseUrl.slice('sqlite:'.length), { readonly: true })
    try {
      const verdict = (raw.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check).join('; ')
      if (verdict !== 'ok') problems.push(`integrity_check: ${verdict}`)
      const orphans = raw.pragma('foreign_key_check') as unknown[]
      if (orphans.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(orphans.slice(0, 3))}`)
    } finally {
      raw.close()
    }
  }
  const customers = await restored.db.selectFrom('customers as c')
    .select(['c.id', 'c.proposal_count', (eb) => eb.selectFrom('proposals as p').whereRef('p.customer_id', '=', 'c.id').select((inner) => inner.fn.countAll<number>().as('n')).as('actual')])
    .execute()
  for (const customer of customers) if (Number(customer.proposal_count) !== Number(customer.actual)) problems.push(`customer ${customer.id}: proposal_count ${customer.proposal_count} but ${customer.actual} documents`)
  return problems
}

describeEachDialect('vendoc backup and restore under write load', (env) => {
  it('restores a backup taken mid-load with every document acknowledged before it, items and signers included', async () => {
    const account = await makeAccount(env)
    await setAccountCreationLimit(env.db, env.clock, account.id, 1_000_000)
    const customer = await makeCustomer(env, account)
    const t0 = performance.now()
    const phase = (name: string) => console.info(`[backup ${env.dialect}] ${name} at ${Math.round(performance.now() - t0)} ms`)
    const server = await startServer(env.databaseUrl)
    phase('server up')
    // SQLite: a long reader (a report, say) holds a snapshot from before the load, so no checkpoint
    // can move the load's pages into the main file: they exist only in the WAL, and a backup that
    // copied the file instead of reading the database would miss every document (a mutant doing
    // so fails this test; without the reader, checkpoints during the CLI's start-up hid it).
    const pinnedReader = env.dialect === 'sqlite' ? new BetterSqlite3(env.databaseUrl.slice('sqlite:'.length), { readonly: true }) : undefined
    pinnedReader?.exec('BEGIN')
    pinnedReader?.prepare('select count(*) from proposals').get()
    const load = startLoad(server.baseUrl, account, customer)

    const file = path.join(scratch, `backup-${env.dialect}.${env.dialect === 'sqlite' ? 'sqlite' : 'dump'}`)
    let backup: CliRun
    let backupStartedAt: number
    try {
      while (load.acknowledged.length < WARM_UP_DOCUMENTS && load.failures.length === 0) await new Promise((resolve) => setTimeout(resolve, 50))
      backupStartedAt = performance.now()
      phase('backup start')
      backup = await vendocWith({ DATABASE_URL: env.databaseUrl }, 'backup', file, '--json')
      const backupEndedAt = performance.now()
      phase('backup end')
      // Writes kept succeeding while the backup ran: the server was serving, not paused.
      const duringBackup = load.acknowledged.filter((doc) => doc.at > backupStartedAt && doc.at < backupEndedAt).length
      console.info(`[backup ${env.dialect}] ${JSON.stringify({ ackedBefore: load.acknowledged.filter((doc) => doc.at < backupStartedAt).length, duringBackup })}`)
      expect(duringBackup, 'documents acknowledged while the backup ran').toBeGreaterThan(0)

      if (env.dialect === 'sqlite') {
        // The live database cannot be replaced under the running server.
        const refused = await vendocHere(env.databaseUrl, 'restore', file, '--force')
        expect(refused.code, refused.stderr).toBe(1)
        expect(refused.stderr).toMatch(/in use by another process/)
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
    } finally {
      await load.stop()
      await server.stop()
      pinnedReader?.exec('COMMIT')
      pinnedReader?.close()
    }
    phase('server stopped')
    expect(load.failures, server.output()).toEqual([])
    expect(backup.code, backup.stderr).toBe(0)
    const written = JSON.parse(backup.stdout) as { bytes: number; duration_ms: number; file: string; format: string }
    expect(written.file).toBe(file)
    expect(written.bytes).toBe(fs.statSync(file).size)
    expect(written.format).toBe(env.dialect === 'sqlite' ? 'sqlite' : 'pg_dump-custom')

    // The backup holds every customer's personal data: owner-only, whatever the umask.
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    if (env.dialect === 'sqlite') {
      // Writing a backup over the live database (or its -wal) is refused, even with --force: it would
      // delete the -wal and rename a copy over the open file.
      const databaseFile = env.databaseUrl.slice('sqlite:'.length)
      const sizeBefore = fs.statSync(databaseFile).size
      for (const live of [databaseFile, `${databaseFile}-wal`]) {
        const overLive = await vendocHere(env.databaseUrl, 'backup', live, '--force')
        expect(overLive.code, overLive.stdout).toBe(1)
        expect(overLive.stderr).toMatch(/is the configured database/)
      }
      expect(fs.statSync(databaseFile).size).toBe(sizeBefore)
      const selfRestore = await vendocHere(env.databaseUrl, 'restore', databaseFile, '--force')
      expect(selfRestore.code).toBe(1)
      expect(selfRestore.stderr).toMatch(/is the configured database/)
    }

    // Writing over the backup needs --force.
    const again = await vendocHere(env.databaseUrl, 'backup', file)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already exists/)

    const before = load.acknowledged.filter((doc) => doc.at < backupStartedAt)
    expect(before.length).toBeGreaterThanOrEqual(WARM_UP_DOCUMENTS)
    const target = await freshTarget(env.dialect)
    const restoredRun = await vendocHere(target, 'restore', file, '--json')
    expect(restoredRun.code, restoredRun.stderr).toBe(0)
    expect(JSON.parse(restoredRun.stdout)).toMatchObject({ dialect: env.dialect, replaced: false })
    // Into a database that now has data, only with --force.
    const overwrite = await vendocHere(target, 'restore', file)
    expect(overwrite.code).toBe(1)
    expect(overwrite.stderr).toMatch(/--force/)
    // A database at a newer schema (a later migration's table): --force leaves exactly the backup,
    // or the next migration would fail on the leftover.
    const newer = connectDatabase(loadConfig({ DATABASE_URL: target, LOG_LEVEL: 'silent' }).database, { poolSize: 1 })
    await sql`create table later_migration (id integer)`.execute(newer.db)
    await newer.close()
    const forced = await vendocHere(target, 'restore', file, '--force', '--json')
    expect(forced.code, forced.stderr).toBe(0)
    expect(JSON.parse(forced.stdout)).toMatchObject({ replaced: true })

    phase('restored')
    const config = loadConfig({ DATABASE_URL: target, LOG_LEVEL: 'silent', JOB_POLL_MS: '0', PUBLIC_URL: 'http://vendoc.test' })
    const restored = connectDatabase(config.database, { poolSize: 2 })
    try {
      expect(await integrityProblems(restored, target)).toEqual([])
      await expect(sql`select count(*) from later_migration`.execute(restored.db)).rejects.toThrow(/later_migration/)
      const ids = before.map((doc) => doc.id)
      const proposals = await restored.db.selectFrom('proposals').select(['id', 'account_id']).where('id', 'in', ids).execute()
      expect(proposals.length, 'documents acknowledged before the backup').toBe(before.length)
      const items = await restored.db.selectFrom('proposal_items').select(['proposal_id']).where('proposal_id', 'in', ids).execute()
      const signers = await restored.db.selectFrom('proposal_signers').select(['proposal_id', 'name']).where('proposal_id', 'in', ids).execute()
      for (const doc of before) {
        expect(items.filter((item) => item.proposal_id === doc.id).length, `items of ${doc.id}`).toBe(2)
        expect(signers.filter((signer) => signer.proposal_id === doc.id).map((signer) => signer.name).sort(), `signers of ${doc.id}`).toEqual([...doc.signerNames].sort())
      }
      // No half-written document: every document in the copy has both its items and both its signers.
      const all = await restored.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).execute()
      const allItems = await restored.db.selectFrom('proposal_items').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', account.id).executeTakeFirstOrThrow()
      const allSigners = await restored.db.selectFrom('proposal_signers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', account.id).executeTakeFirstOrThrow()
      expect(Number(allItems.n)).toBe(2 * all.length)
      expect(Number(allSigners.n)).toBe(2 * all.length)
      console.info(`[backup ${env.dialect}] ${JSON.stringify({ acknowledgedTotal: load.acknowledged.length, acknowledgedBeforeBackup: before.length, inBackup: all.length, backupBytes: written.bytes, backupMs: written.duration_ms })}`)

      // The restored database serves the API (the app migrates nothing new; the token is in the copy).
      const app = await buildApp({ config, database: restored })
      try {
        const sample = before[Math.floor(before.length / 2)]!
        const detail = await app.inject({ method: 'GET', url: `/api/v1/proposals/${sample.id}`, headers: account.auth })
        expect(detail.statusCode, detail.body).toBe(200)
        const body = detail.json<{ id: number; items: unknown[]; signers: Array<{ name: string }> }>()
        expect(body.items).toHaveLength(2)
        expect(body.signers.map((signer) => signer.name).sort()).toEqual([...sample.signerNames].sort())
      } finally {
        await app.close()
      }
    } finally {
      await restored.close()
    }
    phase('verified')
  }, 90_000)

  it('refuses a file that is not a backup, and changes nothing', async () => {
    const bogus = path.join(scratch, `bogus-${env.dialect}`)
    fs.writeFileSync(bogus, 'not a database at all, just text'.repeat(200))
    const target = await freshTarget(env.dialect)
    const result = await vendocHere(target, 'restore', bogus)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(env.dialect === 'sqlite' ? /integrity check|cannot be opened/ : /not a pg_dump custom-format backup/)
    if (env.dialect === 'sqlite') expect(fs.existsSync(target.slice('sqlite:'.length))).toBe(false)
  }, 60_000)

  it('needs pg_dump on PATH for PostgreSQL and says so clearly, writing nothing', async (ctx) => {
    if (env.dialect !== 'postgres') return ctx.skip()
    const file = path.join(scratch, 'no-tools.dump')
    const result = await vendocWith({ DATABASE_URL: env.databaseUrl, PATH: path.join(scratch, 'no-such-dir') }, 'backup', file)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/pg_dump was not found on PATH/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(fs.existsSync(file)).toBe(false)
  }, 60_000)
})
