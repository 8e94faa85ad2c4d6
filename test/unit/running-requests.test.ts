// The running requests a shutdown waits on, on a bare Fastify server over real sockets: a request
// counts until Fastify is done with its reply, whether its client read the answer or hung up
// first; each reply's end is reported once, delivered or not; and the wait is bounded.
import Fastify, { type FastifyInstance } from 'fastify'
import http from 'node:http'
import net from 'node:net'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { type RunningRequests, trackRunningRequests } from '../../src/platform/http/running-requests.js'

interface Server {
  app: FastifyInstance
  running: RunningRequests
  url: string
  /** How many requests have reached the /wait handler. */
  entered(): number
  /** Lets the request waiting in the handler answer. */
  release(): void
  /** How many clients the server has seen hang up before their answer. */
  hangUps(): number
  /** The server's side of the connection of the latest request. */
  lastConnection(): net.Socket | null
  /** url and `delivered` of every ended reply, in order. */
  ends: Array<[string, boolean]>
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
  const ends: Array<[string, boolean]> = []
  running.onReplyEnd((request, _reply, delivered) => ends.push([request.url, delivered]))
  let hangUps = 0
  let entered = 0
  let lastConnection: net.Socket | null = null
  app.addHook('onRequest', (request, reply, done) => {
    lastConnection = request.raw.socket
    reply.raw.on('close', () => {
      if (!reply.raw.writableEnded) hangUps += 1
    })
    done()
  })
  // Node 20 has no Promise.withResolvers.
  let open: () => void = () => undefined
  const newGate = () => new Promise<void>((resolve) => (open = resolve))
  let gate = newGate()
  app.get('/wait', async () => {
    entered += 1
    await gate
    gate = newGate()
    return { ok: true }
  })
  app.get('/now', async () => ({ ok: true }))
  // Far larger than what a response without a socket buffers before its stream stalls.
  app.get('/stream', async (_request, reply) => reply.type('application/octet-stream').send(Readable.from(chunks(64 * 1024, 32))))
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  server = { app, running, url, ends, entered: () => entered, release: () => open(), hangUps: () => hangUps, lastConnection: () => lastConnection }
  return server
}

async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !check(); attempt += 1) await sleep(10)
  expect(check()).toBe(true)
}

/** Sends a GET to /wait and closes the connection once the handler has it, reading nothing. */
async function waitAndHangUp({ url, entered, hangUps }: Server): Promise<void> {
  const [enteredBefore, hangUpsBefore] = [entered(), hangUps()]
  const request = http.get(`${url}/wait`)
  request.on('error', () => undefined)
  await until(() => entered() === enteredBefore + 1)
  request.destroy()
  // Until the server has read the hang-up: released before that, the answer would go out as usual.
  await until(() => hangUps() === hangUpsBefore + 1)
}

