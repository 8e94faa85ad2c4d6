// Security headers of the responses the web plugin does not render: the API, its documentation
// (Swagger UI, the error-code page) and /healthz. Pages get theirs from web/render.ts; HSTS and
// nosniff are set here for every response, pages included.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'

/** One year, subdomains included: sent only when the public address is https (a browser ignores it over http anyway). */
const HSTS = 'max-age=31536000; includeSubDomains'

// JSON is never a document: no scripts, no framing, whatever a browser is tricked into doing with it.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// Swagger UI loads its bundle, initializer and stylesheet from this origin (no inline script), and
// "Try it out" calls PUBLIC_URL, the OpenAPI document's server. Its bundle injects inline styles at
// run time, so styles (never scripts) may be inline on these pages; they show no account data.
function docsCsp(publicUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${new URL(publicUrl).origin}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ')
}

/** Whether a URL is the API, its documentation or /healthz (responses the web plugin does not render). */
function isUnrenderedPath(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/api-docs') || url === '/healthz' || url.startsWith('/healthz?')
}

/** Sets the headers on one reply; registered as a hook, and called directly where no hook runs (frameworkErrors). */
export function securityHeaders(config: Config): (request: FastifyRequest, reply: FastifyReply) => void {
  const https = config.publicUrl.startsWith('https:')
  const docs = docsCsp(config.publicUrl)
  return (request, reply) => {
    reply.header('x-content-type-options', 'nosniff')
    if (https) reply.header('strict-transport-security', HSTS)
    if (!isUnrenderedPath(request.url)) return
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', request.url.startsWith('/api-docs') ? docs : API_CSP)
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer')
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY')
  }
}

export function registerSecurityHeaders(app: FastifyInstance, apply: (request: FastifyRequest, reply: FastifyReply) => void): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    apply(request, reply)
    done(null, payload)
  })
}
