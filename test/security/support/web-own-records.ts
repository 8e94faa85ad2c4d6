// A signed-in admin's own records of every kind a page URL can name, and the web routes of the
// app's route table with their parameters filled from them. The security walks (headers, CSRF)
// use it so that a new route is covered without anyone listing it, and fails loudly when its
// parameter names a kind of record this file does not know yet.
import { storeSecurityKey } from '../../support/security-key-rows.js'
import { storeWebSession } from '../../support/web-session-rows.js'
import { saveAccountLogo } from '../../../src/modules/accounts/account-logo.js'
import { requestPasswordReset } from '../../../src/modules/accounts/password-reset.js'
import { storeProposalFile } from '../../../src/modules/documents/proposal-files.js'
import { recordDomainEvent } from '../../../src/modules/events/record-domain-event.js'
import { queueEmail } from '../../../src/modules/notifications/queue-email.js'
import { createWebhookEndpoint } from '../../../src/modules/webhooks/webhook-endpoints.js'
import type { RouteEntry } from '../../../src/platform/http/route-table.js'
import type { TestAccount } from '../../support/factories.js'
import { buildPng } from '../../support/png.js'
import { sentDigitalDocument } from '../../support/signing.js'
import type { TestApp } from '../../support/test-app.js'
import { webParamKind, type WebRecordKind } from '../../support/web-record-kinds.js'

export type RecordKind = WebRecordKind

export type OwnRecords = Record<RecordKind, number | string>


/** A digital document sent to one signer (for /sign/:token and /proposals/:id), a webhook with a delivery, a request log entry, an e-mail. */
export async function ownRecords(env: TestApp, account: TestAccount): Promise<OwnRecords> {
  const sent = await sentDigitalDocument(env, account, [{ name: 'Maria Souza', cpf: null, order: 1 }])
  await env.app.requestLog.flush()
  const webhook = await createWebhookEndpoint(env.db, env.clock, { allowPrivate: true }, account.id, { url: 'http://127.0.0.1:9/hook', events: ['proposal.updated'] })
  await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.updated', proposalId: sent.id, data: {} }))
  const delivery = await env.db.selectFrom('webhook_deliveries').select('id').where('account_id', '=', account.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
  const log = await env.db.selectFrom('request_logs').select('id').where('account_id', '=', account.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
  const email = await env.db.transaction().execute((trx) => queueEmail(trx, env.clock, { accountId: account.id, proposalId: sent.id, kind: 'invitation', to: 'a@cliente.test', subject: 'Convite', text: 'x' }))
  const proposal = await env.db.selectFrom('proposals').select('customer_id').where('id', '=', sent.id).executeTakeFirstOrThrow()
  // A live password reset link of the account's seller, read from its e-mail as the seller would.
  await requestPasswordReset(env.db, env.clock, 'http://vendoc.test', account.seller.email)
  const resetMail = await env.db.selectFrom('outbox_emails').select('text_body').where('account_id', '=', account.id).where('kind', '=', 'password_reset').orderBy('id', 'desc').executeTakeFirstOrThrow()
  // A scan as a paper document's mark-signed stores one, so its download routes have a file to answer.
  await env.db.transaction().execute((trx) => storeProposalFile(trx, env.clock, { accountId: account.id, proposalId: sent.id, kind: 'scan', contentType: 'application/pdf', fileName: 'scan.pdf', bytes: Buffer.from('%PDF-1.4\n') }))
  // An attachment, as one added while it was a draft, so the app's and the signing page's downloads have one.
  const attachment = await env.db.transaction().execute((trx) => storeProposalFile(trx, env.clock, { accountId: account.id, proposalId: sent.id, kind: 'attachment', contentType: 'application/pdf', fileName: 'anexo.pdf', bytes: Buffer.from('%PDF-1.4\n') }))
  // A logo, so the route serving its image has one to answer.
  await saveAccountLogo(env.db, env.clock, account.id, buildPng({ width: 16, height: 16 }))
  return {
    customer: proposal.customer_id,
    proposal: sent.id,
    product: account.products.main.id,
    paymentMethod: account.paymentMethods.card.id,
    signerRole: account.roles.party.id,
    template: account.template.id,
    templateVersion: 1,
    attachment: attachment.id,
    user: account.seller.id,
    apiToken: account.token.id,
    requestLog: log.id,
    outboxEmail: email,
    securityKey: await storeSecurityKey(env.db, { accountId: account.id, userId: account.seller.id }),
    webSession: await storeWebSession(env.db, { accountId: account.id, userId: account.seller.id }, undefined, env.clock),
    webhook: webhook.id,
    webhookDelivery: delivery.id,
    signToken: sent.signers[0]!.token,
    resetToken: /\/reset-password\/([A-Za-z0-9_-]+)/.exec(resetMail.text_body)![1]!,
  }
}

/** The web app's routes (not the API, its docs or /healthz) of `method`, once each. */
export function webRoutes(env: TestApp, method: 'GET' | 'POST'): RouteEntry[] {
  const seen = new Set<string>()
  return env.app.routeTable.filter((route) => {
    if (route.method !== method || isApiPath(route.url)) return false
    const key = `${route.method} ${route.url}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
}

export function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/api-docs') || url === '/healthz'
}

/** The route's URL with every `:param` replaced by the id of the record it names; throws for a parameter of an unknown kind. */
export function fillWebPath(url: string, records: OwnRecords): string {
  return url.replace(/:([a-zA-Z_]+)/g, (_match, name: string) => {
    const kind = webParamKind(url, name)
    if (!kind) throw new Error(`${url}: parameter :${name} names an unknown kind of record; add it to test/support/web-record-kinds.ts`)
    return encodeURIComponent(String(records[kind]))
  })
}
