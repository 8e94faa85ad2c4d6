// The `vendoc` command line: the command table, argument parsing, and the one place that turns
// errors into messages and exit statuses (0 ok, 1 failure, 2 usage error). Arguments are checked
// before the database is opened, so a typo never needs a reachable database.
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config.js'
import { AppError } from '../platform/errors.js'
import { systemClock, type Clock } from '../platform/clock.js'
import { connectDatabase } from '../platform/db/connect.js'
import { MigrationError, migrateToLatest } from '../platform/migrations/index.js'
import { SEEDED_PLANS } from '../platform/migrations/002-seed-plans.js'
import { DemoSeedError } from '../modules/demo/seed-demo.js'
import { backupCommand, type ConfigCommandContext, restoreCommand } from './backup-commands.js'
import { benchDataCommand } from './bench-data-command.js'
import { createAccountCommand, listAccountsCommand, setLimitCommand, setPlanCommand } from './account-commands.js'
import { CommandFailure, type CliIo, type CommandContext, type ParsedArgs, printJson, UsageError } from './cli-io.js'
import { demoCommand } from './demo-command.js'
import { createTokenCommand, listTokensCommand, regenerateTokenCommand, revokeTokenCommand } from './token-commands.js'
import { eraseCustomerCommand, exportCustomerCommand } from './customer-commands.js'
import { listRequestsCommand, showRequestCommand } from './request-log-commands.js'
import { createUserCommand, endSessionsCommand, listUsersCommand, resetTwoFactorCommand, setPasswordCommand } from './user-commands.js'

interface Command {
  name: string
  synopsis: string
  summary: string
  options?: Record<string, { type: 'string' | 'boolean' }>
  positionals?: string[]
  run?(ctx: CommandContext, args: ParsedArgs): Promise<void>
  /** Instead of run, for commands that must neither open nor migrate the database first (backup, restore). */
  runWithConfig?(ctx: ConfigCommandContext, args: ParsedArgs): Promise<void>
}

const PLAN_CODES = SEEDED_PLANS.map((plan) => plan.code).join(', ')

