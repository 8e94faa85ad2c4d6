// A creation whose client hangs up while it waits on the account's lock, then the server shuts
// down: the creation still runs to its end before the database closes (platform/http/
// running-requests.ts), and the request log keeps it, marked client_closed, with the 201 it
// answered (http/request-logging.ts). Before, close() returned as soon as the socket was gone,
// the creation's next query met a closed database, and the log had no entry at all.
//
// A client hanging up before the server has read its body abandons the request: Node drops the
// body, nothing is done, and the log keeps a 400 request_aborted marked client_closed
// (platform/http/request-body.ts). Before, that was a 500 when the body was being read, and a
// request that never ended (and was never logged) when it had not been read yet.
import type { FastifyInstance } from 'fastify'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import type { RequestLogSummary } from '../../src/modules/integrations/request-log/request-log-mapper.js'
import { loadConfig } from '../../src/config.js'
import { openSqliteDatabase } from '../../src/platform/db/sqlite-database.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, proposalBody, uniqueSuffix } from '../support/factories.js'
import { appOnSameDatabase, type TestApp } from '../support/test-app.js'

/** Holds the write lock a creation needs (the account's number counter on PostgreSQL, the file's on SQLite) until released. */
async function holdCreationLock(env: TestApp, accountId: number): Promise<() => Promise<void>> {
  if (env.dialect === 'sqlite') {
    const raw = openSqliteDatabase(env.databaseUrl.slice('sqlite:'.length))
    raw.exec('begin immediate')
    return async () => {
      raw.exec('commit')
      raw.close()
    }
  }
  const client = new pg.Client({ connectionString: env.databaseUrl })
  await client.connect()
  await client.query('begin')
  // The upsert a creation takes its number with (proposal-number.ts), changing nothing.
  await client.query('insert into proposal_number_counters (account_id, last_number) values ($1, 0) on conflict (account_id) do update set last_number = proposal_number_counters.last_number', [accountId])
  return async () => {
    await client.query('commit')
    await client.end()
  }
}

/** Runs `during` with the creation lock held until it calls `release`; then (or on failure) releases the lock and closes the app. */
async function underCreationLock(env: TestApp, accountId: number, app: FastifyInstance, during: (release: () => Promise<void>) => Promise<void>): Promise<void> {
  const releaseLock = await holdCreationLock(env, accountId)
  let released: Promise<void> | null = null
  const release = () => (released ??= releaseLock())
  try {
    await during(release)
  } finally {
    await release()
    await app.close()
  }
}

/** Sends the whole request; resolves with the client request once it is sent, and its outcome. */
async function send(url: string, headers: Record<string, string>, body: unknown) {
  const request = http.request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' } })
  const outcome = new Promise<string>((resolve) => {
    request.on('response', (response) => resolve(`answered ${response.statusCode}`))
    request.on('error', (error) => resolve(`failed: ${error.message}`))
  })
  await new Promise<void>((resolve) => request.end(JSON.stringify(body), resolve))
  return { request, outcome }
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1_000 && !(await check()); attempt += 1) await sleep(10)
  expect(await check()).toBe(true)
}

/** The request the app's server received last and its response, to see how far the body was read and what was answered. */
function lastExchange(app: FastifyInstance): () => { request: IncomingMessage; response: ServerResponse } | undefined {
  let last: { request: IncomingMessage; response: ServerResponse } | undefined
  app.server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    last = { request, response }
  })
  return () => last
}

/**
 * Whether the app's one running request is its creation, waiting on holdCreationLock's lock.
 * A request counts as running from its first hook, before its body is read: a client hanging up
 * then abandons the request instead (the tests below), so its body must have been read. Then
 * PostgreSQL shows the wait (a backend waiting on a lock); SQLite's busy retries show nothing, and
 * a read body is as far as it can be told there.
 */
