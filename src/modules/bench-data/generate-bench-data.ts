// `vendoc bench-data`: fills a database with one new account holding N customers and M documents
// (3–10 items, 1–3 signers, a short history each), one "big customer" holding K of them, for the
// performance benchmark (docs/PERFORMANCE.md). The account's registration data goes through the
// app's modules; the bulk (customers, products, documents and children) goes through a bulk sink
// with explicit ids, so the id range of the documents is known exactly and needs no read-back.
import type { Clock } from '../../platform/clock.js'
import type { DatabaseHandle } from '../../platform/db/connect.js'
import { type BenchCatalog, createBenchAccount, productRow } from './bench-catalog.js'
import { type CustomerRef, customerRow } from './bench-customers.js'
import { type ChildIds, SignTokenPool, writeProposal } from './bench-rows.js'
import { CUSTOMERS, PRODUCTS, PROPOSALS } from './bench-tables.js'
import type { BulkSink } from './bulk-sink.js'
import { seededRandom } from '../../platform/seeded-random.js'
import { openPostgresBulkSink } from './postgres-bulk-sink.js'
import { openSqliteBulkSink } from './sqlite-bulk-sink.js'

export interface BenchDataOptions {
  customers: number
  proposals: number
  /** K documents for the big customer; default 0 = no big customer. */
  accountProposals?: number
  /** Default 500. */
  products?: number
  seed?: number
}

export interface BenchDataSummary {
  account_id: number
  customers: number
  proposals: number
  products: number
  big_customer: { id: number; document: string; proposals: number } | null
  /** Every id in [min, max] is a document of this account. */
  proposal_ids: { min: number; max: number }
  /** Up to 1000 random customers' CNPJs/CPFs (digits only) that have documents; the big customer is not among them. */
  customer_documents_sample: string[]
  rows: number
  seconds: number
  proposals_per_second: number
}

export const DEFAULT_PRODUCTS = 500
const DEFAULT_SEED = 1
const DAY = 86_400_000
/** Documents span the last two years. */
const HISTORY_MS = 730 * DAY
const SAMPLE_SIZE = 1000
/**
 * Documents per transaction. SQLite: each commit rewrites every dirty page of the randomly filled
 * indexes into the WAL, so fewer, larger transactions write less. PostgreSQL: batches of a few MB.
 */
const BATCH = { sqlite: 100_000, postgres: 10_000 } as const
const CUSTOMER_BATCH = 50_000
/** account, admin, sellers, token, templates, payment methods, signer roles written by createBenchAccount. */
const REGISTRATION_ROWS = 1 + 1 + 5 + 1 + 3 + 4 + 3

