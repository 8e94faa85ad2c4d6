// Cross-site scripting through every user-controlled field, in Chromium. One account's every text
// (account, user, customer, product, payment method, signer role, token name, template, document
// title/notes/custom field/item description, signer name, API request bodies in the request log,
// webhook description and the receiver's answer) is a payload that sets `window.__xss` if it ever
// runs; then every GET page of the web app (walked from the route table, IDs filled with these
// records) is opened, plus the template editor's preview and a login with a `javascript:` next.
// On each: no dialog, `window.__xss` undefined in every frame, no CSP violation outside the
// sandboxed document frames, the raw HTML holds the payload only escaped, and Liquid syntax in
// data is printed, never evaluated. The template's own markup (raw HTML by design, written by an
// admin) carries `window.__xss_tpl`: it may reach only the sandboxed document frame, and must not
// run even there.
import type { Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness } from '../support/browser.js'
import { ESCAPED, seedXssAccount, UNESCAPED, type XssSeed } from './support/web-xss-seed.js'
import { fillWebPath } from './support/web-own-records.js'

/** Routes that answer a file, not a page. */
const NOT_PAGES = [/^\/assets\//, /\/pdf$/, /\/scan$/, /\/attachments\/:attachmentId$/, /\.css$/, /\.csv$/, /^\/settings\/account\/logo$/]
/** The standalone rendered document: the template's markup is sent as-is, under a sandbox CSP. */
const DOCUMENT_FRAMES = [/^\/proposals\/:id\/preview\/document$/, /^\/sign\/:token\/document$/]
/** Pages that must show the payload (escaped): proves the walk looked where the data is. */
const MUST_SHOW_PAYLOAD = [
  '/dashboard', '/customers', '/customers/:id/edit', '/proposals', '/proposals/:id/edit', '/proposals/:id/preview', '/registration-data/products',
  '/registration-data/products/:id/edit', '/registration-data/payment-methods', '/registration-data/payment-methods/:id/edit', '/registration-data/signer-roles',
  '/registration-data/signer-roles/:id/edit', '/registration-data/users', '/registration-data/users/:id/edit', '/registration-data/templates',
  '/registration-data/templates/:id/edit', '/registration-data/templates/:id/versions', '/registration-data/templates/:id/versions/:version', '/settings/integrations', '/settings/integrations/requests/:id', '/settings/webhooks', '/settings/webhooks/:id',
  '/settings/webhooks/:id/deliveries/:deliveryId', '/settings/emails', '/settings/emails/:id', '/sign/:token',
  '/proposals/:id/preview/document', '/sign/:token/document', '/account/password',
]

interface PageFindings {
  dialogs: string[]
  cspViolations: string[]
  pageErrors: string[]
}

function watch(page: Page): PageFindings {
  const findings: PageFindings = { dialogs: [], cspViolations: [], pageErrors: [] }
  page.on('dialog', async (dialog) => {
    findings.dialogs.push(dialog.message())
    await dialog.dismiss()
  })
  page.on('console', (message) => {
    if (!/Content Security Policy|Content-Security-Policy/i.test(message.text())) return
    const source = message.location().url
    // The sandboxed document frames refuse the template's own <script>/<img src=x>: that is the sandbox working.
    if (source === 'about:srcdoc' || /\/(preview\/)?document$/.test(new URL(source, 'http://x').pathname)) return
    findings.cspViolations.push(`${source}: ${message.text()}`)
  })
  page.on('pageerror', (error) => findings.pageErrors.push(error.message))
  return findings
}

/** `window.__xss` and `window.__xss_tpl` in every frame; a frame that refuses evaluation runs no script at all. */
async function markersIn(page: Page): Promise<string[]> {
  const set: string[] = []
  const check = async (frame: Frame) => {
    try {
      const value = await frame.evaluate(() => [(window as { __xss?: unknown }).__xss, (window as { __xss_tpl?: unknown }).__xss_tpl])
      if (value[0] !== undefined || value[1] !== undefined) set.push(`${frame.url()}: ${JSON.stringify(value)}`)
    } catch {
      // A sandboxed frame without allow-scripts: nothing can have run in it.
    }
  }
  for (const frame of page.frames()) await check(frame)
  return set
}

describe.skipIf(!chromiumAvailable('xss-browser'))('XSS through every user-controlled field, in Chromium', () => {
  let harness: BrowserHarness
  let seed: XssSeed

  beforeAll(async () => {
    harness = await startBrowserHarness(async () => undefined, { JOB_POLL_MS: '0', WEBHOOK_ALLOW_PRIVATE_URLS: 'on' })
    seed = await seedXssAccount(harness.app, harness.database.db)
  }, 60_000)

  afterAll(async () => {
    await seed?.close()
    await harness?.close()
  })

  it('runs no payload on any page, shows it only escaped, and never evaluates Liquid in data', async () => {
    const { browser, baseUrl, app } = harness
    const context = await browser.newContext()
    const page = await context.newPage()
    const findings = watch(page)

    // A `javascript:` return address on the login page is dropped, not followed.
    await page.goto(`${baseUrl}/login?next=${encodeURIComponent('javascript:window.__xss=1')}`)
    await page.getByLabel('E-mail').fill(seed.email)
    await page.getByLabel('Senha').fill(seed.password)
    await page.getByRole('button', { name: 'Entrar' }).click()
    await page.waitForURL(`${baseUrl}/dashboard`)
    expect(await markersIn(page)).toEqual([])
    // Two-step verification on from here (the sign-in above took the password alone), so Minha
    // conta lists the seed's security key, named with the payload.
    const userId = Number(seed.records.user)
    const seller = await harness.database.db.selectFrom('users').select('account_id').where('id', '=', userId).executeTakeFirstOrThrow()
    await harness.database.db
      .insertInto('user_authenticators')
      .values({ user_id: userId, account_id: seller.account_id, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', pending_secret: null, enabled_at: new Date().toISOString(), last_step: null, key_challenge: null, key_challenge_expires_at: null })
      .execute()

    const routes = [...new Set(app.routeTable.filter((route) => route.method === 'GET' && !route.url.startsWith('/api') && route.url !== '/healthz').map((route) => route.url))]
    const pages = routes.filter((url) => !NOT_PAGES.some((pattern) => pattern.test(url)))
    expect(pages.length).toBeGreaterThanOrEqual(35)
    const visits = [
      ...pages.map((route) => ({ route, url: fillWebPath(route, seed.records) })),
      { route: '/settings/integrations/requests/:id', url: `/settings/integrations/requests/${seed.refusedRequestLogId}` },
    ]
    const showing = new Set<string>()
    // Collected rather than thrown at the first one, so a leak shows both in the HTML and in the browser's verdict.
    const problems: string[] = []
    for (const { route, url } of visits) {
      const response = await page.goto(`${baseUrl}${url}`)
      expect(response, url).not.toBeNull()
      expect(response!.status(), url).toBeLessThan(400)
      await page.waitForLoadState('load')
      const html = await response!.text()
      if (UNESCAPED.test(html)) problems.push(`${url}: unescaped payload in the HTML`)
      if (!DOCUMENT_FRAMES.some((pattern) => pattern.test(route))) {
        if (html.includes('<script>window.__xss_tpl')) problems.push(`${url}: the template's markup outside its sandboxed frame`)
      } else {
        expect(response!.headers()['content-security-policy'], url).toMatch(/default-src 'none'.*sandbox/)
        // Liquid inside data prints as written: 7 × 7 never became 49.
        expect(html, url).toContain('{{ 7 | times: 7 }}{% if true %}liq{% endif %}')
      }
      if (ESCAPED.test(html)) showing.add(route)
      problems.push(...(await markersIn(page)))
    }

    // The document form builds new item and signer rows from a <template> through innerHTML (proposal-form.js):
    // rows whose selects list the payload product, payment method and role must stay inert too. (The seeded
    // document is sent, so its edit page is read-only: the new-document form is where rows are added.)
    await page.goto(`${baseUrl}/proposals/new`)
    const adders = page.locator('[data-add-row]')
    expect(await adders.count()).toBeGreaterThanOrEqual(2)
    for (let index = 0; index < (await adders.count()); index += 1) await adders.nth(index).click()
    expect(await page.locator('[data-row]').count()).toBeGreaterThanOrEqual(2)
    problems.push(...(await markersIn(page)))

    // The editor's preview of the template: its sandboxed srcdoc frame renders the payload account's sample document.
    await page.goto(`${baseUrl}/registration-data/templates/${seed.records.template}/edit`)
    const previewResponse = page.waitForResponse((response) => response.url().endsWith('/registration-data/templates/preview'))
    await page.getByRole('button', { name: 'Pré-visualizar' }).click()
    const previewHtml = await (await previewResponse).text()
    await page.waitForSelector('iframe.document-frame')
    // The srcdoc attribute holds the rendered document escaped once more: the account-name payload is there, twice escaped.
    expect(previewHtml).not.toMatch(UNESCAPED)
    expect(previewHtml).toMatch(/srcdoc="[^"]*&amp;lt;script(&amp;gt;|>)window\.__xss=1/)

    // Give late handlers (image errors) time to fire before the verdict.
    await page.waitForTimeout(200)
    problems.push(...(await markersIn(page)))
    expect({ problems, ...findings }).toEqual({ problems: [], dialogs: [], cspViolations: [], pageErrors: [] })
    expect([...MUST_SHOW_PAYLOAD].filter((route) => !showing.has(route))).toEqual([])
    console.info(`[xss-browser] ${visits.length + 3} page loads (${pages.length} GET routes), payload shown escaped on ${showing.size}; dialogs ${findings.dialogs.length}, CSP violations ${findings.cspViolations.length}, window.__xss set 0`)
    await context.close()
  }, 120_000)

  it('runs Swagger UI under its strict policy (script-src \'self\') without a CSP violation', async () => {
    const page = await harness.browser.newPage()
    const findings = watch(page)
    const response = await page.goto(`${harness.baseUrl}/api-docs/`)
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self';")
    await page.waitForSelector('.opblock', { timeout: 20_000 })
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(10)
    expect(findings).toEqual({ dialogs: [], cspViolations: [], pageErrors: [] })
    await page.close()
  }, 60_000)
})
