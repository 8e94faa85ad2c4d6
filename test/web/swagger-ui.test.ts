// Swagger UI at /api-docs/index.html works in a real browser: it lists the operations, accepts a
// bearer token through "Authorize", and "Try it out" calls the API and shows the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../src/modules/accounts/accounts.js'
import { createSignerRole } from '../../src/modules/catalog/catalog-admin.js'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { systemClock } from '../../src/platform/clock.js'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness } from '../support/browser.js'

describe.skipIf(!chromiumAvailable('swagger-ui'))('Swagger UI in Chromium', () => {
  let harness: BrowserHarness
  let browser: BrowserHarness['browser']
  let baseUrl: string
  let token: string

  beforeAll(async () => {
    harness = await startBrowserHarness(async ({ db }) => {
      const account = await createAccount(db, systemClock, { name: 'Swagger Ltda' })
      await createSignerRole(db, systemClock, account.id, { name: 'Testemunha' })
      token = (await createApiToken(db, systemClock, account.id)).token
    })
    ;({ browser, baseUrl } = harness)
  }, 60_000)

  afterAll(async () => {
    await harness?.close()
  })

  it('shows every operation and runs "Try it out" with a bearer token', async () => {
    const page = await browser.newPage()
    // The spec's server URL is PUBLIC_URL; point it at this test server.
    await page.route('**/api-docs/json', async (route) => {
      const response = await route.fetch()
      const spec = await response.json()
      spec.servers = [{ url: baseUrl }]
      await route.fulfill({ response, json: spec })
    })
    await page.goto(`${baseUrl}/api-docs/index.html`)
    await page.waitForSelector('.opblock', { timeout: 20_000 })
    const summaries = await page.locator('.opblock-summary-path').allTextContents()
    expect(summaries.map((text) => text.replace(/\u200b/g, ''))).toEqual(
      expect.arrayContaining(['/api/v1/registration-data', '/api/v1/customers/{customer_id}/proposals', '/api/v1/proposals/{id}', '/api/v1/proposals']),
    )

    await page.click('button.authorize')
    await page.fill('.auth-container input[type=text], .auth-container input[type=password]', token)
    await page.click('.auth-btn-wrapper button.authorize')
    await page.click('button.btn-done')

    const operation = page.locator('#operations-Registration_data-getRegistrationData')
    await operation.locator('.opblock-summary').click()
    await operation.locator('button.try-out__btn').click()
    await operation.locator('button.execute').click()
    const status = operation.locator('.live-responses-table tbody .response-col_status').first()
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 15_000 }).toBe('200')
    const body = await operation.locator('.live-responses-table .microlight').first().textContent()
    expect(body).toContain('Testemunha')
    expect(body).toContain('signature_types')

    // The named shapes are listed once, under Schemas (components), and the example of an answer
    // that refers to one is still drawn in full.
    const models = await page.locator('section.models .json-schema-2020-12__title').allTextContents()
    expect(models).toEqual(expect.arrayContaining(['Problem', 'ProposalDetail', 'CreateProposal', 'RegistrationData']))
    const detail = page.locator('#operations-Proposals-getProposal')
    await detail.locator('.opblock-summary').click()
    const example = await detail.locator('.responses-wrapper .microlight').first().textContent()
    expect(example).toContain('"url_to_sign"')
    expect(example).toContain('"trade_name"')
  }, 60_000)
})
