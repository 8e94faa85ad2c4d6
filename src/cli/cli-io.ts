// What a command needs besides its arguments: the database, a clock and where to write. Commands
// write through CliIo rather than console so runCli can be driven from a test.
import type { Clock } from '../platform/clock.js'
import type { Db, Dialect } from '../platform/db/connect.js'
import { type AccountSummary, findAccount } from '../modules/accounts/accounts.js'

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
}

export interface CommandContext {
  db: Db
  dialect: Dialect
  clock: Clock
  /** PUBLIC_URL, for links written into stored data (the demo's invitation e-mails). */
  publicUrl: string
  io: CliIo
  /** --json: one JSON document on stdout instead of text for people. */
  json: boolean
  /** Migrations applied by this run (every command migrates first). */
  appliedMigrations: string[]
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

/** Bad syntax or values, detectable from the command line alone: exit status 2, with usage. */
export class UsageError extends Error {}

/** A well-formed request that cannot be done (unknown account, taken e-mail): exit status 1. */
export class CommandFailure extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message)
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

/** Left-aligned columns, for lists people read in a terminal. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name]
  return typeof value === 'string' ? value : undefined
}

export function requiredString(args: ParsedArgs, name: string): string {
  const value = stringOption(args, name)?.trim()
  if (value === undefined) throw new UsageError(`missing --${name}`)
  if (value === '') throw new UsageError(`--${name} must not be empty`)
  return value
}

/** A database id as typed by a person: a positive integer. */
export function parseId(raw: string | undefined, label: string): number {
  if (raw === undefined) throw new UsageError(`missing ${label}`)
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) throw new UsageError(`${label} must be a positive integer, got "${raw}"`)
  return value
}

/** The account `accountId` names; a missing one is a failure that says where to look. */
export async function requireAccount(ctx: CommandContext, accountId: number): Promise<AccountSummary> {
  const account = await findAccount(ctx.db, accountId)
  if (!account) throw new CommandFailure(`Account ${accountId} does not exist`, 'Run `vendoc accounts list` to see the accounts.')
  return account
}
