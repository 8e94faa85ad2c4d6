// Server-side rendering of pages: preact-render-to-string escapes every text and attribute value,
// so user data is text unless a component deliberately says otherwise (none does).
import { createHash } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { APP_CSS } from './assets/app-css.js'
import { SCRIPTS, type ScriptName } from './assets/scripts/index.js'

export type { ScriptName }

function contentVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12)
}

/** Content hash of the stylesheet, appended to its URL so a new release is never served stale. */
export const CSS_VERSION = contentVersion(APP_CSS)
export const CSS_HREF = `/assets/app.css?v=${CSS_VERSION}`

const SCRIPT_HREFS = Object.fromEntries(Object.entries(SCRIPTS).map(([name, body]) => [name, `/assets/${name}.js?v=${contentVersion(body)}`]))

export function scriptHref(name: ScriptName): string {
  return SCRIPT_HREFS[name]!
}

// No inline script or style anywhere: scripts and styles come from this origin only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ')

const PAGE_HEADERS: ReadonlyArray<[string, string]> = [
  ['content-security-policy', CONTENT_SECURITY_POLICY],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'same-origin'],
]

/**
 * The security headers of every web response. A route that needs a stricter or different policy
 * (a rendered document shown in a sandboxed frame of our own page) sets its header first; it is kept.
 */
export function applyPageHeaders(reply: FastifyReply): void {
  for (const [name, value] of PAGE_HEADERS) if (!reply.hasHeader(name)) reply.header(name, value)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's element
export function sendPage(reply: FastifyReply, page: VNode<any>, status = 200): FastifyReply {
  return sendHtml(reply, `<!doctype html>${renderToString(page)}`, status)
}

/** A piece of a page that a page's script fetches and inserts (no document around it); null sends an empty body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's element
export function sendFragment(reply: FastifyReply, fragment: VNode<any> | null): FastifyReply {
  return sendHtml(reply, fragment === null ? '' : renderToString(fragment), 200)
}

function sendHtml(reply: FastifyReply, html: string, status: number): FastifyReply {
  applyPageHeaders(reply)
  // Pages show account data: never keep them in a shared or back/forward cache.
  reply.header('cache-control', 'no-store')
  return reply.status(status).type('text/html; charset=utf-8').send(html)
}
