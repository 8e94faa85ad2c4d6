// Inserts batches of rows into one table of an SQLite file from a worker thread, on a connection
// of its own. better-sqlite3 is synchronous: on the main thread every insert, and the WAL
// checkpoints (with their fsync) that inserts trigger, would stall every request in flight.
// Append-only side data (the request log) goes through here so its I/O runs beside the event loop.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

// Plain CommonJS run with `eval`, so the same code works from src/ (tsx, vitest) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driverPath)
const db = new Database(workerData.file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.pragma('busy_timeout = 10000')
const columns = workerData.columns
const insert = db.prepare('INSERT INTO ' + workerData.table + ' (' + columns.join(', ') + ') VALUES (' + columns.map(() => '?').join(', ') + ')')
const bindable = (value) => (value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value)
const insertAll = db.transaction((rows) => { for (const row of rows) insert.run(columns.map((column) => bindable(row[column]))) })
parentPort.on('message', (message) => {
  if (message.close) { db.close(); parentPort.postMessage({ id: message.id, ok: true }); return }
  try { insertAll(message.rows); parentPort.postMessage({ id: message.id, ok: true }) }
  catch (error) { parentPort.postMessage({ id: message.id, ok: false, message: String(error && error.message) }) }
})
`

export class SqliteBatchWriter {
  private readonly worker: Worker
  private nextId = 1
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>()

  constructor(file: string, table: string, columns: readonly string[]) {
    if (!/^[a-z_]+$/.test(table) || !columns.every((column) => /^[a-z_]+$/.test(column))) throw new Error('unsafe table or column name')
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driverPath, file, table, columns } })
    // The worker must not keep a finished process alive; close() ends it explicitly.
    this.worker.unref()
    this.worker.on('message', (message: { id: number; ok: boolean; message?: string }) => {
      const waiter = this.pending.get(message.id)
      this.pending.delete(message.id)
      if (message.ok) waiter?.resolve()
      else waiter?.reject(new Error(message.message))
    })
    this.worker.on('error', (error) => this.failAll(error))
    this.worker.on('exit', (code) => this.failAll(new Error(`SQLite batch writer exited with code ${code}`)))
  }

  private send(message: object): Promise<void> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ ...message, id })
    })
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error)
    this.pending.clear()
  }

  /** Inserts the rows in one transaction; resolves once they are committed. */
  insert(rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    return rows.length === 0 ? Promise.resolve() : this.send({ rows })
  }

  async close(): Promise<void> {
    await this.send({ close: true }).catch(() => undefined)
    await this.worker.terminate()
  }
}
