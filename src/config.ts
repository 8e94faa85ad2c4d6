// The one place that reads the environment. Everything else receives a frozen Config,
// so tests can build an app with any configuration without touching process.env.
import os from 'node:os'
import path from 'node:path'

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string }

export interface Config {
  readonly port: number
  readonly host: string
  readonly database: DatabaseConfig
  /** Base URL used to build links in API responses (no trailing slash). */
  readonly publicUrl: string
  readonly smtpUrl: string | null
  /** The From of every e-mail (MAIL_FROM); defaults to "Vendoc <no-reply@HOST>" with PUBLIC_URL's host name. */
  readonly mailFrom: string
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number
  /**
   * The API request log: `enabled` false (REQUEST_LOG=off) captures nothing; entries older than
   * `retentionDays` are pruned; `readBodies` (REQUEST_LOG_READ_BODIES=on) also stores the response
   * bodies of successful reads, which are otherwise left out (docs/DECISIONS.md, "Request log").
   */
  readonly requestLog: { readonly enabled: boolean; readonly retentionDays: number; readonly readBodies: boolean }
  /** Requests per minute one API token may make (counted per server process). */
  readonly apiRateLimitPerMinute: number
  /** Failed API authentications per minute one IP address may make before it is throttled (per process). */
  readonly apiFailedAuthPerMinute: number
  /** WEBHOOK_DELIVERY_RETENTION_DAYS: settled webhook deliveries are deleted this many days after their event and last change (default 90). */
  readonly webhookDeliveryRetentionDays: number
  /** ACCOUNT_ACTIVITY_RETENTION_DAYS: entries of an account's activity (Configurações → Atividade) are deleted this many days after the change (default 730). */
  readonly accountActivityRetentionDays: number
  /** WEBHOOK_ALLOW_PRIVATE_URLS=on lets webhook URLs resolve to loopback/private/link-local addresses (tests, closed networks). */
  readonly webhookAllowPrivateUrls: boolean
  /** JOB_POLL_MS: how often the durable job runner looks for due jobs; 0 = not started (tests drive app.jobs.runDueJobs()). */
  readonly jobPollMs: number
  /** HEAP_GROWING_PERCENT: old-generation growth past the live heap before a full GC, 10–1000; 0 = V8's own heuristics (src/platform/heap-growth.ts). */
  readonly heapGrowingPercent: number
  /** SQLite: reads outside transactions answered by a read-only connection in its own thread (SQLITE_READ_THREAD, default on). */
  readonly sqliteReadThread: boolean
  /** PostgreSQL: the most connections this process's pool opens (DATABASE_POOL_SIZE; default defaultPostgresPoolSize()). */
  readonly postgresPoolSize: number
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const DEFAULT_SQLITE_FILE = './data/vendoc.sqlite'

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`)
  return value
}

function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (raw === 'on') return true
  if (raw === 'off') return false
  throw new ConfigError(name, `must be on or off, got "${raw}"`)
}

export function parseDatabaseUrl(raw: string | undefined): DatabaseConfig {
  if (raw === undefined || raw === '') return { dialect: 'sqlite', file: path.resolve(DEFAULT_SQLITE_FILE) }
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '')
    if (file === '') throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/other.sqlite')
    return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) }
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw)
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL')
    }
    return { dialect: 'postgres', url: raw }
  }
  throw new ConfigError('DATABASE_URL', 'must start with sqlite: or postgres://')
}

function readUrl(env: Env, name: string, fallback: string | null, protocols: string[]): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(name, `is not a valid URL: "${raw}"`)
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')}`)
  return raw.replace(/\/+$/, '')
}

/**
 * MAIL_FROM: `address@domain` or `Name <address@domain>`, one line (it becomes a header). Without it,
 * no-reply@ the public host name (localhost when PUBLIC_URL names an IP address, which is no mail domain).
 */