async function creationWaitsOnLock(env: TestApp, app: FastifyInstance, exchange: ReturnType<typeof lastExchange>): Promise<boolean> {
  if (app.runningRequests.count !== 1 || exchange()?.request.readableEnded !== true) return false
  if (env.dialect === 'sqlite') return true
  const { rows } = await sql<{ waiting: number }>`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(env.db)
  return rows[0]!.waiting > 0
}

/**
 * POSTs `body` (JSON, or a form when it is a string) over a raw socket to `app`, and hangs up
 * either once the server has the request, the whole body sent (unread only if a hook of `app`
 * holds the request until then), or once the server reads a first part of it. Resolves, once
 * the request has ended on its own (no shutdown waited for), with the status the server answered
 * to no one; the app is closed.
 */
async function abandonUpload(app: FastifyInstance, how: 'whole body, unread' | 'half a body, being read', headers: Record<string, string>, body: unknown, path = '/api/v1/proposals'): Promise<number> {
  try {
    const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }))
    const exchange = lastExchange(app)
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const contentType = typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json'
    const head = [`POST ${path} HTTP/1.1`, `Host: ${address.host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), `Content-Type: ${contentType}`, `Content-Length: ${Buffer.byteLength(text)}`]
    const socket = net.connect(Number(address.port), address.hostname)
    socket.on('error', () => undefined)
    if (how === 'whole body, unread') {
      socket.write(`${head.join('\r\n')}\r\n\r\n${text}`)
      await until(() => exchange() !== undefined)
    } else {
      socket.write(`${head.join('\r\n')}\r\n\r\n${text.slice(0, 20)}`)
      await until(() => exchange()?.request.readableFlowing === true)
    }
    socket.destroy()
    await until(() => exchange()!.request.destroyed && app.runningRequests.count === 0)
    return exchange()!.response.statusCode
  } finally {
    await app.close()
  }
}

