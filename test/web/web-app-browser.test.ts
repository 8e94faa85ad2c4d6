// The web app in Chromium: sign-up → dashboard → logout → login → dashboard, with the stylesheet
// applied under the real Content-Security-Policy. Screenshots go to test-results/ (git-ignored).
import { chromium, type Browser } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js'
import { migrateToLatest } from '../../src/platform/migrations/index.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = fs.existsSync(CHROMIUM)
if (!hasChromium && process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt`)
if (!hasChromium) console.warn(`[web-app-browser] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)

const RESULTS = path.resolve('test-results')

describe.skipIf(!hasChromium)('Web app in Chromium', () => {
  let app: FastifyInstance
  let database: DatabaseHandle
  let browser: Browser
  let baseUrl: string
  const file = path.join(os.tmpdir(), `vendoc-web-${process.pid}-${Date.now()}.sqlite`)

  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent', PORT: '0' })
    database = connectDatabase(config.database)
    await migrateToLatest(database.db, database.dialect)
    app = await buildApp({ config, database })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    fs.mkdirSync(RESULTS, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await database?.close()
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
  })

  it('signs up, logs out, logs in and shows the dashboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      // A 422 of a form with errors is logged as a failed resource; anything else (a CSP refusal, a script error) is a defect.
      if (message.type() === 'error' && !message.text().includes('status of 422')) problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))

    await page.goto(`${baseUrl}/`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.getByRole('link', { name: 'Crie uma agora' }).click()
    await page.getByLabel('Nome da empresa').fill('Comercial Aurora Ltda')
    await page.getByLabel('Seu nome').fill('Marina Costa')
    await page.getByLabel('E-mail').fill('marina@aurora.test')
    await page.getByLabel('Senha').fill('curta')
    await page.getByRole('button', { name: 'Criar conta' }).click()
    // The server's validation answers next to the field and keeps the other input.
    await expect.poll(() => page.locator('#field-password-error').textContent()).toContain('pelo menos 8 caracteres')
    expect(await page.getByLabel('Nome da empresa').inputValue()).toBe('Comercial Aurora Ltda')
    await page.screenshot({ path: path.join(RESULTS, 'web-signup-errors.png'), fullPage: true })
    await page.getByLabel('Senha').fill('senha-forte-123')
    await page.getByRole('button', { name: 'Criar conta' }).click()
    await page.waitForURL(`${baseUrl}/dashboard`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Painel')
    expect(await page.locator('main').textContent()).toContain('Comercial Aurora Ltda')

    await page.getByRole('button', { name: 'Sair' }).click()
    await page.waitForURL(/\/login\?logged_out$/)
    await page.screenshot({ path: path.join(RESULTS, 'web-login.png'), fullPage: true })
    await page.getByLabel('E-mail').fill('marina@aurora.test')
    await page.getByLabel('Senha').fill('senha-forte-123')
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.waitForURL(`${baseUrl}/dashboard`)

    // The stylesheet loaded under the CSP: the page has its grey background.
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    expect(background).toBe('rgb(246, 247, 251)')
    const navigation = page.getByRole('navigation', { name: 'Navegação principal' })
    expect(await navigation.getByRole('link', { name: 'Painel' }).getAttribute('aria-current')).toBe('page')
    await page.screenshot({ path: path.join(RESULTS, 'web-dashboard.png'), fullPage: true })

    // Keyboard: Tab reaches the skip link first, and it is visible when focused.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pular para o conteúdo')

    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: path.join(RESULTS, 'web-dashboard-phone.png'), fullPage: true })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)

    expect(problems).toEqual([])
    await context.close()
  }, 60_000)
})