export function readMailFrom(env: Env, publicUrl: string): string {
  const raw = env.MAIL_FROM?.trim()
  if (raw === undefined || raw === '') {
    const host = new URL(publicUrl).hostname
    const domain = /^[a-z0-9.-]+$/i.test(host) && /[a-z]/i.test(host) ? host : 'localhost'
    return `Vendoc <no-reply@${domain}>`
  }
  if (/[\r\n]/.test(raw) || !/^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw)) {
    throw new ConfigError('MAIL_FROM', `must be an address or "Name <address>", got "${raw}"`)
  }
  return raw
}

/** 0 (V8 decides) or 10–1000: below 10 % the heap would be collected almost as often as it allocates (V8's own minimum is 10 %). */
function readHeapGrowingPercent(env: Env): number {
  const percent = readInteger(env, 'HEAP_GROWING_PERCENT', 100, 0, 1000)
  if (percent > 0 && percent < 10) throw new ConfigError('HEAP_GROWING_PERCENT', `must be 0 (V8 decides) or between 10 and 1000, got ${percent}`)
  return percent
}

/**
 * Two connections per core, from 2 up to 10 (pg's own default). On a small machine running
 * PostgreSQL beside the server, more backends than that only take turns on the same cores: on two
 * cores, 4 connections served ~8 % more document reads and ~20 % more creations than 10, with a
 * lower p99 (docs/PERFORMANCE.md, session 17).
 */
export function defaultPostgresPoolSize(cores: number = os.availableParallelism()): number {
  return Math.min(10, Math.max(2, 2 * cores))
}

export function loadConfig(env: Env = process.env): Config {
  const port = readInteger(env, 'PORT', 3000, 0, 65535)
  const host = env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1'
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel']
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`)
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  const publicUrl = readUrl(env, 'PUBLIC_URL', `http://${displayHost}:${port}`, ['http:', 'https:'])!
  return Object.freeze({
    port,
    host,
    database: parseDatabaseUrl(env.DATABASE_URL),
    publicUrl,
    smtpUrl: readUrl(env, 'SMTP_URL', null, ['smtp:', 'smtps:']),
    mailFrom: readMailFrom(env, publicUrl),
    logLevel,
    bodyLimitBytes: readInteger(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    requestLog: Object.freeze({
      enabled: readSwitch(env, 'REQUEST_LOG', true),
      retentionDays: readInteger(env, 'REQUEST_LOG_RETENTION_DAYS', 180, 1, 36500),
      readBodies: readSwitch(env, 'REQUEST_LOG_READ_BODIES', false),
    }),
    apiRateLimitPerMinute: readInteger(env, 'API_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000_000),
    apiFailedAuthPerMinute: readInteger(env, 'API_FAILED_AUTH_PER_MINUTE', 20, 1, 1_000_000_000),
    webhookDeliveryRetentionDays: readInteger(env, 'WEBHOOK_DELIVERY_RETENTION_DAYS', 90, 1, 36500),
    accountActivityRetentionDays: readInteger(env, 'ACCOUNT_ACTIVITY_RETENTION_DAYS', 730, 1, 36500),
    // on/off like the other switches; true/false accepted too (the name reads as a boolean).
    webhookAllowPrivateUrls: readSwitch({ WEBHOOK_ALLOW_PRIVATE_URLS: ({ true: 'on', false: 'off' } as Env)[env.WEBHOOK_ALLOW_PRIVATE_URLS ?? ''] ?? env.WEBHOOK_ALLOW_PRIVATE_URLS }, 'WEBHOOK_ALLOW_PRIVATE_URLS', false),
    jobPollMs: readInteger(env, 'JOB_POLL_MS', 1000, 0, 3_600_000),
    heapGrowingPercent: readHeapGrowingPercent(env),
    sqliteReadThread: readSwitch(env, 'SQLITE_READ_THREAD', true),
    postgresPoolSize: readInteger(env, 'DATABASE_POOL_SIZE', defaultPostgresPoolSize(), 1, 1000),
  })
}
