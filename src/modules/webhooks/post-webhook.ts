// One HTTP attempt of a webhook: POST the stored body, signed, to the endpoint's URL. The URL rule
// (webhook-url-policy.ts) is applied again here, on the addresses actually connected to. Redirects
// are not followed (a 3xx is a failure: following one could lead to an address the rule forbids).
// Connections are kept open between attempts to the same host and port (a CRM's nightly sync
// sends thousands of events to one receiver: each paid a TCP and TLS handshake), a pool per URL
// rule so that a socket opened under WEBHOOK_ALLOW_PRIVATE_URLS is never reused under the strict
// one. A socket is checked when it connects, so a kept one still goes where the rule allowed.
import http from 'node:http'
import https from 'node:https'
import { performance } from 'node:perf_hooks'
import { withoutNul } from '../../platform/storable-text.js'
import { httpStatusError, timeoutError, urlNotAllowedError } from './delivery-errors.js'
import { WEBHOOK_EXCERPT_BYTES, WEBHOOK_TIMEOUT_MS, WEBHOOK_USER_AGENT } from './webhook-constants.js'
import { signatureHeader } from './webhook-signature.js'
import { checkWebhookUrl, guardedLookup, type HostResolver } from './webhook-url-policy.js'

export interface WebhookRequest {
  url: string
  secret: string
  body: string
  eventId: string
  eventType: string
  /** The signature's timestamp. */
  now: Date
  allowPrivate: boolean
  timeoutMs?: number
  /** DNS for the check and the connection (default: the system's); tests inject answers. */
  resolve?: HostResolver
}

/** Idle connections close after this (or sooner, when the receiver's Keep-Alive header says so). */
const IDLE_CONNECTION_MS = 4_000

function keptAliveAgents() {
  const options = { keepAlive: true, timeout: IDLE_CONNECTION_MS, maxFreeSockets: 4 }
  return { http: new http.Agent(options), https: new https.Agent(options) }
}
const AGENTS = { strict: keptAliveAgents(), allowingPrivate: keptAliveAgents() }

export interface WebhookOutcome {
  ok: boolean
  status: number | null
  excerpt: string | null
  /** Why the attempt failed (null on success), in the forms of delivery-errors.ts. */
  error: string | null
  durationMs: number
}

export async function postWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const check = await checkWebhookUrl(request.url, { allowPrivate: request.allowPrivate, resolve: request.resolve })
  if (!check.ok) return { ok: false, status: null, excerpt: null, error: urlNotAllowedError(check.reason), durationMs: elapsed() }
  const url = check.url
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(request.body)),
    'User-Agent': WEBHOOK_USER_AGENT,
    'Vendoc-Event-Id': request.eventId,
    'Vendoc-Event-Type': request.eventType,
    'Vendoc-Signature': signatureHeader(request.secret, request.body, Math.floor(request.now.getTime() / 1000)),
  }
  const client = url.protocol === 'https:' ? https : http
  const agents = request.allowPrivate ? AGENTS.allowingPrivate : AGENTS.strict
  const agent = url.protocol === 'https:' ? agents.https : agents.http
  return new Promise<WebhookOutcome>((resolve) => {
    let settled = false
    const finish = (outcome: Omit<WebhookOutcome, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...outcome, durationMs: elapsed() })
    }
    const req = client.request(url, { method: 'POST', headers, agent, lookup: guardedLookup(request.allowPrivate, request.resolve) as never }, (res) => {
      const status = res.statusCode ?? 0
      const chunks: Buffer[] = []
      let size = 0
      const done = () => {
        // The receiver's bytes, stored as they read: a NUL among them would fail the delivery's
        // record on PostgreSQL, and the job would post the event again at every retry.
        const excerpt = withoutNul(Buffer.concat(chunks).subarray(0, WEBHOOK_EXCERPT_BYTES).toString('utf8'))
        const ok = status >= 200 && status < 300
        finish({ ok, status, excerpt, error: ok ? null : httpStatusError(status) })
      }
      res.on('data', (chunk: Buffer) => {
        if (size < WEBHOOK_EXCERPT_BYTES) chunks.push(chunk)
        size += chunk.length
        // Enough for the log: stop reading a large answer (its connection is not kept).
        if (size >= WEBHOOK_EXCERPT_BYTES) {
          done()
          res.destroy()
        }
      })
      // Read to its end, the answer leaves its connection to the next attempt.
      res.on('end', done)
      res.on('error', (error) => finish({ ok: false, status, excerpt: null, error: error.message }))
    })
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, excerpt: null, error: timeoutError(request.timeoutMs ?? WEBHOOK_TIMEOUT_MS) })
      req.destroy()
    }, request.timeoutMs ?? WEBHOOK_TIMEOUT_MS)
    req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, status: null, excerpt: null, error: error.message || error.code || 'request failed' }))
    req.end(request.body)
  })
}
