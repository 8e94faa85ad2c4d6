// A real HTTP receiver for webhook tests: records every request and answers what the test says.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface Receiver {
  url: string
  requests: ReceivedRequest[]
  /** TCP connections the receiver accepted. */
  connections: number
  /** Status for the next answer (given the number of requests so far, this one included). */
  respond: (count: number) => number
  close(): Promise<void>
}

/** What the receiver answers with each status, unless the test says otherwise. */
function defaultBody(status: number): string | Buffer {
  return status < 300 ? 'ok' : `nope ${'x'.repeat(5000)}`
}

export async function startReceiver(respond: (count: number) => number = () => 200, body: (status: number) => string | Buffer = defaultBody): Promise<Receiver> {
  const receiver = { requests: [] as ReceivedRequest[], respond, connections: 0 } as Receiver
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      receiver.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      const status = receiver.respond(receiver.requests.length)
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(body(status))
    })
  })
  server.on('connection', () => receiver.connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()))
  return receiver
}