const COMMANDS: Command[] = [
  {
    name: 'migrate', synopsis: '[--json]', summary: 'Apply pending database migrations and list them',
    run: async (ctx) => {
      if (ctx.json) return printJson(ctx.io, { applied: ctx.appliedMigrations })
      const applied = ctx.appliedMigrations
      ctx.io.stdout(applied.length === 0 ? `The ${ctx.dialect} database is up to date; no migration to apply.\n` : `Applied ${applied.length} migration(s) to the ${ctx.dialect} database:\n${applied.map((name) => `  ${name}\n`).join('')}`)
    },
  },
  {
    name: 'demo', synopsis: '[--json]', summary: 'Seed the demo account (once; safe to re-run) and print its login and a new API token',
    run: demoCommand,
  },
  {
    name: 'accounts create', synopsis: '--name NAME [--plan PLAN] [--json]', summary: `Create an account (plans: ${PLAN_CODES}; default profissional)`,
    options: { name: { type: 'string' }, plan: { type: 'string' } }, run: createAccountCommand,
  },
  { name: 'accounts list', synopsis: '[--json]', summary: 'List accounts with their plan, API access and monthly creation limit', run: listAccountsCommand },
  {
    name: 'accounts set-plan', synopsis: 'ID PLAN [--json]', summary: `Change an account's plan (${PLAN_CODES})`, positionals: ['ID', 'PLAN'], run: setPlanCommand,
  },
  {
    name: 'accounts set-limit', synopsis: 'ID N|default [--json]', summary: "Override the monthly API creation limit; \"default\" goes back to the plan's",
    positionals: ['ID', 'LIMIT'], run: setLimitCommand,
  },
  {
    name: 'tokens create', synopsis: '--account ID [--name NAME] [--read-only] [--json]', summary: 'Issue an API token for an account (the secret is shown only once); --read-only: it may only GET',
    options: { account: { type: 'string' }, name: { type: 'string' }, 'read-only': { type: 'boolean' } }, run: createTokenCommand,
  },
  {
    name: 'tokens list', synopsis: '--account ID [--json]', summary: "List an account's API tokens: id, name, prefix, created, last used, revoked (never a secret)",
    options: { account: { type: 'string' } }, run: listTokensCommand,
  },
  {
    name: 'tokens regenerate', synopsis: 'TOKEN_ID [--json]', summary: 'New secret for a token (same id and name), shown only once; the old secret stops working (running servers refuse it within a second)',
    positionals: ['TOKEN_ID'], run: regenerateTokenCommand,
  },
  {
    name: 'tokens revoke', synopsis: 'TOKEN_ID [--json]', summary: 'Revoke a token for good: calls with it get 401 (running servers refuse it within a second)',
    positionals: ['TOKEN_ID'], run: revokeTokenCommand,
  },
  {
    name: 'users create', synopsis: '--account ID --email EMAIL --name NAME [--seller] [--admin] [--password PASSWORD] [--json]',
    summary: 'Add a user: a member unless --admin; --seller lets documents name them (the first seller is the default)',
    options: { account: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, seller: { type: 'boolean' }, admin: { type: 'boolean' }, password: { type: 'string' } },
    run: createUserCommand,
  },
  {
    name: 'users list', synopsis: '--account ID [--json]', summary: "List an account's users with their role, seller flags and whether they are active",
    options: { account: { type: 'string' } }, run: listUsersCommand,
  },
  {
    name: 'users set-password', synopsis: '--email EMAIL [--password PASSWORD] [--json]',
    summary: 'Give a user a new password (a random one, printed once, unless given) and end their sessions',
    options: { email: { type: 'string' }, password: { type: 'string' } }, run: setPasswordCommand,
  },
  {
    name: 'users reset-two-factor', synopsis: '--email EMAIL [--json]',
    summary: "Turn off a user's two-step verification (a lost phone and recovery codes); they sign in with the password alone",
    options: { email: { type: 'string' } }, run: resetTwoFactorCommand,
  },
  {
    name: 'users end-sessions', synopsis: '--email EMAIL [--json]',
    summary: "Sign a user out everywhere (a lost laptop or phone): end their sessions and sign-ins waiting for a code; the password stays",
    options: { email: { type: 'string' } }, run: endSessionsCommand,
  },
  {
    name: 'requests list', synopsis: '--account ID [--request-id REQ] [--error-code CODE] [--status N] [--path PREFIX] [--limit N] [--json]',
    summary: "Find an account's logged API calls, newest first (20 unless --limit, at most 200): by the request id an integrator reports, the error code, the status or the path",
    options: { account: { type: 'string' }, 'request-id': { type: 'string' }, 'error-code': { type: 'string' }, status: { type: 'string' }, path: { type: 'string' }, limit: { type: 'string' } },
    run: listRequestsCommand,
  },
  {
    name: 'requests show', synopsis: '--account ID ENTRY_ID [--json]',
    summary: 'Print one logged API call: what was sent (headers with secrets masked, body) and what was answered, as far as the log keeps them',
    options: { account: { type: 'string' } }, positionals: ['ENTRY_ID'], run: showRequestCommand,
  },
  {
    name: 'bench-data', synopsis: '--customers N --proposals M [--account-proposals K] [--products P] [--seed S] [--json]',
    summary: 'Fill the database with a new benchmark account: N customers, M documents (K of them for one big customer), P products (default 500)',
    options: { customers: { type: 'string' }, proposals: { type: 'string' }, 'account-proposals': { type: 'string' }, products: { type: 'string' }, seed: { type: 'string' } },
    run: benchDataCommand,
  },
  {
    name: 'customers export', synopsis: '--account ID CUSTOMER [--json]',
    summary: 'Print (as JSON) everything held about a data subject (LGPD): the customer (id, code, CNPJ or CPF), its documents, signers, signing evidence and e-mails',
    options: { account: { type: 'string' } }, positionals: ['CUSTOMER'], run: exportCustomerCommand,
  },
  {
    name: 'customers erase', synopsis: '--account ID CUSTOMER [--yes] [--json]',
    summary: 'Anonymise a customer and its signers everywhere (LGPD); signed PDFs and their hashes are kept as evidence. Without --yes, only shows what would change',
    options: { account: { type: 'string' }, yes: { type: 'boolean' } }, positionals: ['CUSTOMER'], run: eraseCustomerCommand,
  },
  {
    name: 'backup', synopsis: 'FILE [--force] [--json]',
    summary: 'Consistent backup while the server runs: SQLite online backup, PostgreSQL pg_dump -Fc (needs pg_dump on PATH); --force overwrites FILE',
    options: { force: { type: 'boolean' } }, positionals: ['FILE'], runWithConfig: backupCommand,
  },
  {
    name: 'restore', synopsis: 'FILE [--force] [--json]',
    summary: 'Stop the server first. Replace the database with a backup (integrity checked first); --force when the database already has data',
    options: { force: { type: 'boolean' } }, positionals: ['FILE'], runWithConfig: restoreCommand,
  },
]

const GROUPS = [...new Set(COMMANDS.filter((command) => command.name.includes(' ')).map((command) => command.name.split(' ')[0]!))]

function commandLine(command: Command): string {
  return `vendoc ${command.name} ${command.synopsis}`
}

export function usage(): string {
  return [
    'Usage: vendoc <command> [options]',
    '',
    'Manages a Vendoc installation: database, backups, demo data, accounts, plans, limits, users, API tokens,',
    'the API request log and data subjects\' requests (LGPD).',
    'The database is DATABASE_URL (unset: ./data/vendoc.sqlite; sqlite:PATH; postgres://…); every',
    'command but backup and restore first applies pending migrations.',
    '',
    'Commands:',
    ...COMMANDS.flatMap((command) => [`  ${command.name} ${command.synopsis}`, `      ${command.summary}`]),
    '  help',
    '      Show this help (also --help or -h, after any command for its usage)',
    '',
    '--json prints one JSON document on stdout instead of text.',
    'Exit status: 0 success; 1 failure (unknown account or customer, e-mail in use, file exists, database error); 2 usage error.',
    '',
  ].join('\n')
}

