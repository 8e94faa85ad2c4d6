// A webhook's page in Chromium: "Gerar novo segredo" and "Excluir webhook" submit nothing until
// their confirmation is opened, and at 390 px a long URL in the heading wraps instead of widening
// the page past the screen.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness } from '../support/browser.js'
import { type SignedInPage, signedInPage } from '../support/web-login.js'

const LONG_URL = `https://93.184.216.34/hooks/${'vendoc-integration-receiver'.repeat(4)}`

/** Creates, through the web form, a webhook of the user's account whose URL is LONG_URL; its page's path. */
async function webhookWithLongUrl({ agent, account, env }: SignedInPage): Promise<string> {
  const created = await agent.submit('/settings/webhooks/new', '/settings/webhooks', { url: LONG_URL, events: 'proposal.sent', description: '', active: '1' })
  expect(created.statusCode, created.body).toBe(200)
  const row = await env.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
  return `/settings/webhooks/${row.id}`
}

describe.skipIf(!chromiumAvailable('webhook-pages-browser'))('A webhook page in Chromium', () => {
  let harness: BrowserHarness
  let page: Page
  let endpointPath: string
  let problems: string[]

  beforeAll(async () => {
    harness = await startBrowserHarness()
    const admin = await signedInPage(harness, { role: 'admin' })
    ;({ page, pageErrors: problems } = admin)
    endpointPath = await webhookWithLongUrl(admin)
  }, 60_000)

  afterAll(async () => {
    await harness?.close()
  })

  it('shows the submit buttons of "Gerar novo segredo" and "Excluir webhook" only once their step is opened', async () => {
    await page.goto(`${harness.baseUrl}${endpointPath}`)
    for (const [opener, submit] of [
      ['Gerar novo segredo', 'Sim, gerar novo segredo'],
      ['Excluir webhook', 'Sim, excluir'],
    ] as const) {
      const button = page.getByRole('button', { name: submit, exact: true })
      expect(await button.isVisible(), submit).toBe(false)
      await page.getByText(opener, { exact: true }).click()
      expect(await button.isVisible(), submit).toBe(true)
    }
    // Confirmed, the endpoint is gone.
    await page.getByRole('button', { name: 'Sim, excluir', exact: true }).click()
    await page.waitForURL(`${harness.baseUrl}/settings/webhooks`)
    expect(await page.locator('body').textContent()).toContain('Webhook excluído.')
    expect(problems).toEqual([])
  })

  it('fits a long URL heading in a 390 px screen', async () => {
    const phone = await signedInPage(harness, { role: 'admin', viewport: { width: 390, height: 844 } })
    const small = phone.page
    const path = await webhookWithLongUrl(phone)
    await small.goto(`${harness.baseUrl}${path}`)
    expect(await small.locator('h1').textContent()).toBe(`Webhook ${LONG_URL}`)
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBe(0)
    await small.context().close()
  })
})
