// Discount approval in Chromium, as two people use it: the member's draft past the account's limit
// is refused when sent, the member asks, the admin finds it on the Painel, opens it and approves
// (the form carrying the figures the page showed), and the member sends it; no script error.
import { describe, expect, it } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { makeDraft } from '../lifecycle/lifecycle-fixtures.js'
import { chromiumAvailable, suiteBrowserHarness, watchProblems } from '../support/browser.js'
import { signedInPage } from '../support/web-login.js'

const d = t.proposalActions.discount

describe.skipIf(!chromiumAvailable('discount-approval-browser'))('Discount approval, in Chromium', () => {
  const harness = suiteBrowserHarness()

  it('goes from a refused send to a request, an approval on the Painel and a send', async () => {
    const member = await signedInPage(harness(), { role: 'member' })
    const admin = await signedInPage(harness(), { account: member.account, role: 'admin' })
    const problems: string[] = []
    watchProblems(member.page, problems)
    watchProblems(admin.page, problems)
    const { env, account } = member
    await env.db.updateTable('accounts').set({ discount_approval_above_bp: 1000 }).where('id', '=', account.id).execute()
    const draft = await makeDraft(env, account, 'paper', { items: [{ product_id: account.products.main.id, quantity: 2, discount_cents: 60_000 }] })
    const base = harness().baseUrl

    // The member tries to send: refused with the figures, still a draft.
    await member.page.goto(`${base}/proposals/${draft.id}/edit`)
    await member.page.getByRole('button', { name: t.proposalActions.send }).click()
    await member.page.waitForURL(`**/proposals/${draft.id}/edit`)
    expect(await member.page.textContent('body')).toContain(d.required('20%', '10%'))
    await member.page.getByRole('button', { name: d.request }).click()
    await member.page.waitForURL(`**/proposals/${draft.id}/edit`)
    expect(await member.page.textContent('body')).toContain(d.requestedNow(1))

    // The admin's Painel lists it; the link opens the draft, where the admin approves.
    await admin.page.goto(`${base}/dashboard`)
    const card = admin.page.locator('[data-discount-requests]')
    await expect.poll(() => card.count()).toBe(1)
    await card.getByRole('link', { name: `#${draft.number}` }).click()
    await admin.page.waitForURL(`**/proposals/${draft.id}/edit`)
    await admin.page.getByRole('button', { name: d.approve }).click()
    await admin.page.waitForURL(`**/proposals/${draft.id}/edit`)
    expect(await admin.page.textContent('body')).toContain(d.approvedNow('20%'))
    await admin.page.goto(`${base}/dashboard`)
    expect(await admin.page.locator('[data-discount-requests]').count()).toBe(0)

    // The member's page says who approved, and the send goes.
    await member.page.reload()
    expect(await member.page.locator('[data-discount-approval="approved"]').textContent()).toContain(`aprovado por ${admin.user.name}`)
    await member.page.getByRole('button', { name: t.proposalActions.send }).click()
    await member.page.waitForURL(`**/proposals/${draft.id}/edit`)
    expect(await member.page.textContent('body')).toContain(t.proposalActions.sent(draft.number))
    expect((await env.db.selectFrom('proposals').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status).toBe('sent')
    expect(problems).toEqual([])
    expect([...member.pageErrors, ...admin.pageErrors]).toEqual([])
  })
})
