// Flash messages: the one-line outcome of a form shown on the page the browser is redirected to
// ("Cliente salvo."). Carried in a short-lived cookie rather than the session row so a redirect
// costs no database write; the text is rendered escaped like any other, so a forged cookie can
// only put text on its own sender's page.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { FLASH_COOKIE, clearCookie, readCookie, setCookie } from './cookies.js'

export type FlashKind = 'success' | 'error' | 'info'

export interface Flash {
  kind: FlashKind
  text: string
}

const FLASH_MAX_AGE_S = 60
const FLASH_MAX_COOKIE_CHARS = 1500
const KINDS: readonly FlashKind[] = ['success', 'error', 'info']

declare module 'fastify' {
  interface FastifyRequest {
    /** The flash message set by the previous response, consumed by this page. */
    flash: Flash | null
  }
}

/** Queues `text` for the next page this browser opens (normally the redirect target). */
export function setFlash(reply: FastifyReply, flash: Flash, secure: boolean): void {
  const value = Buffer.from(JSON.stringify([flash.kind, flash.text.slice(0, 500)])).toString('base64url')
  setCookie(reply, FLASH_COOKIE, value, { secure, maxAgeSeconds: FLASH_MAX_AGE_S })
}

/** Reads and clears the pending flash of a page request; anything malformed is dropped. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply, secure: boolean): Flash | null {
  const raw = readCookie(request, FLASH_COOKIE, FLASH_MAX_COOKIE_CHARS)
  if (raw === undefined) return null
  clearCookie(reply, FLASH_COOKIE, secure)
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (!Array.isArray(parsed) || parsed.length !== 2) return null
    const [kind, text] = parsed as [unknown, unknown]
    return KINDS.includes(kind as FlashKind) && typeof text === 'string' && text !== '' ? { kind: kind as FlashKind, text } : null
  } catch {
    return null
  }
}
