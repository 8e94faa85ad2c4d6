// Forms that carry a file, submitted by Chromium as a user would: the account's logo on
// Configurações → Conta (shown back under the page's Content-Security-Policy), and a paper
// document's scan chosen in its "Registrar assinatura em papel" form.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { chromiumAvailable, suiteBrowserHarness } from '../support/browser.js'
import { CHROMIUM_JPEG } from '../support/jpeg.js'
import { buildPng } from '../support/png.js'
import { signedInPage } from '../support/web-login.js'
import { makeDraft, post } from '../lifecycle/lifecycle-fixtures.js'

describe.skipIf(!chromiumAvailable('file-uploads-browser'))('File uploads in Chromium', () => {
  const harnessOf = suiteBrowserHarness()

  it('an admin uploads a logo, sees it drawn on the page, then removes it', async () => {
    const harness = harnessOf()
    const { page, env, account, pageErrors } = await signedInPage(harness)
    await page.goto(`${harness.baseUrl}/settings/account`)
    await page.getByLabel(t.accountSettings.logoFile).setInputFiles({ name: 'logo.jpg', mimeType: 'image/jpeg', buffer: CHROMIUM_JPEG })
    await page.getByRole('button', { name: t.accountSettings.logoUpload }).click()
    await page.waitForURL(`${harness.baseUrl}/settings/account`)
    await expect.poll(() => page.locator('.alert').first().textContent()).toContain(t.accountSettings.logoSaved)
    // Decoded by the browser: the image loaded (same origin, allowed by the page's img-src).
    const size = await page.locator('.logo-preview img').evaluate((image: HTMLImageElement) => (image.complete ? [image.naturalWidth, image.naturalHeight] : null))
    expect(size).toEqual([12, 6])
    const stored = await env.db.selectFrom('account_logos').select(['content_type', 'width']).where('account_id', '=', account.id).executeTakeFirstOrThrow()
    expect(stored).toEqual({ content_type: 'image/jpeg', width: 12 })

    await page.getByRole('button', { name: t.accountSettings.logoRemove }).click()
    await page.waitForURL(`${harness.baseUrl}/settings/account`)
    await expect.poll(() => page.locator('.alert').first().textContent()).toContain(t.accountSettings.logoRemoved)
    expect(await page.locator('.logo-preview').count()).toBe(0)
    expect(pageErrors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('a member marks a paper document signed with its scan attached, and downloads it back', async () => {
    const harness = harnessOf()
    const { page, env, account, pageErrors } = await signedInPage(harness, { role: 'member' })
    const paper = await makeDraft(env, account, 'paper')
    await post(env, account, `${paper.id}/send`, {})
    await page.goto(`${harness.baseUrl}/proposals/${paper.id}/edit`)
    const png = buildPng({ width: 30, height: 40 })
    // Declared as the browser guesses it from the name; the server reads the bytes.
    await page.getByLabel(t.proposalActions.scan).setInputFiles({ name: 'assinado.png', mimeType: 'image/png', buffer: png })
    await page.getByRole('button', { name: t.proposalActions.markSigned }).click()
    await page.waitForURL(`${harness.baseUrl}/proposals/${paper.id}/edit`)
    await expect.poll(() => page.locator('.alert').first().textContent()).toContain(t.proposalActions.markedSigned(paper.number))
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: t.proposals.downloadScan }).click()
    const file = await download
    const saved = await file.createReadStream()
    const chunks: Buffer[] = []
    for await (const chunk of saved) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).equals(png)).toBe(true)
    expect(pageErrors).toEqual([])
    await page.context().close()
  }, 60_000)
})