type Resolved = { command: Command; rest: string[] }

function resolveCommand(argv: string[]): Resolved {
  const [first, second] = argv
  if (first === undefined) throw new UsageError('missing command')
  if (GROUPS.includes(first)) {
    const choices = COMMANDS.filter((command) => command.name.startsWith(`${first} `)).map((command) => command.name.split(' ')[1])
    if (second === undefined || second.startsWith('-')) throw new UsageError(`"${first}" needs a subcommand: ${choices.join(', ')}`)
    const command = COMMANDS.find((candidate) => candidate.name === `${first} ${second}`)
    if (!command) throw new UsageError(`unknown subcommand "${first} ${second}"; choose one of: ${choices.join(', ')}`)
    return { command, rest: argv.slice(2) }
  }
  const command = COMMANDS.find((candidate) => candidate.name === first)
  if (!command) throw new UsageError(`unknown command "${first}"`)
  return { command, rest: argv.slice(1) }
}

function parseCommandArgs(command: Command, rest: string[]): ParsedArgs {
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' } }, allowPositionals: true, strict: true })
  } catch (error) {
    // Node's messages are clear but long; the first sentence names the bad option.
    const message = error instanceof Error ? error.message.split('. ')[0]!.replace(/\.$/, '') : String(error)
    const negative = rest.find((arg) => /^-\d/.test(arg))
    throw new UsageError(negative !== undefined && message.includes(`'${negative}'`) ? `negative numbers are not accepted, got "${negative}"` : message)
  }
  const expected = command.positionals ?? []
  if (parsed.positionals.length < expected.length) throw new UsageError(`missing ${expected.slice(parsed.positionals.length).join(' and ')}`)
  if (parsed.positionals.length > expected.length) throw new UsageError(`unexpected argument "${parsed.positionals[expected.length]}"`)
  return { values: parsed.values, positionals: parsed.positionals }
}

/** Errors a person can act on get a one-line message; anything else is a bug and keeps its stack. */
function describeFailure(error: unknown): string | undefined {
  if (error instanceof CommandFailure) return error.hint ? `${error.message}\n${error.hint}` : error.message
  if (error instanceof ConfigError || error instanceof MigrationError || error instanceof DemoSeedError) return error.message
  if (error instanceof AppError) return `${error.message}${error.extras.errors ? `\n${error.extras.errors.map((field) => `  ${field.path}: ${field.message}`).join('\n')}` : ''}`
  // Driver errors (connection refused, authentication, SQL state) carry a string code.
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined
  if (error instanceof Error && typeof code === 'string') {
    const nested = error instanceof AggregateError ? error.errors.find((inner): inner is Error => inner instanceof Error) : undefined
    return `database error: ${error.message || nested?.message || code}`
  }
  return undefined
}

export interface RunOptions {
  io: CliIo
  env?: Record<string, string | undefined>
  clock?: Clock
}

/** Runs one `vendoc` invocation and returns its exit status. */
export async function runCli(argv: string[], options: RunOptions): Promise<number> {
  const { io } = options
  if (argv.length === 0) {
    io.stderr(`vendoc: missing command\n\n${usage()}`)
    return 2
  }
  if (['help', '--help', '-h'].includes(argv[0]!)) {
    io.stdout(usage())
    return 0
  }
  let resolved: Resolved | undefined
  let args: ParsedArgs
  try {
    resolved = resolveCommand(argv)
    if (resolved.rest.includes('--help') || resolved.rest.includes('-h')) {
      io.stdout(`Usage: ${commandLine(resolved.command)}\n\n${resolved.command.summary}.\n`)
      return 0
    }
    args = parseCommandArgs(resolved.command, resolved.rest)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    const help = resolved ? `Usage: ${commandLine(resolved.command)}\nRun \`vendoc help\` for all commands.\n` : usage()
    io.stderr(`vendoc: ${error.message}\n\n${help}`)
    return 2
  }

  const { command } = resolved
  let database
  try {
    const config = loadConfig(options.env)
    if (command.runWithConfig) {
      await command.runWithConfig({ config, io, json: args.values.json === true }, args)
      return 0
    }
    database = connectDatabase(config.database, { poolSize: 2 })
    const appliedMigrations = await migrateToLatest(database.db, database.dialect)
    const json = args.values.json === true
    await command.run!({ db: database.db, dialect: database.dialect, clock: options.clock ?? systemClock, publicUrl: config.publicUrl, io, json, appliedMigrations }, args)
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`vendoc: ${error.message}\n\nUsage: ${commandLine(command)}\nRun \`vendoc help\` for all commands.\n`)
      return 2
    }
    const message = describeFailure(error)
    io.stderr(message === undefined ? `vendoc: unexpected error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` : `vendoc: ${message}\n`)
    return 1
  } finally {
    await database?.close()
  }
}
