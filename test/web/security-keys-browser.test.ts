// Security keys in Chromium, with the browser's own virtual authenticator (DevTools' WebAuthn
// domain, a CTAP2 USB key that is touched automatically): the page's script asks the browser to
// create a key from the server's options and sends its answer, the card lists it, and the next
// sign-in takes the password, then a touch of the key instead of the app's code. The app listens
// on localhost with a matching PUBLIC_URL: browsers refuse WebAuthn on an IP address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { systemClock } from '../../src/platform/clock.js'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness, watchProblems } from '../support/browser.js'
import { freePort } from '../support/free-port.js'
import { storeSecurityKey } from '../support/security-key-rows.js'
import type { TestApp } from '../support/test-app.js'
import { turnOnTwoFactor } from '../support/two-factor.js'
import { signedInUser, WEB_PASSWORD } from '../support/web-login.js'

const tk = t.ownPassword.twoFactor.keys
/** A key's ceremony, a form's submission and a redirect, on a busy two-core machine. */
const PATIENT = { timeout: 10_000 }

describe.skipIf(!chromiumAvailable('security-keys-browser'))('Security keys in Chromium', () => {
  let harness: BrowserHarness
  let base: string

  beforeAll(async () => {
    const port = await freePort()
    base = `http://localhost:${port}`
    harness = await startBrowserHarness(undefined, { PORT: String(port), PUBLIC_URL: base })
  }, 60_000)

  afterAll(async () => {
    await harness?.close()
  })

  it('adds a key from Minha conta, then signs in with the password and a touch of the key', async () => {
    const env: TestApp = { dialect: 'sqlite', databaseUrl: '', app: harness.app, db: harness.database.db, clock: systemClock, close: async () => undefined }
    const user = await signedInUser(env)
    await turnOnTwoFactor(user.agent, systemClock)
    const context = await harness.browser.newContext()
    await context.addCookies([...user.agent.cookies].map(([name, value]) => ({ name, value, url: base })))
    const page = await context.newPage()
    const problems: string[] = []
    watchProblems(page, problems)
    const devtools = await context.newCDPSession(page)
    await devtools.send('WebAuthn.enable', { enableUI: false })
    const { authenticatorId } = await devtools.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: false, automaticPresenceSimulation: true },
    })

    await page.goto(`${base}/account/password`)
    await page.locator('#field-key-name').fill('Chave USB')
    await page.locator('#field-key-password').fill(WEB_PASSWORD)
    await page.getByRole('button', { name: tk.add }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), PATIENT).toBe(tk.registerTitle)
    await page.waitForLoadState('load')
    // The browser can: the button shows and the "unsupported" message is gone.
    await expect.poll(() => page.getByText(tk.registerUnsupported).isVisible(), PATIENT).toBe(false)
    await page.getByRole('button', { name: tk.registerButton }).click()

    await expect.poll(() => new URL(page.url()).pathname, PATIENT).toBe('/account/password')
    expect(await page.locator('.alert').first().innerText()).toContain(tk.addedFlash('Chave USB'))
    expect(await page.getByRole('cell', { name: 'Chave USB', exact: true }).isVisible()).toBe(true)
    const { credentials } = await devtools.send('WebAuthn.getCredentials', { authenticatorId })
    expect(credentials).toHaveLength(1)
    const stored = await harness.database.db.selectFrom('security_keys').select(['credential_id', 'transports']).where('user_id', '=', user.user.id).executeTakeFirstOrThrow()
    expect(Buffer.from(stored.credential_id, 'base64url').equals(Buffer.from(credentials[0]!.credentialId, 'base64'))).toBe(true)

    // Out, and in again: the password, then the key instead of the app's code.
    await page.getByRole('button', { name: t.nav.logout }).click()
    await expect.poll(() => new URL(page.url()).pathname, PATIENT).toBe('/login')
    await page.getByLabel(t.login.email).fill(user.user.email)
    await page.getByLabel(t.login.password).fill(WEB_PASSWORD)
    await page.getByRole('button', { name: t.login.submit }).click()
    await expect.poll(() => new URL(page.url()).pathname, PATIENT).toBe('/login/two-factor')
    await page.getByRole('button', { name: t.login.twoFactor.useKey }).click()
    await expect.poll(() => new URL(page.url()).pathname, PATIENT).toBe('/dashboard')
    const used = await harness.database.db.selectFrom('security_keys').select(['last_used_at', 'sign_count']).where('user_id', '=', user.user.id).executeTakeFirstOrThrow()
    expect(used.last_used_at).not.toBeNull()
    expect(Number(used.sign_count)).toBeGreaterThan(0)
    expect(problems).toEqual([])
    await context.close()
  }, 60_000)

  it('keeps the key form hidden, and the code working, without JavaScript', async () => {
    const env: TestApp = { dialect: 'sqlite', databaseUrl: '', app: harness.app, db: harness.database.db, clock: systemClock, close: async () => undefined }
    const user = await signedInUser(env)
    const { codes } = await turnOnTwoFactor(user.agent, systemClock)
    await storeSecurityKey(harness.database.db, { accountId: user.account.id, userId: user.user.id }, 'Antiga')
    const context = await harness.browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${base}/login`)
    await page.getByLabel(t.login.email).fill(user.user.email)
    await page.getByLabel(t.login.password).fill(WEB_PASSWORD)
    await page.getByRole('button', { name: t.login.submit }).click()
    await expect.poll(() => new URL(page.url()).pathname, PATIENT).toBe('/login/two-factor')
    // The key's form is in the page (the user has a key), hidden until a script finds WebAuthn.
    expect(await page.locator('section[data-webauthn-section][hidden] form[action="/login/two-factor/key"]').count()).toBe(1)
    expect(await page.getByRole('button', { name: t.login.twoFactor.useKey }).isVisible()).toBe(false)
    await page.getByLabel(t.login.twoFactor.code).fill(codes[0]!)
    await page.getByRole('button', { name: t.login.twoFactor.submit }).click()
    await expect.poll(() => new URL(page.url()).pathname, PATIENT).toBe('/dashboard')
    await context.close()
  }, 60_000)
})
