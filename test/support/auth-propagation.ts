// A change to tokens or plans made in another process (the CLI, plain SQL) reaches a running
// server when its token cache next polls api_auth_version, about once a second. Tests call the
// API until the answer changes and assert how long that took, not merely that it happened.
import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { AUTH_VERSION_POLL_MS } from '../../src/modules/integrations/api-token-cache.js'

/** One poll interval plus slack for a loaded CI machine. */
export const AUTH_PROPAGATION_BOUND_MS = AUTH_VERSION_POLL_MS + 2_000

/** Repeats `call` every 50 ms while it answers 200; the first other answer must come within the bound. */
export async function firstRefusal(call: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const started = Date.now()
  for (;;) {
    const response = await call()
    const elapsed = Date.now() - started
    expect(elapsed, response.statusCode === 200 ? 'still accepted' : 'refused too late').toBeLessThan(AUTH_PROPAGATION_BOUND_MS)
    if (response.statusCode !== 200) return response
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
