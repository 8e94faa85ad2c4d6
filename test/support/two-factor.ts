// Two-step verification as a user's browser and authenticator app go through it: the setup page's
// key, the app's code computed from it at the app's clock, the recovery codes shown once.
import { expect } from 'vitest'
import { totpCode, totpStep } from '../../src/modules/accounts/totp.js'
import type { Clock } from '../../src/platform/clock.js'
import { csrfTokenIn, type WebAgent } from './web-agent.js'
import { WEB_PASSWORD } from './web-login.js'

/** The key the setup page shows, as typed into an app (groups of four joined). */
export function keyIn(html: string): string {
  const match = /<code id="totp-key" class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(html)
  if (!match) throw new Error('the page shows no key')
  return match[1]!.replaceAll(' ', '')
}

export function codesIn(html: string): string[] {
  const match = /<textarea id="recovery-codes"[^>]*>([^<]*)<\/textarea>/.exec(html)
  if (!match) throw new Error('the page shows no recovery codes')
  return match[1]!.split('\n')
}

/** The app's code at the clock's now (or `steps` steps from it). */
export function appCodeAt(clock: Clock, key: string, steps = 0): string {
  return totpCode(key, totpStep(clock.now()) + steps)
}

/** Turns it on from Minha conta with the app's current code and the password; the key and recovery codes. */
export async function turnOnTwoFactor(agent: WebAgent, clock: Clock, password = WEB_PASSWORD): Promise<{ key: string; codes: string[] }> {
  const setup = await agent.submit('/account/password', '/account/two-factor/setup', {})
  expect(setup.statusCode, setup.body).toBe(200)
  expect(setup.body).toMatch(/<img class="totp-qr" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/)
  const key = keyIn(setup.body)
  const enabled = await agent.post('/account/two-factor/enable', { _csrf: csrfTokenIn(setup.body), code: appCodeAt(clock, key), password })
  expect(enabled.statusCode, enabled.body).toBe(200)
  expect(enabled.headers['cache-control']).toBe('no-store')
  const codes = codesIn(enabled.body)
  expect(codes).toHaveLength(10)
  return { key, codes }
}
