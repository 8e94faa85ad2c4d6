// What every response must carry, as assertions: a CSP whose scripts come only from this origin
// (no 'unsafe-inline', no 'unsafe-eval', no wildcard or data:), no framing by other sites,
// nosniff, a referrer policy that never sends a path to another site, and HSTS exactly when the
// public address is https.
import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'

/** Referrer policies that never send the path (or anything) to another origin. */
export const STRICT_REFERRER_POLICIES = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']

export function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) directives.set(name.toLowerCase(), sources)
  }
  return directives
}

export function expectSecurityHeaders(response: LightMyRequestResponse, label: string, options: { https: boolean }): void {
  const header = response.headers['content-security-policy']
  expect(typeof header, `${label}: Content-Security-Policy`).toBe('string')
  const csp = parseCsp(String(header))
  const scriptSources = csp.get('script-src') ?? csp.get('default-src')
  expect(scriptSources, `${label}: neither script-src nor default-src`).toBeDefined()
  for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
    expect(scriptSources, `${label}: script-src allows ${forbidden}`).not.toContain(forbidden)
  }
  expect(csp.get('script-src-attr') ?? [], `${label}: script-src-attr`).not.toContain("'unsafe-inline'")
  const ancestors = csp.get('frame-ancestors')
  expect(ancestors, `${label}: frame-ancestors`).toBeDefined()
  expect([["'none'"], ["'self'"]], `${label}: frame-ancestors ${ancestors?.join(' ')}`).toContainEqual(ancestors)
  expect(csp.get('object-src') ?? csp.get('default-src'), `${label}: object-src`).toEqual(expect.arrayContaining([expect.stringMatching(/^'(none|self)'$/)]))
  expect(response.headers['x-content-type-options'], `${label}: nosniff`).toBe('nosniff')
  expect(STRICT_REFERRER_POLICIES, `${label}: Referrer-Policy ${response.headers['referrer-policy']}`).toContain(response.headers['referrer-policy'])
  const hsts = response.headers['strict-transport-security']
  if (options.https) expect(String(hsts), `${label}: HSTS`).toMatch(/^max-age=(\d{8,})(; includeSubDomains)?$/)
  else expect(hsts, `${label}: HSTS over http`).toBeUndefined()
}
