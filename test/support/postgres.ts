// The PostgreSQL server the dialect matrix uses. Every test file creates its own database on it
// (CREATE DATABASE vendoc_test_<random>) and drops it at the end, so files can run in parallel
// and a crashed run leaves nothing that a later run depends on.
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface PostgresProbe {
  available: boolean
  /** Why it is unavailable (connection error), for the skip / failure message. */
  reason: string | null
  url: string
}

function redacted(url: string): string {
  const parsed = new URL(url)
  if (parsed.password !== '') parsed.password = '***'
  return parsed.toString()
}

export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** The names this file gives; nothing else is copied or dropped. */
const TEST_DATABASE_NAME = /^vendoc_test_[0-9a-f]+$/

export async function probePostgres(): Promise<PostgresProbe> {
  try {
    await withAdminClient((client) => client.query('SELECT 1'))
    return { available: true, reason: null, url: redacted(POSTGRES_ADMIN_URL) }
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message || error.name : String(error), url: redacted(POSTGRES_ADMIN_URL) }
  }
}

/**
 * Creates a database, empty or a copy of `template` (one of ours, database-templates.ts), and
 * returns its URL (same server and credentials as the admin URL).
 */
export async function createTestDatabase(template?: string): Promise<{ name: string; url: string }> {
  const name = `vendoc_test_${randomBytes(6).toString('hex')}`
  if (template !== undefined && !TEST_DATABASE_NAME.test(template)) throw new Error(`refusing to copy ${template}`)
  await withAdminClient((client) => client.query(template === undefined ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`))
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return { name, url: url.toString() }
}

export async function dropTestDatabase(name: string): Promise<void> {
  if (!TEST_DATABASE_NAME.test(name)) throw new Error(`refusing to drop ${name}`)
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}
