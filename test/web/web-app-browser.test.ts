// The web app in Chromium: sign-up → dashboard → logout → login → dashboard, with the stylesheet
// applied under the real Content-Security-Policy. Screenshots go to test-results/ (git-ignored).
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness } from '../support/browser.js'

const RESULTS = path.resolve('test-results')

describe.skipIf(!chromiumAvailable('web-app-browser'))('Web app in Chromium', () => {
  let harness: BrowserHarness
  let browser: BrowserHarness['browser']
  let baseUrl: string

  beforeAll(async () => {
    harness = await startBrowserHarness()
    ;({ browser, baseUrl } = harness)
    fs.mkdirSync(RESULTS, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await harness?.close()
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
