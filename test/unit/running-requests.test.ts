// The running-request count a shutdown waits on, on a bare Fastify server over real sockets: a
// request counts until Fastify is done with its reply, whether its client read the answer or hung
// up first, and the wait is bounded.
import Fastify, { type FastifyInstance } from 'fastify'
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { whenReplyEnds } from '../../src/platform/http/reply-end.js'
import { type RunningRequests, trackRunningRequests } from '../../src/platform/http/running-requests.js'

interface Server {
  app: FastifyInstance
  running: RunningRequests
  url: string
  /** Lets the request waiting in the handler answer. */
  release(): void
  /** `delivered` of every ended reply, in order. */
  ends: boolean[]
  /** How many clients the server has seen hang up before their answer. */
  hangUps(): number
}

let server: Server | null = null

afterEach(async () => {
  server?.release()
  await server?.app.close()
  server = null
})

async function start(): Promise<Server> {
  const app = Fastify()
  const running = trackRunningRequests(app)
  const ends: boolean[] = []
  let hangUps = 0
  // Node 20 has no Promise.withResolvers.
  let open: () => void = () => undefined
  const newGate = () => new Promise<void>((resolve) => (open = resolve))
  let gate = newGate()
  app.addHook('onRequest', (_request, reply, done) => {
    whenReplyEnds(reply, (delivered) => ends.push(delivered))
    reply.raw.on('close', () => {
      if (!reply.raw.writableEnded) hangUps += 1
    })
    done()
  })
  app.get('/wait', async () => {
    await gate
    gate = newGate()
    return { ok: true }
  })
  app.get('/now', async () => ({ ok: true }))
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  server = { app, running, url, ends, release: () => open(), hangUps: () => hangUps }
  return server
}

/** Sends a GET and closes the connection after `ms`, reading nothing. */
async function getAndHangUp(url: string, ms: number): Promise<void> {
  const request = http.get(url)
  request.on('error', () => undefined)
  await sleep(ms)
  request.destroy()
}

async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt += 1) await sleep(10)
  expect(check()).toBe(true)
}

describe('running requests', () => {
  it('counts a request until its answer is delivered', async () => {
    const { running, url, release, ends } = await start()
    expect(await running.settled(0)).toBe(true)
    const answer = fetch(`${url}/wait`)
    await until(() => running.count === 1)
    release()
    expect((await answer).status).toBe(200)
    expect(await running.settled(1_000)).toBe(true)
    expect(running.count).toBe(0)
    expect(ends).toEqual([true])
  })

  it('keeps counting a request whose client hung up until its handler is done, then wakes the wait', async () => {
    const { running, url, release, ends, hangUps } = await start()
    await getAndHangUp(`${url}/wait`, 100)
    // Released before the server has read the hang-up, the answer would go out to the kernel as usual.
    await until(() => hangUps() === 1)
    expect(running.count).toBe(1)
    expect(ends).toEqual([])
    const waiting = running.settled(5_000)
    release()
    expect(await waiting).toBe(true)
    expect(running.count).toBe(0)
    expect(ends).toEqual([false])
  })

  it('gives up waiting after the bound, saying so', async () => {
    const { running, url } = await start()
    await getAndHangUp(`${url}/wait`, 100)
    expect(await running.settled(100)).toBe(false)
    expect(running.count).toBe(1)
  })

  it('counts several requests, each once', async () => {
    const { running, url, release, ends, hangUps } = await start()
    await Promise.all([fetch(`${url}/now`), fetch(`${url}/now`), getAndHangUp(`${url}/wait`, 100)])
    await until(() => ends.length === 2 && hangUps() === 1)
    expect(running.count).toBe(1)
    release()
    expect(await running.settled(1_000)).toBe(true)
    expect(ends.toSorted()).toEqual([false, true, true])
  })
})
