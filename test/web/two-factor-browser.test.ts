// Two-step verification in Chromium: the QR code is an image the page's CSP lets the browser draw,
// the key and the first code turn it on, the recovery codes are shown in a field that can be
// copied, and the next sign-in takes the password, then a recovery code, as a user without their
// phone would. The app's clock is the real one: the code is computed from the key the page shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { totpCode, totpStep } from '../../src/modules/accounts/totp.js'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness, watchProblems } from '../support/browser.js'
import { signedInPage, WEB_PASSWORD } from '../support/web-login.js'

const tf = t.ownPassword.twoFactor

describe.skipIf(!chromiumAvailable('two-factor-browser'))('Two-step verification in Chromium', () => {
  let harness: BrowserHarness

  beforeAll(async () => {
    harness = await startBrowserHarness()
  }, 60_000)

  afterAll(async () => {
    await harness?.close()
  })

  it('turns on from the QR code’s key, then signs in with the password and a recovery code', async () => {
    const { page, user, pageErrors } = await signedInPage(harness)
    watchProblems(page, pageErrors)
    await page.goto(`${harness.baseUrl}/account/password`)
    await page.getByRole('button', { name: tf.start }).click()

    // The QR code is drawn: a data: image the CSP allows, decoded to its real size.
    const qr = page.getByRole('img', { name: tf.qrAlt })
    await expect.poll(() => qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(20)
    const key = (await page.locator('#totp-key').innerText()).replaceAll(' ', '')
    expect(key).toMatch(/^[A-Z2-7]{32}$/)

    await page.getByLabel(tf.code, { exact: true }).fill(totpCode(key, totpStep(new Date())))
    await page.getByLabel(tf.password, { exact: true }).fill(WEB_PASSWORD)
    await page.getByRole('button', { name: tf.confirm, exact: true }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(tf.enabledTitle)
    const codes = (await page.getByLabel(tf.codesLabel, { exact: true }).inputValue()).split('\n')
    expect(codes).toHaveLength(10)

    // A new browser: the password leads to the code step, not into the app.
    const context = await harness.browser.newContext()
    const login = await context.newPage()
    watchProblems(login, pageErrors)
    await login.goto(`${harness.baseUrl}/login`)
    await login.getByLabel(t.login.email).fill(user.email)
    await login.getByLabel(t.login.password).fill(WEB_PASSWORD)
    await login.getByRole('button', { name: t.login.submit }).click()
    await expect.poll(() => new URL(login.url()).pathname).toBe('/login/two-factor')
    const codeField = login.getByLabel(t.login.twoFactor.code)
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code')

    // A wrong code: the error is tied to the field for assistive technology.
    await codeField.fill('ZZZZZ-ZZZZZ')
    await login.getByRole('button', { name: t.login.twoFactor.submit }).click()
    await expect.poll(async () => login.getByLabel(t.login.twoFactor.code).getAttribute('aria-invalid')).toBe('true')

    await login.getByLabel(t.login.twoFactor.code).fill(codes[3]!)
    await login.getByRole('button', { name: t.login.twoFactor.submit }).click()
    await expect.poll(() => new URL(login.url()).pathname).toBe('/dashboard')
    expect(await login.getByRole('status').or(login.locator('.alert')).first().innerText()).toContain('restam 9')
    expect(pageErrors).toEqual([])
    await context.close()
  }, 60_000)
})
