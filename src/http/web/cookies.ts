// The cookies of the web app, parsed and written by hand (a cookie library would pull in a
// dependency that needs Node 22). Values are base64url tokens, so no encoding is needed.
import type { FastifyReply, FastifyRequest } from 'fastify'

export const SESSION_COOKIE = 'vendoc_session'
/** Anti-forgery token for forms shown before login (double-submit: cookie and hidden field must match). */
export const ANONYMOUS_CSRF_COOKIE = 'vendoc_csrf'
/** The one-shot message shown on the page after a redirect ("Cliente salvo."). */
export const FLASH_COOKIE = 'vendoc_flash'
/** A password accepted, a two-step verification code still due (accounts/login-challenges.ts). */
export const LOGIN_CHALLENGE_COOKIE = 'vendoc_login_challenge'

export function readCookie(request: FastifyRequest, name: string, maxLength = 200): string | undefined {
  const header = request.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index < 0) continue
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim()
      return value.length <= maxLength && /^[A-Za-z0-9_-]+$/.test(value) ? value : undefined
    }
  }
  return undefined
}

export interface CookieOptions {
  secure: boolean
  /** Seconds; 0 deletes the cookie. */
  maxAgeSeconds: number
}

export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${options.maxAgeSeconds}`]
  if (options.secure) parts.push('Secure')
  const existing = reply.getHeader('set-cookie')
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]
  reply.header('set-cookie', [...list, parts.join('; ')])
}

export function clearCookie(reply: FastifyReply, name: string, secure: boolean): void {
  setCookie(reply, name, '', { secure, maxAgeSeconds: 0 })
}