describe('running requests', () => {
  it('counts a request until its answer is delivered', async () => {
    const { running, url, release, ends, entered } = await start()
    expect(await running.settled(0)).toBe(true)
    const answer = fetch(`${url}/wait`)
    await until(() => entered() === 1)
    expect(running.count).toBe(1)
    release()
    expect((await answer).status).toBe(200)
    expect(await running.settled(1_000)).toBe(true)
    expect(running.count).toBe(0)
    expect(ends).toEqual([['/wait', true]])
  })

  it('keeps counting a request whose client hung up until its handler is done', async () => {
    const current = await start()
    await waitAndHangUp(current)
    expect(current.running.count).toBe(1)
    expect(current.ends).toEqual([])
    const waiting = current.running.settled(5_000)
    current.release()
    expect(await waiting).toBe(true)
    expect(current.running.count).toBe(0)
    expect(current.ends).toEqual([['/wait', false]])
  })

  it('gives up waiting after the bound, saying so', async () => {
    const current = await start()
    await waitAndHangUp(current)
    expect(await current.running.settled(100)).toBe(false)
    expect(current.running.count).toBe(1)
  })

  it('counts several requests, each reported once', async () => {
    const current = await start()
    await Promise.all([fetch(`${current.url}/now`), fetch(`${current.url}/now`), waitAndHangUp(current)])
    await until(() => current.ends.length === 2)
    expect(current.running.count).toBe(1)
    current.release()
    expect(await current.running.settled(1_000)).toBe(true)
    expect(current.ends.map(([url, delivered]) => `${url} ${delivered}`).sort()).toEqual(['/now true', '/now true', '/wait false'])
  })

  it('reports the end of a pipelined request whose client went, though its response never held the socket', async () => {
    const current = await start()
    for (let round = 1; round <= 3; round += 1) {
      const socket = net.connect(Number(new URL(current.url).port), '127.0.0.1')
      socket.on('error', () => undefined)
      socket.write('GET /wait HTTP/1.1\r\nHost: x\r\n\r\nGET /wait HTTP/1.1\r\nHost: x\r\n\r\n')
      await until(() => current.entered() === 2 * round)
      socket.destroy()
      await until(() => current.hangUps() === round)
      expect(current.running.count).toBe(2)
      current.release()
      // The queued one is seen by polling once its connection has closed: a moment later.
      await until(() => current.running.count === 0)
    }
    expect(current.ends).toEqual(Array(6).fill(['/wait', false]))
  })

  it('reports the end of a pipelined stream stalled behind another when its client went', async () => {
    const current = await start()
    const socket = net.connect(Number(new URL(current.url).port), '127.0.0.1')
    socket.on('error', () => undefined)
    socket.write('GET /wait HTTP/1.1\r\nHost: x\r\n\r\nGET /stream HTTP/1.1\r\nHost: x\r\n\r\n')
    await until(() => current.entered() === 1 && current.running.count === 2)
    socket.destroy()
    // The stream never ends (its response never gets the socket), yet its work is over.
    await until(() => current.ends.length === 1)
    expect(current.ends).toEqual([['/stream', false]])
    current.release()
    await until(() => current.running.count === 0)
  })

  it('reports a pipelined request delivered when its client stays', async () => {
    const current = await start()
    const socket = net.connect(Number(new URL(current.url).port), '127.0.0.1')
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
    socket.write('GET /now HTTP/1.1\r\nHost: x\r\n\r\nGET /now HTTP/1.1\r\nHost: x\r\n\r\n')
    await until(() => received.split('HTTP/1.1 200').length === 3)
    socket.destroy()
    await sleep(150) // longer than the queued response's poll
    expect(current.ends).toEqual([['/now', true], ['/now', true]])
    expect(current.running.count).toBe(0)
  })

  it('leaves no listener behind on a connection that pipelines many requests and stays', async () => {
    const current = await start()
    const socket = net.connect(Number(new URL(current.url).port), '127.0.0.1')
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
    socket.write('GET /now HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(20))
    await until(() => received.split('HTTP/1.1 200').length === 21)
    await until(() => current.ends.length === 20)
    // Node's and Fastify's own few; one more per queued request had there been a leak.
    expect(current.lastConnection()!.listenerCount('close')).toBeLessThan(5)
    socket.destroy()
    expect(current.running.count).toBe(0)
  })

  it('stops counting a streamed answer cut off by its client', async () => {
    const app = Fastify()
    const running = trackRunningRequests(app)
    const ends: boolean[] = []
    running.onReplyEnd((_request, _reply, delivered) => ends.push(delivered))
    // A body far larger than the socket buffers, sent as a stream the client never reads.
    app.get('/big', async (_request, reply) => reply.type('application/octet-stream').send(Readable.from(chunks(64 * 1024, 2_000))))
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    server = { app, running, url, ends: [], entered: () => 0, release: () => undefined, hangUps: () => 0, lastConnection: () => null }
    const request = http.get(`${url}/big`, (response) => {
      response.once('data', () => request.destroy())
    })
    request.on('error', () => undefined)
    await until(() => ends.length === 1)
    expect(ends).toEqual([false])
    expect(running.count).toBe(0)
  })
})

function* chunks(size: number, count: number): Generator<Buffer> {
  for (let index = 0; index < count; index += 1) yield Buffer.alloc(size, 97)
}
