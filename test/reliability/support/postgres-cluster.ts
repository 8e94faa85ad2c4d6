// A throwaway PostgreSQL cluster of the test's own (initdb in a temporary directory, its own port
// and socket directory), so the test can crash it with `pg_ctl stop -m immediate` — the equivalent
// of the database host losing its processes — without touching the shared server other tests use.
// initdb and postgres refuse to run as root: as root, they run as the `postgres` OS user, owner of
// the directory.
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from '../../support/free-port.js'

const run = promisify(execFile)
const POSTGRES_LIB = '/usr/lib/postgresql'

/** The bin directory of the newest PostgreSQL installed under /usr/lib/postgresql, or null. */
function postgresBin(): string | null {
  if (!fs.existsSync(POSTGRES_LIB)) return null
  const versions = fs.readdirSync(POSTGRES_LIB).filter((name) => fs.existsSync(path.join(POSTGRES_LIB, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return versions[0] ? path.join(POSTGRES_LIB, versions[0], 'bin') : null
}

export class PostgresCluster {
  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  get dataDir(): string {
    return path.join(this.dir, 'data')
  }

  /** URL of a database on this cluster. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`
  }

  /** Why a cluster cannot be created here, or null when it can. */
  static unavailableReason(): string | null {
    if (!postgresBin()) return `no PostgreSQL binaries under ${POSTGRES_LIB}/*/bin`
    if (process.getuid?.() === 0) {
      try {
        execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' })
        execFileSync('runuser', ['--help'], { stdio: 'ignore' })
      } catch {
        return 'running as root, but there is no postgres OS user (or no runuser) to run initdb and postgres as'
      }
    }
    return null
  }

  static async create(): Promise<PostgresCluster> {
    const bin = postgresBin()
    if (!bin) throw new Error(PostgresCluster.unavailableReason()!)
    const asPostgres = process.getuid?.() === 0
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendoc-crash-pg-'))
    try {
      return await PostgresCluster.initialise(bin, dir, asPostgres)
    } catch (error) {
      // Nothing runs yet (the caller starts the cluster): the directory is all there is to remove.
      fs.rmSync(dir, { recursive: true, force: true })
      throw error
    }
  }

  private static async initialise(bin: string, dir: string, asPostgres: boolean): Promise<PostgresCluster> {
    if (asPostgres) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
      fs.chownSync(dir, uid, gid)
    }
    const cluster = new PostgresCluster(bin, dir, await freePort(), asPostgres)
    await cluster.pg('initdb', '-D', cluster.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions')
    const settings = [
      "listen_addresses = '127.0.0.1'",
      `port = ${cluster.port}`,
      `unix_socket_directories = '${dir}'`,
      'max_connections = 60',
      // Defaults that matter here, stated: every commit is flushed before it is acknowledged.
      'fsync = on',
      'synchronous_commit = on',
      'full_page_writes = on',
    ]
    fs.appendFileSync(path.join(cluster.dataDir, 'postgresql.conf'), `\n# vendoc crash test\n${settings.join('\n')}\n`)
    return cluster
  }

  private async pg(program: string, ...args: string[]): Promise<void> {
    const command = path.join(this.bin, program)
    const [file, argv] = this.asPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]
    await run(file, argv, { cwd: this.dir, timeout: 120_000 })
  }

  async start(): Promise<void> {
    await this.pg('pg_ctl', '-D', this.dataDir, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '120', 'start')
  }

  /** Every PostgreSQL process quits at once, without a checkpoint: the next start runs crash recovery. */
  async crash(): Promise<void> {
    await this.pg('pg_ctl', '-D', this.dataDir, '-m', 'immediate', '-w', 'stop')
  }

  async stop(): Promise<void> {
    await this.pg('pg_ctl', '-D', this.dataDir, '-m', 'fast', '-w', 'stop').catch(() => undefined)
  }

  async createDatabase(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: this.url('postgres') })
    await client.connect()
    try {
      await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
    return this.url(name)
  }

  /** The end of the cluster's log (for failure messages). */
  logTail(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'server.log'), 'utf8').slice(-3_000)
    } catch {
      return ''
    }
  }

  async remove(): Promise<void> {
    await this.stop()
    fs.rmSync(this.dir, { recursive: true, force: true })
  }
}
