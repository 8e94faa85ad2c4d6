// `vendoc bench-data --customers N --proposals M [--account-proposals K] [--products P] [--seed S]`:
// fills the database with a new benchmark account (see modules/bench-data), showing progress on
// stderr and the rate at the end; --json prints the summary on stdout.
import { sql } from 'kysely'
import type { DatabaseHandle } from '../platform/db/connect.js'
import { checkBenchDataOptions, DEFAULT_PRODUCTS, generateBenchData, type BenchDataOptions } from '../modules/bench-data/generate-bench-data.js'
import { type CommandContext, type ParsedArgs, printJson, stringOption, UsageError } from './cli-io.js'

const PROGRESS_EVERY = 100_000

function integerOption(args: ParsedArgs, name: string, min: number, fallback?: number): number {
  const raw = stringOption(args, name)
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`missing --${name}`)
    return fallback
  }
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${raw}"`)
  return value
}

/** Checks the arguments before anything is written. */
export function benchDataOptions(args: ParsedArgs): BenchDataOptions {
  const options: BenchDataOptions = {
    customers: integerOption(args, 'customers', 1),
    proposals: integerOption(args, 'proposals', 1),
    accountProposals: integerOption(args, 'account-proposals', 0, 0),
    products: integerOption(args, 'products', 1, DEFAULT_PRODUCTS),
    seed: integerOption(args, 'seed', 0, 1),
  }
  try {
    checkBenchDataOptions(options)
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message.replace('accountProposals', '--account-proposals'))
    throw error
  }
  return options
}

/** The file behind the command's SQLite connection, which the generator opens a second time. */
async function sqliteFileOf(ctx: CommandContext): Promise<string | null> {
  if (ctx.dialect !== 'sqlite') return null
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(ctx.db)
  return rows.find((row) => row.name === 'main')?.file || null
}

const count = (value: number) => value.toLocaleString('en-US')

function compact(value: number): string {
  return value >= 1e6 ? `${(value / 1e6).toFixed(1)}M` : value >= 1e3 ? `${(value / 1e3).toFixed(1)}k` : String(value)
}

export async function benchDataCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const options = benchDataOptions(args)
  const database: DatabaseHandle = { db: ctx.db, dialect: ctx.dialect, sqliteFile: await sqliteFileOf(ctx), sharedConfig: null, close: async () => undefined }
  const started = performance.now()
  let reported = 0
  const summary = await generateBenchData(database, ctx.clock, options, (done, total) => {
    if (done - reported < PROGRESS_EVERY && done < total) return
    reported = done
    const seconds = (performance.now() - started) / 1000
    ctx.io.stderr(`bench-data: ${count(done)} / ${count(total)} documents (${Math.round((100 * done) / total)}%), ${seconds.toFixed(0)} s\n`)
  })
  if (ctx.json) return printJson(ctx.io, summary)
  const big = summary.big_customer
  ctx.io.stdout(
    `${count(summary.proposals)} documents (${compact(summary.rows)} rows) in ${summary.seconds.toFixed(1)} s: ${count(summary.proposals_per_second)} documents/s\n` +
      `Account ${summary.account_id}: ${count(summary.customers)} customers, ${count(summary.products)} products, documents ${summary.proposal_ids.min}–${summary.proposal_ids.max}` +
      (big ? `; big customer ${big.id} (${big.document}) with ${count(big.proposals)} documents` : '') +
      '\n',
  )
}
