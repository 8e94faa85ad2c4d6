// Swagger UI at /api-docs/index.html works in a real browser: it lists the operations, accepts a
// bearer token through "Authorize", and "Try it out" calls the API and shows the answer.
import { chromium, type Browser } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createAccount } from '../../src/modules/accounts/accounts.js'
import { createSignerRole } from '../../src/modules/catalog/catalog-admin.js'
import { createApiToken } from '../../src/modules/integrations/api-tokens.js'
import { systemClock } from '../../src/platform/clock.js'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = fs.existsSync(CHROMIUM)
if (!hasChromium && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt`)
if (!hasChromium) console.warn(`[swagger-ui] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)

describe.skipIf(!hasChromium)('Swagger UI in Chromium', () => {
  let app: FastifyInstance
  let database: DatabaseHandle
  let browser: Browser
  let baseUrl: string
  let token: string
  const file = path.join(os.tmpdir(), `vendoc-swagger-${process.pid}-${Date.now()}.sqlite`)

  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent', PORT: '0' })
    database = connectDatabase(config.database)
    await migrateToLatest(database.db, database.dialect)
    const account = await createAccount(database.db, systemClock, { name: 'Swagger Ltda' })
    await createSignerRole(database.db, systemClock, account.id, { name: 'Testemunha' })
    token = (await createApiToken(database.db, systemClock, account.id)).token
    app = await buildApp({ config, database })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await database?.close()
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
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
  }, 60_000)
})
