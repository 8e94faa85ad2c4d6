// The PostgreSQL scratch database the PostgreSQL scenarios run on: created on the server the
// configured URL names, and dropped at the end of the run, failed or not, so a benchmark never
// touches the database that URL points to.
import pg from 'pg'

export interface ScratchDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

async function withClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `vendoc_bench_${process.pid}`
  await withClient(adminUrl, async (client) => {
    // Left over by an earlier run that was killed with the same pid: start clean.
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await client.query(`CREATE DATABASE ${name}`)
  })
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  let dropped = false
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return
      dropped = true
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}

/** The URL with its password hidden, for the output. */
export function redactedUrl(raw: string): string {
  const url = new URL(raw)
  if (url.password !== '') url.password = '***'
  return url.toString()
}
