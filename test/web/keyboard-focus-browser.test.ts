// Keyboard focus in Chromium. The document form's "Remover": removing a row must not drop focus to
// <body> (WCAG 2.4.3); it goes to the next row's first control, else the previous row's, else the
// group's "Adicionar" button. And the focus ring is an outline, seen in forced-colours mode too (2.4.7).
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserHarness, chromiumAvailable, startBrowserHarness } from '../support/browser.js'
import { signedInPage } from '../support/web-login.js'

describe.skipIf(!chromiumAvailable('keyboard-focus-browser'))('Keyboard focus in Chromium', () => {
  let harness: BrowserHarness
  let page: Page
  let problems: string[]

  beforeAll(async () => {
    harness = await startBrowserHarness()
    // A user of an account with a whole catalogue, its session handed over to the browser.
    ;({ page, pageErrors: problems } = await signedInPage(harness))
  }, 60_000)

  afterAll(async () => {
    await harness?.close()
  })

  /** Keyboard-focuses the "Remover" of the `index`-th row of `group` and presses Enter. */
  async function removeRowByKeyboard(group: string, index: number) {
    await page.locator(`[data-rows="${group}"] > [data-row]`).nth(index).locator('[data-remove-row]').focus()
    await page.keyboard.press('Enter')
  }

  /** The focused element: its tag and name, a button's text, or just its tag (BODY when focus was lost). */
  async function focused(): Promise<string> {
    return page.evaluate(() => {
      const element = document.activeElement
      if (!element) return 'none'
      const name = element.getAttribute('name')
      if (name) return `${element.tagName}[${name}]`
      return element.tagName === 'BUTTON' ? `BUTTON:${element.textContent?.trim() ?? ''}` : element.tagName
    })
  }

  /** The focused element's outline as Chromium draws it ("solid 2px"). */
  async function focusRing(): Promise<string> {
    return page.evaluate(() => {
      const style = getComputedStyle(document.activeElement ?? document.body)
      return `${style.outlineStyle} ${style.outlineWidth}`
    })
  }

  async function rowCount(group: string): Promise<number> {
    return page.locator(`[data-rows="${group}"] > [data-row]`).count()
  }

  it('moves focus to the next row, then the previous row, then "Adicionar item" as item rows are removed', async () => {
    await page.goto(`${harness.baseUrl}/proposals/new`)
    expect(await rowCount('items')).toBe(3)

    // The middle row: the next row (index 2) takes focus.
    await removeRowByKeyboard('items', 1)
    expect(await rowCount('items')).toBe(2)
    expect(await focused()).toBe('SELECT[items[2][product_id]]')
    expect(await focusRing()).toBe('solid 2px')

    // The last row: the previous one takes focus.
    await removeRowByKeyboard('items', 1)
    expect(await rowCount('items')).toBe(1)
    expect(await focused()).toBe('SELECT[items[0][product_id]]')

    // The only row: the group's "Adicionar item".
    await removeRowByKeyboard('items', 0)
    expect(await rowCount('items')).toBe(0)
    expect(await focused()).toBe('BUTTON:Adicionar item')

    // And a row added back is removed the same way.
    await page.keyboard.press('Enter')
    expect(await rowCount('items')).toBe(1)
    await removeRowByKeyboard('items', 0)
    expect(await focused()).toBe('BUTTON:Adicionar item')
  }, 30_000)

  it('does the same for signer rows', async () => {
    await page.goto(`${harness.baseUrl}/proposals/new`)
    expect(await rowCount('signers')).toBe(2)

    await removeRowByKeyboard('signers', 0)
    expect(await focused()).toBe('INPUT[signers[1][name]]')

    await removeRowByKeyboard('signers', 0)
    expect(await rowCount('signers')).toBe(0)
    expect(await focused()).toBe('BUTTON:Adicionar signatário')

    // Two rows added back (each "Adicionar" moves focus into its new row), the last one removed.
    for (let added = 0; added < 2; added += 1) {
      await page.locator('[data-add-row="signers"]').focus()
      await page.keyboard.press('Enter')
    }
    expect(await rowCount('signers')).toBe(2)
    await removeRowByKeyboard('signers', 1)
    expect(await focused()).toBe('INPUT[signers[2][name]]')
  }, 30_000)

  it('draws the focus ring as an outline, which forced-colours mode keeps', async () => {
    await page.goto(`${harness.baseUrl}/proposals/new`)
    for (const forcedColors of ['none', 'active'] as const) {
      await page.emulateMedia({ forcedColors })
      await page.locator('#field-title').focus()
      await page.keyboard.press('Tab')
      expect(await focused(), forcedColors).toBe('SELECT[customer_id]')
      expect(await focusRing(), forcedColors).toBe('solid 2px')
    }
    await page.emulateMedia({ forcedColors: 'none' })
    expect(problems).toEqual([])
  }, 30_000)
})
