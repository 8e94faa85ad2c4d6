// The new user form in Chromium, where e-mail can be sent: ticking "Enviar convite" hides the
// initial password (the person will choose theirs), unticking shows it again, and the form
// submitted with the invitation creates the user and says the invitation went.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { chromiumAvailable, suiteBrowserHarness } from '../support/browser.js'
import { closedPort } from '../notifications/smtp-receiver.js'
import { uniqueSuffix } from '../support/factories.js'
import { signedInPage } from '../support/web-login.js'

const u = t.registrationData.users

describe.skipIf(!chromiumAvailable('user-form-browser'))('The new user form in Chromium', async () => {
  // Messages are only queued here: the test reads the outbox, and nothing listens on the port.
  const harnessOf = suiteBrowserHarness({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, JOB_POLL_MS: '0' })

  it('hides the initial password while the invitation is ticked, and creates the invited user', async () => {
    const harness = harnessOf()
    const { page, env, account, pageErrors } = await signedInPage(harness)
    await page.goto(`${harness.baseUrl}/registration-data/users/new`)
    const invite = page.getByLabel(u.invite)
    const password = page.getByLabel(u.password)
    expect(await invite.isChecked()).toBe(true)
    expect(await password.isVisible()).toBe(false)
    await invite.uncheck()
    expect(await password.isVisible()).toBe(true)
    await invite.check()
    expect(await password.isVisible()).toBe(false)

    const email = `convite.${uniqueSuffix()}@cliente.test`
    await page.getByLabel(u.name).fill('Pessoa Convidada')
    await page.getByLabel(u.email, { exact: true }).fill(email)
    await page.getByRole('button', { name: t.common.save }).click()
    await page.waitForURL(`${harness.baseUrl}/registration-data/users`)
    await expect.poll(() => page.locator('.alert').first().textContent()).toContain(u.invited(email))
    const mail = await env.db.selectFrom('outbox_emails').select(['kind', 'account_id']).where('to_address', '=', email).executeTakeFirstOrThrow()
    expect(mail).toEqual({ kind: 'user_invitation', account_id: account.id })
    expect(pageErrors).toEqual([])
    await page.context().close()
  }, 60_000)
})
