// The top bar in Chromium: one row on a 1280 px screen whatever the account's name (a long one is
// cut with an ellipsis, its whole text in the title), with "Minha conta" and "Sair" beside the
// navigation; and no wider than a 390 px phone.
import { describe, expect, it } from 'vitest'
import { chromiumAvailable, suiteBrowserHarness } from '../support/browser.js'
import { signedInPage } from '../support/web-login.js'

const LONG_NAME = 'Comercial Aurora Distribuidora de Alimentos e Bebidas do Vale do Paraíba Ltda'

describe.skipIf(!chromiumAvailable('top-bar-browser'))('The top bar in Chromium', () => {
  const harnessOf = suiteBrowserHarness()

  /** The vertical middle of each part of the bar. */
  async function middles(page: import('playwright-core').Page) {
    return page.evaluate(() => {
      const middle = (selector: string) => {
        const box = document.querySelector(selector)!.getBoundingClientRect()
        return Math.round(box.top + box.height / 2)
      }
      return { brand: middle('.brand'), nav: middle('.main-nav'), user: middle('.user-menu') }
    })
  }

  it('stays one row at 1280 px with a long account name, for an admin and for a member', async () => {
    const harness = harnessOf()
    for (const role of ['admin', 'member'] as const) {
      const { page, env, account, pageErrors } = await signedInPage(harness, { role })
      await env.db.updateTable('accounts').set({ name: LONG_NAME }).where('id', '=', account.id).execute()
      await page.goto(`${harness.baseUrl}/dashboard`)
      const bar = await middles(page)
      expect(Math.abs(bar.user - bar.brand), `${role}: ${JSON.stringify(bar)}`).toBeLessThanOrEqual(4)
      expect(Math.abs(bar.nav - bar.brand), `${role}: ${JSON.stringify(bar)}`).toBeLessThanOrEqual(4)
      expect(await page.locator('.user-menu .account-name').getAttribute('title')).toBe(LONG_NAME)
      expect(await page.locator('.user-menu a[href="/account/password"]').isVisible()).toBe(true)
      await page.setViewportSize({ width: 390, height: 844 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0)
      expect(pageErrors).toEqual([])
      await page.context().close()
    }
  }, 60_000)
})
