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
    // A body starting with a blank line; the wrong name twice on line 3 beside the same word in its
    // HTML, and once more on line 4: "Corrigir" changes the variables of its own line, no HTML.
    const body = '\n<h1>{{ title }}</h1>\n<p class="cliente">cliente: {{ cliente.name }} / {{ cliente.name }}</p>\n<p>{{ cliente.name }}</p>'
    await env.db.updateTable('templates').set({ body }).where('id', '=', account.template.id).execute()
    const edit = `${harness().baseUrl}/registration-data/templates/${account.template.id}/edit`
    await page.goto(edit)

    const field = page.locator('#field-body')
    expect(await field.inputValue()).toBe(body)
    const notices = page.locator('[data-notice-line]')
    expect(await notices.count()).toBe(2)
    // "Linha 4:" selects the variable on line 4.
    await notices.nth(1).getByRole('button', { name: `${t.templates.review.goTo} 4` }).click()
    const selection = () => field.evaluate((area: HTMLTextAreaElement) => [area.selectionStart, area.selectionEnd, area.value.slice(area.selectionStart, area.selectionEnd)])
    const fourth = body.lastIndexOf('cliente')
    expect(await selection()).toEqual([fourth, fourth + 'cliente'.length, 'cliente'])

    // "Corrigir" on line 3's notice: both variables there, not the class nor the text, nor line 4.
    await notices.nth(0).getByRole('button', { name: t.templates.review.fix }).click()
    const fixed = '\n<h1>{{ title }}</h1>\n<p class="cliente">cliente: {{ customer.name }} / {{ customer.name }}</p>\n<p>{{ cliente.name }}</p>'
    expect(await field.inputValue()).toBe(fixed)
    expect(await notices.nth(0).getAttribute('data-fixed')).toBe('')
    expect(await notices.nth(0).getByRole('status').textContent()).toContain(t.templates.review.fixed)
    // Typed like any edit: Ctrl+Z takes it back, and again puts it back.
    await page.keyboard.press('Control+Z')
    await page.keyboard.press('Control+Z')
    expect(await field.inputValue()).toBe(body)
    await page.keyboard.press('Control+Shift+Z')
    await page.keyboard.press('Control+Shift+Z')
    expect(await field.inputValue()).toBe(fixed)
    // Line 4 changed by hand first: its "Corrigir" finds nothing there and says so.
    await field.evaluate((area: HTMLTextAreaElement) => { area.value = area.value.replace('<p>{{ cliente.name }}</p>', '<p>{{ customer.name }}</p>') })
    await notices.nth(1).getByRole('button', { name: t.templates.review.fix }).click()
    expect(await notices.nth(1).getByRole('status').textContent()).toContain(t.templates.review.notFound)
    expect(await field.inputValue()).not.toContain('{{ cliente')

    // A listed variable at the cursor: after "<h1>", by a click, then by Enter on the focused name.
    await field.evaluate((area: HTMLTextAreaElement) => area.setSelectionRange(5, 5))
    await page.locator('[data-insert="{{ number }}"]').click()
    expect((await field.inputValue()).startsWith('\n<h1>{{ number }}{{ title }}</h1>')).toBe(true)
    await page.locator('[data-insert="{{ item.name }}"]').focus()
    await page.keyboard.press('Enter')
    expect((await field.inputValue()).startsWith('\n<h1>{{ number }}{{ item.name }}{{ title }}</h1>')).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-body')

    // Enter in the preview's document number previews (nothing saved), as its label says.
    await page.locator('#field-preview_number').fill('')
    await page.locator('#field-preview_number').press('Enter')
    await page.waitForSelector('iframe.document-frame')
    expect((await findTemplate(env.db, account.id, account.template.id))!.body).toBe(body)

    // Saved: the editor again, its review down to the loop's variable inserted outside the loop.
    await page.getByRole('button', { name: t.common.save }).click()
    await page.waitForURL(/\/edit$/)
    expect(await page.locator('[data-notice-line]').count()).toBe(1)
    expect(await page.locator('[data-notice-line]').getAttribute('data-notice-variable')).toBe('item')
    expect((await findTemplate(env.db, account.id, account.template.id))!.body).toContain('cliente: {{ customer.name }} / {{ customer.name }}')
    expect(problems).toEqual([])
  })
})