describeEachDialect('a client that hangs up', (env) => {
  it('its creation runs to its end before the app closes, and the log keeps it marked client_closed', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const idempotencyKey = `hang-up-${uniqueSuffix()}`
    const body = proposalBody(account, customer)
    const app = await appOnSameDatabase(env)
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const exchange = lastExchange(app)
    await underCreationLock(env, account.id, app, async (release) => {
      const { request } = await send(`${address}/api/v1/proposals`, { ...account.auth, 'idempotency-key': idempotencyKey }, body)
      // Once the creation waits on the lock, the client goes.
      await until(() => creationWaitsOnLock(env, app, exchange))
      request.destroy()
      let closed = false
      const closing = app.close().then(() => {
        closed = true
      })
      await sleep(400)
      expect(closed, 'close() waits for the running creation').toBe(false)
      expect(app.runningRequests.count).toBe(1)
      await release()
      await closing
    })

    const created = await env.db.selectFrom('proposals').select(['id', 'number']).where('account_id', '=', account.id).execute()
    expect(created).toHaveLength(1)
    const [entry] = await env.db.selectFrom('request_logs').selectAll().where('idempotency_key', '=', idempotencyKey).execute()
    expect(entry).toMatchObject({ account_id: account.id, method: 'POST', path: '/api/v1/proposals', status: 201 })
    expect(Boolean(entry!.client_closed)).toBe(true)
    expect(JSON.parse(entry!.response_body!)).toMatchObject({ id: created[0]!.id })

    // The API shows the mark, and a retry with the key gets the document the lost answer held.
    const listed = await env.app.inject({ method: 'GET', url: '/api/v1/request-logs?path=/api/v1/proposals&method=POST', headers: account.auth })
    expect(listed.json<{ data: RequestLogSummary[] }>().data.find((summary) => summary.idempotency_key === idempotencyKey)).toMatchObject({ status: 201, client_closed: true })
    const retry = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'idempotency-key': idempotencyKey }, payload: body })
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json()).toMatchObject({ id: created[0]!.id })
  })

  it('hanging up while its body is being read abandons the request: nothing is created, the request ends, and the log keeps a 400 request_aborted', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const userAgent = `hang-up-${uniqueSuffix()}`
    const app = await appOnSameDatabase(env)
    const answered = await abandonUpload(app, 'half a body, being read', { ...account.auth, 'user-agent': userAgent }, proposalBody(account, customer))
    expect(answered).toBe(400)
    await expectAbandonedCreation(account.id, userAgent)
  })

  it('hanging up before its body is read abandons the request too, which ends at once, the request log on or off, and a web form alike', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const userAgent = `hang-up-${uniqueSuffix()}`
    // The request waits in its first hooks until its client has gone; only then is its body read.
    const untilClientGone = (app: FastifyInstance) =>
      app.addHook('onRequest', async (request) => {
        if (request.raw.destroyed) return
        await new Promise((resolve) => request.raw.once('close', resolve))
      })
    const logged = await appOnSameDatabase(env, {}, {}, untilClientGone)
    expect(await abandonUpload(logged, 'whole body, unread', { ...account.auth, 'user-agent': userAgent }, proposalBody(account, customer))).toBe(400)
    await expectAbandonedCreation(account.id, userAgent)

    const unlogged = await appOnSameDatabase(env, { REQUEST_LOG: 'off' }, {}, untilClientGone)
    expect(await abandonUpload(unlogged, 'whole body, unread', account.auth, proposalBody(account, customer))).toBe(400)
    const web = await appOnSameDatabase(env, {}, {}, untilClientGone)
    expect(await abandonUpload(web, 'whole body, unread', {}, 'email=someone%40example.com&password=secret', '/login')).toBe(400)
    expect(await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).execute()).toEqual([])
  })

  async function expectAbandonedCreation(accountId: number, userAgent: string) {
    expect(await env.db.selectFrom('proposals').select('id').where('account_id', '=', accountId).execute()).toEqual([])
    const [entry] = await env.db.selectFrom('request_logs').selectAll().where('user_agent', '=', userAgent).execute()
    expect(entry).toMatchObject({ account_id: accountId, method: 'POST', path: '/api/v1/proposals', status: 400 })
    expect(Boolean(entry!.client_closed)).toBe(true)
    expect(JSON.parse(entry!.response_body!)).toMatchObject({ code: 'request_aborted', status: 400 })
  }

  it('a body over the limit is refused 413 before it is read, and the client then hanging up leaves the server serving', async () => {
    const account = await makeAccount(env)
    const app = await appOnSameDatabase(env)
    const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }))
    try {
      const socket = net.connect(Number(address.port), address.hostname)
      socket.on('error', () => undefined)
      const answer = new Promise<string>((resolve) => socket.once('data', (data) => resolve(data.toString('latin1'))))
      const head = ['POST /api/v1/proposals HTTP/1.1', `Host: ${address.host}`, `Authorization: ${account.auth.authorization}`, 'Content-Type: application/json', `Content-Length: ${loadConfig({}).bodyLimitBytes + 1}`].join('\r\n')
      socket.write(`${head}\r\n\r\n{"title":`)
      expect(await answer).toMatch(/^HTTP\/1\.1 413 /)
      socket.destroy()
      await until(() => app.runningRequests.count === 0)
      await sleep(100)
      const served = await app.inject({ method: 'GET', url: '/api/v1/usage', headers: account.auth })
      expect(served.statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })

  it('past the bound, shutting down closes the connections of requests still running', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const app = await appOnSameDatabase(env, {}, { shutdownDrainMs: 200 })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    await underCreationLock(env, account.id, app, async (release) => {
      const { outcome } = await send(`${address}/api/v1/proposals`, account.auth, proposalBody(account, customer))
      await until(() => app.runningRequests.count === 1)
      const closing = app.close()
      // The creation still waits on the lock, its client still connected: without the bound,
      // server.close() would wait for that connection as long as the lock is held.
      expect(await outcome).toBe('failed: socket hang up')
      await release()
      await closing
    })
  })
})
