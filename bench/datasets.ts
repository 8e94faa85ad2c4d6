// The databases the scenarios run on: generated once per run (SQLite template files, or the
// PostgreSQL scratch database), and the large growth database generated once per machine into a
// cached template keyed by everything that shapes its content.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseDatabaseUrl } from '../src/config.js'
import { type BenchDataSummary, generateBenchData } from '../src/modules/bench-data/generate-bench-data.js'
import { createApiToken } from '../src/modules/integrations/api-tokens.js'
import { systemClock } from '../src/platform/clock.js'
import { connectDatabase } from '../src/platform/db/connect.js'
import { removeSqliteFiles } from '../src/platform/db/sqlite-database.js'
import { migrateToLatest } from '../src/platform/migrations/index.js'
import { type CreationRefs, readCreationRefs } from './creation-body.js'

export interface DatasetSpec {
  label: string
  customers: number
  proposals: number
  /** Documents of the one "big customer" (the generator's accountProposals). */
  bigCustomer: number
  products: number
  seed: number
}

export interface Dataset {
  spec: DatasetSpec
  /** sqlite:TEMPLATE (copy it before serving) or the postgres:// URL of the scratch database. */
  url: string
  summary: BenchDataSummary
  token: string
  creation: CreationRefs
  /** Reused from the cache instead of generated in this run. */
  cached: boolean
}

const root = path.resolve(import.meta.dirname, '..')

function progressPrinter(label: string): (done: number, total: number) => void {
  let lastTenth = -1
  return (done, total) => {
    const tenth = Math.floor((done / Math.max(1, total)) * 10)
    if (tenth > lastTenth && total >= 100_000) {
      lastTenth = tenth
      console.log(`  ${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} documents`)
    }
  }
}

/** Migrates the database at `url`, generates the spec's data there and issues the API token. */
export async function generateDataset(url: string, spec: DatasetSpec): Promise<Dataset> {
  const database = connectDatabase(parseDatabaseUrl(url))
  try {
    await migrateToLatest(database.db, database.dialect)
    const summary = await generateBenchData(
      database,
      systemClock,
      { customers: spec.customers, proposals: spec.proposals, accountProposals: spec.bigCustomer, products: spec.products, seed: spec.seed },
      progressPrinter(spec.label),
    )
    const token = (await createApiToken(database.db, systemClock, summary.account_id, 'bench')).token
    const creation = await readCreationRefs(database.db, summary.account_id)
    console.log(
      `  ${spec.label} (${database.dialect}): ${summary.proposals.toLocaleString('en')} documents, ${summary.customers.toLocaleString('en')} customers, ` +
        `${summary.products} products, big customer ${(summary.big_customer?.proposals ?? 0).toLocaleString('en')} documents; ${summary.rows.toLocaleString('en')} rows in ${summary.seconds.toFixed(1)} s ` +
        `(${Math.round(summary.proposals_per_second).toLocaleString('en')} documents/s)`,
    )
    return { spec, url, summary, token, creation, cached: false }
  } finally {
    await database.close()
  }
}

/** A SQLite template generated for this run only; `dir` holds this run's files. */
export async function sqliteTemplate(dir: string, spec: DatasetSpec): Promise<Dataset> {
  const file = path.join(dir, `${spec.label}.sqlite`)
  removeSqliteFiles(file)
  return generateDataset(`sqlite:${file}`, spec)
}

/**
 * What makes two cached databases interchangeable: the spec, the generator's source and the
 * schema (migration files). A change to any of them gives a new key, so a stale cache is never used.
 */
function cacheKey(spec: DatasetSpec): string {
  const hash = createHash('sha256').update(JSON.stringify({ ...spec, label: undefined }))
  for (const dir of ['src/modules/bench-data', 'src/platform/migrations']) {
    for (const name of fs.readdirSync(path.join(root, dir)).sort()) {
      hash.update(name).update(fs.readFileSync(path.join(root, dir, name)))
    }
  }
  return hash.digest('hex').slice(0, 16)
}

/** The growth template from os.tmpdir(), generated only when missing (or BENCH_REGENERATE=1). */
export async function cachedSqliteTemplate(spec: DatasetSpec, regenerate: boolean): Promise<Dataset> {
  const file = path.join(os.tmpdir(), `vendoc-bench-${spec.proposals}-${cacheKey(spec)}.sqlite`)
  const sidecar = `${file}.json`
  if (!regenerate && fs.existsSync(file) && fs.existsSync(sidecar)) {
    const saved = JSON.parse(fs.readFileSync(sidecar, 'utf8')) as Pick<Dataset, 'summary' | 'token' | 'creation'>
    console.log(`  ${spec.label}: reusing the cached ${spec.proposals.toLocaleString('en')}-document database ${file} (BENCH_REGENERATE=1 to regenerate)`)
    return { spec, url: `sqlite:${file}`, ...saved, cached: true }
  }
  // A cache of the same size under another key was made by an older generator or schema and will
  // never be used again: a million documents take gigabytes, so it goes.
  const stale = new RegExp(`^vendoc-bench-${spec.proposals}-[0-9a-f]{16}\\.sqlite`)
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (stale.test(name) && !name.startsWith(path.basename(file))) fs.rmSync(path.join(os.tmpdir(), name), { force: true })
  }
  // Generated under another name and renamed when complete, so an interrupted run leaves no
  // half-filled file that the next run would take for the cache.
  const partial = `${file}.partial-${process.pid}`
  removeSqliteFiles(partial)
  console.log(`  ${spec.label}: generating ${spec.proposals.toLocaleString('en')} documents into the cache ${file} (once; reused by later runs)`)
  try {
    const dataset = await generateDataset(`sqlite:${partial}`, spec)
    fs.writeFileSync(sidecar, JSON.stringify({ summary: dataset.summary, token: dataset.token, creation: dataset.creation }))
    removeSqliteFiles(file)
    fs.renameSync(partial, file)
    return { ...dataset, url: `sqlite:${file}` }
  } finally {
    removeSqliteFiles(partial)
  }
}

/** A private copy of a SQLite template for one server start: what a scenario writes dies with it. */
export function sqliteCopy(template: Dataset, target: string): string {
  const source = template.url.slice('sqlite:'.length)
  removeSqliteFiles(target)
  fs.copyFileSync(source, target)
  // Closing the generator's connection checkpointed the WAL; copy one anyway if it was left behind.
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${target}-wal`)
  return `sqlite:${target}`
}

const READ_THROUGH_CHUNK = 8 * 1024 * 1024

/**
 * Reads a SQLite database (and its WAL) through once, so the page cache holds it when its server
 * starts. A copy is cached as it is written, but the growth copies serve several scenarios apart
 * in time, and some kernels page out file pages left untouched for a while: the VM of sessions 13
 * and 21 pages out anything idle for ~60 s (a DAMON `pageout` scheme), so the 1,000,000-document
 * copy could be partly read back from disk while it was measured, and the growth ratio would
 * price the disk as well as the lookups (docs/PERFORMANCE.md).
 */
export function readThrough(url: string): void {
  const file = url.slice('sqlite:'.length)
  const buffer = Buffer.allocUnsafe(READ_THROUGH_CHUNK)
  for (const name of [file, `${file}-wal`]) {
    if (!fs.existsSync(name)) continue
    const fd = fs.openSync(name, 'r')
    try {
      while (fs.readSync(fd, buffer, 0, buffer.length, null) > 0) {
        // Reading is the point; the bytes are not needed.
      }
    } finally {
      fs.closeSync(fd)
    }
  }
}