export function checkBenchDataOptions(options: BenchDataOptions): void {
  const { customers, proposals, accountProposals = 0, products = DEFAULT_PRODUCTS } = options
  const positive = (value: number, name: string, min: number) => {
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`)
  }
  positive(customers, 'customers', 1)
  positive(proposals, 'proposals', 1)
  positive(accountProposals, 'accountProposals', 0)
  positive(products, 'products', 1)
  if (accountProposals > proposals) throw new RangeError(`the big customer's ${accountProposals} documents exceed the ${proposals} documents`)
  if (customers === 1 && accountProposals > 0 && accountProposals < proposals) {
    throw new RangeError('with a single customer, the big customer holds every document (accountProposals must equal proposals)')
  }
}

async function openSink(database: DatabaseHandle): Promise<BulkSink> {
  if (database.dialect === 'postgres') return openPostgresBulkSink(database.db)
  if (database.sqliteFile === null) throw new Error('bench-data writes SQLite through its own connection, so it needs a database file, not :memory:')
  return openSqliteBulkSink(database.sqliteFile)
}

/** Up to SAMPLE_SIZE distinct random customers that have a document number and at least one document. */
function sampleDocuments(random: ReturnType<typeof seededRandom>, customers: CustomerRef[], counts: Uint32Array): string[] {
  const eligible: string[] = []
  for (let index = 1; index < customers.length; index++) {
    const document = customers[index]!.document
    if (document !== null && counts[index]! > 0) eligible.push(document)
  }
  const size = Math.min(SAMPLE_SIZE, eligible.length)
  for (let index = 0; index < size; index++) {
    const other = random.int(index, eligible.length - 1)
    ;[eligible[index], eligible[other]] = [eligible[other]!, eligible[index]!]
  }
  return eligible.slice(0, size)
}

export async function generateBenchData(
  database: DatabaseHandle,
  clock: Clock,
  options: BenchDataOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<BenchDataSummary> {
  checkBenchDataOptions(options)
  const started = performance.now()
  const { customers: customerCount, proposals: total, accountProposals: bigCount = 0, products: productCount = DEFAULT_PRODUCTS, seed = DEFAULT_SEED } = options
  const random = seededRandom(seed)
  const now = clock.now().getTime()
  const at = new Date(now - HISTORY_MS - 60 * DAY).toISOString()

  const registration = await createBenchAccount(database.db, clock, random, `${total} documentos (seed ${seed})`)
  const { accountId } = registration
  const sink = await openSink(database)
  const firstIds = { ...sink.firstIds }
  const ids: ChildIds = { item: firstIds.proposal_items, signer: firstIds.proposal_signers, event: firstIds.proposal_events }
  try {
    const catalog: BenchCatalog = { ...registration, products: [] }
    for (let index = 0; index < productCount; index++) {
      const { row, product } = productRow(random, accountId, index, firstIds.products + index, at)
      sink.write(PRODUCTS, row)
      catalog.products.push(product)
    }

    const customers: CustomerRef[] = []
    const plan = { accountId, cnpjOffset: random.int(0, 99_999_999), cpfOffset: random.int(0, 999_999_999), registeredFrom: now - HISTORY_MS - 30 * DAY, count: customerCount }
    for (let index = 0; index < customerCount; index++) {
      const { row, ref } = customerRow(random, plan, index, firstIds.customers + index)
      sink.write(CUSTOMERS, row)
      customers.push(ref)
      if ((index + 1) % CUSTOMER_BATCH === 0) await sink.commit()
    }
    await sink.commit()

    // The big customer (index 0) gets exactly K documents at random positions (selection sampling);
    // the others go to the remaining customers uniformly.
    const counts = new Uint32Array(customerCount)
    const tokens = new SignTokenPool()
    const batch = BATCH[database.dialect]
    const step = HISTORY_MS / total
    const start = now - HISTORY_MS
    let bigLeft = bigCount
    for (let index = 0; index < total; index++) {
      const toBig = bigLeft > 0 && random.next() * (total - index) < bigLeft
      if (toBig) bigLeft--
      const customerIndex = toBig || (bigCount > 0 && customerCount === 1) ? 0 : bigCount > 0 ? random.int(1, customerCount - 1) : random.int(0, customerCount - 1)
      counts[customerIndex]!++
      // Increasing creation times, so numbers follow creation order as in the app.
      const createdAt = Math.round(start + index * step + random.next() * step)
      writeProposal(sink, random, catalog, ids, tokens, { id: firstIds.proposals + index, number: index + 1, createdAt, now, customer: customers[customerIndex]! })
      if ((index + 1) % batch === 0 || index + 1 === total) {
        await sink.commit()
        onProgress?.(index + 1, total)
      }
    }
    await sink.finish()

    await database.db.insertInto('proposal_number_counters').values({ account_id: accountId, last_number: total }).execute()
    const seconds = (performance.now() - started) / 1000
    const rows = REGISTRATION_ROWS + productCount + customerCount + total + (ids.item - firstIds.proposal_items) + (ids.signer - firstIds.proposal_signers) + (ids.event - firstIds.proposal_events)
    const big = customers[0]!
    return {
      account_id: accountId,
      customers: customerCount,
      proposals: total,
      products: productCount,
      big_customer: bigCount > 0 ? { id: big.id, document: big.document!, proposals: bigCount } : null,
      proposal_ids: { min: firstIds[PROPOSALS.name], max: firstIds[PROPOSALS.name] + total - 1 },
      customer_documents_sample: sampleDocuments(random, customers, counts),
      rows,
      seconds: Math.round(seconds * 100) / 100,
      proposals_per_second: Math.round(total / seconds),
    }
  } catch (error) {
    await sink.abort()
    throw error
  }
}
