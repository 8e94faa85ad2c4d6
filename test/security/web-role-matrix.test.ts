// The web role matrix (OWASP API5, function-level authorisation), walked from the app's route
// table: a member (non-admin) session on every admin-only page, GET and POST, with the ids of real
// records of the member's own account, gets the 403 page and changes nothing; an admin of the same
// account reaches the same pages (so the 403 is the role, not a missing record). A page the
// classification in support/access-web-roles.ts does not know fails the test.
import { expect, it } from 'vitest'
import { accountSnapshot } from '../support/account-snapshot.js'
import { describeEachDialect } from '../support/dialects.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { makeAccessRecords } from './support/access-records.js'
import { audienceOf, fillIds, isWebPage, type WebRecordKind } from './support/access-web-roles.js'

describeEachDialect('web pages: a member is refused every admin page', (env) => {
  it('answers 403 to a member on every admin-only page, GET and POST, changing nothing', async () => {
    const records = await makeAccessRecords(env, 'ROLEMARK')
    const account = records.account
    const member = await signedInUser(env, { account, role: 'member' })
    const admin = await signedInUser(env, { account })
    const email = await env.db.selectFrom('outbox_emails').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
    const ids: Record<WebRecordKind, number> = {
      product: account.products.main.id,
      paymentMethod: account.paymentMethods.card.id,
      signerRole: account.roles.party.id,
      template: account.template.id,
      templateVersion: 1,
      user: admin.user.id,
      apiToken: account.token.id,
      requestLog: records.requestLog,
      webhook: records.webhook,
      outboxEmail: email.id,
      webhookDelivery: records.delivery,
    }
    const csrf = csrfTokenIn((await member.agent.get('/dashboard')).body)
    const forbidden = await member.agent.get('/settings/integrations')
    expect(forbidden.statusCode).toBe(403)

    const seen = new Set<string>()
    const adminRoutes: Array<{ method: string; url: string }> = []
    for (const route of env.app.routeTable) {
      if ((route.method !== 'GET' && route.method !== 'POST') || !isWebPage(route.url) || seen.has(`${route.method} ${route.url}`)) continue
      seen.add(`${route.method} ${route.url}`)
      const audience = audienceOf(route.method, route.url)
      expect(audience, `${route.method} ${route.url} is not classified: add it to PUBLIC, ADMIN_ONLY or SIGNED_IN in test/security/support/access-web-roles.ts`).toBeDefined()
      if (audience !== 'admin') continue
      const url = fillIds(route.url, ids)
      expect(url, `${route.method} ${route.url} has a parameter of an unknown kind: add it to test/support/web-record-kinds.ts (and to the ids here)`).toBeDefined()
      adminRoutes.push({ method: route.method, url: url! })
    }
    // Settings (integrations, tokens, request log, webhooks, e-mails), users, and the registration data forms and writes.
    expect(adminRoutes.length).toBeGreaterThanOrEqual(39)

    const before = await accountSnapshot(env.db, account.id)
    for (const { method, url } of adminRoutes) {
      const fields = { _csrf: csrf, name: 'Tomado', email: 'tomada@a.test', role: 'admin', code: 'TOMADO', price: '1,00', unit: 'un', kind: 'pix', max_installments: '1', body: 'x', url: 'https://example.com/x', events: 'proposal.sent', active: '1' }
      const response = method === 'GET' ? await member.agent.get(url) : await member.agent.post(url, fields)
      expect(response.statusCode, `member ${method} ${url}`).toBe(403)
      expect(response.body, `member ${method} ${url}`).toBe(forbidden.body.replace(csrfTokenIn(forbidden.body), csrfTokenIn(response.body)))
    }
    const after = await accountSnapshot(env.db, account.id)
    for (const table of Object.keys(before)) expect(after[table], `the member changed ${table}`).toEqual(before[table])

    // Control: the admin of the same account opens every one of those GET pages.
    const adminGets = adminRoutes.filter((route) => route.method === 'GET')
    for (const { url } of adminGets) expect((await admin.agent.get(url)).statusCode, `admin GET ${url}`).toBe(200)
    console.info(`web role matrix [${env.dialect}]: ${adminRoutes.length} admin-only routes refused to a member (${adminGets.length} GET, ${adminRoutes.length - adminGets.length} POST), ${seen.size} web routes classified`)
  })
})
