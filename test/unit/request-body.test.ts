// Which ECONNRESET is a body its client abandoned (platform/http/request-body.ts), on real Node
// requests: one cut off while its body arrives is; one whose body was read to its end is not,
// though Node destroys that request too once it is read (autoDestroy), so a later ECONNRESET (the
// database's, in a handler) stays a 500.
import type { FastifyRequest } from 'fastify'
import http, { type IncomingMessage } from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { isAbortedUpload } from '../../src/platform/http/request-body.js'

const asFastifyRequest = (raw: IncomingMessage) => ({ raw, method: raw.method, headers: raw.headers }) as unknown as FastifyRequest
const connectionReset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })

describe('isAbortedUpload', () => {
  let server: http.Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  /** Starts a server that hands over each request, and sends it a POST head with `sent` of a 100-byte body. */
  async function receive(sent: string, thenHangUp: boolean): Promise<IncomingMessage> {
    const received = new Promise<IncomingMessage>((resolve) => {
      server = http.createServer((request, response) => {
        resolve(request)
        request.on('error', () => undefined)
        request.on('end', () => response.end())
        request.resume()
      })
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const socket = net.connect((server!.address() as AddressInfo).port, '127.0.0.1')
    socket.on('error', () => undefined)
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n${sent}`)
    const request = await received
    if (thenHangUp) socket.destroy()
    else socket.on('data', () => socket.destroy())
    await new Promise((resolve) => request.once('close', resolve))
    return request
  }

  it('is true for a body cut off by its client', async () => {
    const request = await receive('{"half":', true)
    expect(request.destroyed).toBe(true)
    expect(request.errored).toMatchObject({ code: 'ECONNRESET' })
    expect(isAbortedUpload(request.errored as Error & { code: string }, asFastifyRequest(request))).toBe(true)
  })

  it('is false once the body was read to its end, though the request is destroyed then too', async () => {
    const request = await receive('x'.repeat(100), false)
    expect(request.destroyed).toBe(true)
    expect(request.readableEnded).toBe(true)
    expect(isAbortedUpload(connectionReset, asFastifyRequest(request))).toBe(false)
  })
})
