// Loopback listeners for the SSRF tests. A tripwire records every connection and request it gets
// (it must get none); a redirector answers every request with a 3xx to a URL the test gives (the
// tripwire). Both listen on `::` with IPv4 mapped in, so 127.0.0.1, [::1] and [::ffff:127.0.0.1]
// all reach them: a refused URL that slipped through would land here whatever its form. On a runner
// with IPv6 disabled they listen on 127.0.0.1 alone (an IPv6 form then has nothing to reach at all).
import http from 'node:http'
import type { AddressInfo, ListenOptions } from 'node:net'

export interface Listener {
  port: number
  /** Requests received (method and path). */
  requests: string[]
  /** TCP connections accepted, even ones that never sent a request. */
  connections: number
  close(): Promise<void>
}

async function listen(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Listener> {
  const listener = { requests: [] as string[], connections: 0 } as Listener
  const server = http.createServer((req, res) => {
    listener.requests.push(`${req.method} ${req.url}`)
    req.resume()
    req.on('end', () => handler(req, res))
  })
  server.on('connection', () => {
    listener.connections += 1
  })
  try {
    await listenOn(server, { port: 0, host: '::', ipv6Only: false })
  } catch {
    await listenOn(server, { port: 0, host: '127.0.0.1' })
  }
  listener.port = (server.address() as AddressInfo).port
  listener.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return listener
}

function listenOn(server: http.Server, options: ListenOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

export function startTripwire(): Promise<Listener> {
  return listen((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('tripwire reached'))
}

/** Answers every request with `status` and `Location: location`. */
export function startRedirector(status: number, location: string): Promise<Listener> {
  return listen((_req, res) => res.writeHead(status, { location, 'content-type': 'text/plain' }).end('moved'))
}
