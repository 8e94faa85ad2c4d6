// The template editor's script in Chromium (template-editor.js): a listed variable goes into the
// body at the cursor, by a click or by Enter; a review notice's line selects the variable it names;
// "Corrigir" puts the name it meant in its place, on that line only; the corrected body saves and
// its review is what is left; all under the page's strict policy, with no error in the console.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { findTemplate } from '../../src/modules/catalog/template-admin.js'
import { chromiumAvailable, suiteBrowserHarness, watchProblems } from '../support/browser.js'
import { signedInPage } from '../support/web-login.js'

describe.skipIf(!chromiumAvailable('template-editor-browser'))('The template editor, in Chromium', () => {
  const harness = suiteBrowserHarness()

  it('inserts a listed variable at the cursor, goes to a notice and corrects it', async () => {
    const { page, env, account } = await signedInPage(harness())
    const problems: string[] = []
    watchProblems(page, problems)
    // The same wrong name on two lines, the second also in a longer right one: only the notice's line changes.
    const body = '<h1>{{ title }}</h1>\n<p>{{ customer.nmae }} — {{ customer.name }}</p>\n<p>{{ customer.nmae }}</p>'
    await env.db.updateTable('templates').set({ body }).where('id', '=', account.template.id).execute()
    const edit = `${harness().baseUrl}/registration-data/templates/${account.template.id}/edit`
    await page.goto(edit)

    const field = page.locator('#field-body')
    const notices = page.locator('[data-notice-line]')
    expect(await notices.count()).toBe(2)
    // "Linha 3:" selects the variable on line 3.
    await notices.nth(1).locator('[data-notice-goto]').click()
    const selection = () => field.evaluate((area: HTMLTextAreaElement) => [area.selectionStart, area.selectionEnd, area.value.slice(area.selectionStart, area.selectionEnd)])
    const third = body.lastIndexOf('customer.nmae')
    expect(await selection()).toEqual([third, third + 'customer.nmae'.length, 'customer.nmae'])

    // "Corrigir" on line 2's notice changes line 2 alone.
    await notices.nth(0).getByRole('button', { name: t.templates.review.fix }).click()
    expect(await field.inputValue()).toBe('<h1>{{ title }}</h1>\n<p>{{ customer.name }} — {{ customer.name }}</p>\n<p>{{ customer.nmae }}</p>')
    expect(await notices.nth(0).getAttribute('data-fixed')).toBe('')
    await notices.nth(1).getByRole('button', { name: t.templates.review.fix }).click()
    expect(await field.inputValue()).not.toContain('nmae')

    // A listed variable at the cursor: after "<h1>", by a click, then by Enter on the focused name.
    await field.evaluate((area: HTMLTextAreaElement) => area.setSelectionRange(4, 4))
    await page.locator('[data-insert="{{ number }}"]').click()
    expect((await field.inputValue()).startsWith('<h1>{{ number }}{{ title }}</h1>')).toBe(true)
    await page.locator('[data-insert="{{ item.name }}"]').focus()
    await page.keyboard.press('Enter')
    expect((await field.inputValue()).startsWith('<h1>{{ number }}{{ item.name }}{{ title }}</h1>')).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-body')

    // Saved: the editor again, its review down to the loop's variable inserted outside the loop.
    await page.getByRole('button', { name: t.common.save }).click()
    await page.waitForURL(/\/edit$/)
    expect(await page.locator('[data-notice-line]').count()).toBe(1)
    expect(await page.locator('[data-notice-line]').getAttribute('data-notice-variable')).toBe('item')
    expect((await findTemplate(env.db, account.id, account.template.id))!.body).toContain('{{ customer.name }} — {{ customer.name }}')
    expect(problems).toEqual([])
  })
})
