// Tenant isolation of every web page with an ID in its URL, walked from the app's route table: an
// admin of account A asking for account B's record gets exactly the page a missing ID gets (a
// 404, byte for byte), on GET and on POST, and nothing of B's changes. A new route with an ID
// fails here until it says which kind of record its ID names.
import { storeSecurityKey } from '../support/security-key-rows.js'
import { storeWebSession } from '../support/web-session-rows.js'
import { expect, it } from 'vitest'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { queueEmail } from '../../src/modules/notifications/queue-email.js'
import { storeProposalFile } from '../../src/modules/documents/proposal-files.js'
import { createWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoints.js'
import { accountSnapshot } from '../support/account-snapshot.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { csrfTokenIn } from '../support/web-agent.js'
import { webParamKind, type WebRecordKind } from '../support/web-record-kinds.js'
import { signedInUser } from '../support/web-login.js'

type RecordKind = Exclude<WebRecordKind, 'signToken' | 'resetToken'>

/** The signer's pages and the password reset link: the token in their URL is the credential itself (signing-pages.test.ts, password-reset-pages.test.ts). */
const CAPABILITY_PREFIXES = ['/sign/', '/reset-password/']

const MISSING_ID = 987_654_321

function webRoutesWithId(env: TestApp) {
  const seen = new Set<string>()
  return env.app.routeTable
    .filter((route) => (route.method === 'GET' || route.method === 'POST') && route.url.includes(':') && !route.url.startsWith('/api'))
    .filter((route) => !CAPABILITY_PREFIXES.some((prefix) => route.url.startsWith(prefix)))
    .filter((route) => {
      const key = `${route.method} ${route.url}`
      return seen.has(key) ? false : (seen.add(key), true)
    })
}

async function recordsOf(env: TestApp, account: TestAccount): Promise<Record<RecordKind, number | string>> {
  const customer = await makeCustomer(env, account)
  const proposal = await makeProposal(env, account, customer)
  await env.app.requestLog.flush()
  const webhook = await createWebhookEndpoint(env.db, env.clock, { allowPrivate: true }, account.id, { url: 'http://127.0.0.1:9/hook', events: ['proposal.updated'] })
  await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.updated', proposalId: proposal.id, data: {} }))
  const delivery = await env.db.selectFrom('webhook_deliveries').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow()
  const log = await env.db.selectFrom('request_logs').select('id').where('account_id', '=', account.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
  return {
    customer: customer.id,
    proposal: proposal.id,
    product: account.products.main.id,
    paymentMethod: account.paymentMethods.card.id,
    signerRole: account.roles.party.id,
    template: account.template.id,
    templateVersion: 1,
    user: account.seller.id,
    apiToken: account.token.id,
    requestLog: log.id,
    outboxEmail: await env.db.transaction().execute((trx) => queueEmail(trx, env.clock, { accountId: account.id, proposalId: proposal.id, kind: 'invitation', to: 'b@outra.test', subject: 'De B', text: 'x' })),
    webhook: webhook.id,
    webhookDelivery: delivery.id,
    securityKey: await storeSecurityKey(env.db, { accountId: account.id, userId: account.seller.id }),
    webSession: await storeWebSession(env.db, { accountId: account.id, userId: account.seller.id }, undefined, env.clock),
    attachment: (await env.db.transaction().execute((trx) => storeProposalFile(trx, env.clock, { accountId: account.id, proposalId: proposal.id, kind: 'attachment', contentType: 'application/pdf', fileName: 'de-b.pdf', bytes: Buffer.from('%PDF-1.4\n') }))).id,
  }
}

describeEachDialect('web pages: another account’s ID is a missing ID', (env) => {
  it('answers every page with an ID, GET and POST, exactly as for a missing ID, changing nothing of the other account', async () => {
    const { agent } = await signedInUser(env)
    const other = await makeAccount(env)
    const foreign = await recordsOf(env, other)
    const before = await accountSnapshot(env.db, other.id)
    const csrf = csrfTokenIn((await agent.get('/dashboard')).body)

    const routes = webRoutesWithId(env)
    // Customers, documents (edit, save, preview, document, pdf, actions), five kinds of registration data, tokens, the request log, e-mails, webhooks.
    expect(routes.length).toBeGreaterThanOrEqual(28)
    for (const route of routes) {
      for (const [, name] of route.url.matchAll(/:([a-zA-Z_]+)/g)) {
        expect(webParamKind(route.url, name!), `${route.method} ${route.url} has a :${name} of an unknown kind: add it to test/support/web-record-kinds.ts`).toBeDefined()
      }
      const url = (idOf: (kind: RecordKind) => number | string) => route.url.replace(/:([a-zA-Z_]+)/g, (_match, name: string) => String(idOf(webParamKind(route.url, name) as RecordKind)))
      const send = (target: string) => (route.method === 'GET' ? agent.get(target) : agent.post(target, { _csrf: csrf, name: 'Tomado', active: '1' }))
      const missingUrl = url(() => MISSING_ID)
      const theirUrl = url((recordKind) => foreign[recordKind])
      const missing = await send(missingUrl)
      const theirs = await send(theirUrl)
      expect(missing.statusCode, `${route.method} ${missingUrl}`).toBe(404)
      expect(theirs.statusCode, `${route.method} ${theirUrl}`).toBe(404)
      expect(theirs.body, `${route.method} ${route.url}`).toBe(missing.body)
    }
    expect(await accountSnapshot(env.db, other.id)).toEqual(before)
  })
})
