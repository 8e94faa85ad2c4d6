// Server-side rendering of pages: preact-render-to-string escapes every text and attribute value,
// so user data is text unless a component deliberately says otherwise (none does).
import { createHash } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { APP_CSS } from './assets/app-css.js'

/** Content hash of the stylesheet, appended to its URL so a new release is never served stale. */
export const CSS_VERSION = createHash('sha256').update(APP_CSS).digest('hex').slice(0, 12)
export const CSS_HREF = `/assets/app.css?v=${CSS_VERSION}`

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

export function applyPageHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
  reply.header('x-content-type-options', 'nosniff')
  reply.header('x-frame-options', 'DENY')
  reply.header('referrer-policy', 'same-origin')
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's element
export function sendPage(reply: FastifyReply, page: VNode<any>, status = 200): FastifyReply {
  applyPageHeaders(reply)
  // Pages show account data: never keep them in a shared or back/forward cache.
  reply.header('cache-control', 'no-store')
  return reply.status(status).type('text/html; charset=utf-8').send(`<!doctype html>${renderToString(page)}`)
}
