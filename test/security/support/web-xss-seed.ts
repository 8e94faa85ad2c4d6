// An account whose every user-controlled text is a cross-site-scripting payload, for the browser
// XSS walk: account, user, customer (every field), product, payment method, signer role, API
// token name, a template, a digital document (title, notes, custom field, item description,
// signer name) sent so that it has a signing link and e-mails, API requests whose bodies carry
// the payload (the request log), and a webhook (description) whose receiver answers with the
// payload (the delivery's response excerpt).
import { storeSecurityKey } from '../../support/security-key-rows.js'
import { storeWebSession } from '../../support/web-session-rows.js'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { requestPasswordReset } from '../../../src/modules/accounts/password-reset.js'
import { createUser } from '../../../src/modules/accounts/users.js'
import { createPaymentMethod, createProduct, createSignerRole, createTemplate } from '../../../src/modules/catalog/catalog-admin.js'
import { saveTemplate } from '../../../src/modules/catalog/template-versions.js'
import { createApiToken } from '../../../src/modules/integrations/api-tokens.js'
import { systemClock } from '../../../src/platform/clock.js'
import type { Db } from '../../../src/platform/db/connect.js'
import { validCnpj } from '../../support/documents.js'
import { makeAccount, makeCustomer } from '../../support/factories.js'
import type { TestApp } from '../../support/test-app.js'
import type { OwnRecords } from './web-own-records.js'

/** Markup that runs `window.__xss=1` if it ever reaches the page unescaped, plus Liquid that prints 49 if a value is ever evaluated as a template. */
export const PAYLOAD = `"><img src=x onerror="window.__xss=1"><script>window.__xss=1</script><a href="javascript:window.__xss=1">j</a>{{ 7 | times: 7 }}{% if true %}liq{% endif %}`
/** For fields of at most 30 characters. */
export const SHORT_PAYLOAD = `"><svg onload=window.__xss=1>`
/** The template's own markup: raw HTML by design (its author is an admin), so it must only ever run inside the sandboxed document frame — and not even there. */
export const TEMPLATE_MARKUP = `<script>window.__xss_tpl=1</script><img src=x onerror="window.__xss_tpl=1"><a href="javascript:window.__xss_tpl=1">t</a>`

/** What an unescaped payload looks like in raw HTML. */
export const UNESCAPED = /<script>window\.__xss=1|<img src=x onerror="window\.__xss=1|<svg onload=window\.__xss=1|<svg\/onload=window\.__xss=1|<a href="javascript:window\.__xss=1/
/** What the escaped payload looks like (preact escapes `<` and `"`, the document renderer `<` and `>`). */
export const ESCAPED = /&lt;script(&gt;|>)window\.__xss=1&lt;\/script(&gt;|>)/

const TEMPLATE_BODY = `${TEMPLATE_MARKUP}
<h1>{{ title }}</h1><p>{{ account.name }}</p><p>{{ customer.name }} / {{ customer.trade_name }} / {{ customer.code }}</p>
<p>{{ customer.address.full }}</p><p>{{ customer.email }} {{ customer.phone }}</p><p>{{ notes | newline_to_br }}</p><p>{{ fields.obs }} {{ fields.obs | raw }}</p>
{% if seller %}<p>{{ seller.name }}</p>{% endif %}<p>{{ payment.method }}</p>
{% for item in items %}<p>{{ item.name }} — {{ item.description }}</p>{% endfor %}`

export interface XssSeed {
  email: string
  password: string
  records: OwnRecords
  /** The request log entry of a refused API call whose body's keys and values are the payload. */
  refusedRequestLogId: number
  close(): Promise<void>
}

/** A webhook receiver that answers every delivery with the payload. */
async function hostileReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/html' }).end(PAYLOAD))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

export async function seedXssAccount(app: FastifyInstance, db: Db): Promise<XssSeed> {
  const env = { app, db, clock: systemClock, dialect: 'sqlite' } as unknown as TestApp
  const clock = systemClock
  const account = await makeAccount(env, { name: PAYLOAD })
  const email = `xss.${Date.now()}@vendoc.test`
  const password = 'senha-forte-123'
  const user = await createUser(db, clock, { accountId: account.id, name: PAYLOAD, email, role: 'admin', password, isSeller: true })
  await createApiToken(db, clock, account.id, PAYLOAD.slice(0, 60))
  const product = await createProduct(db, clock, account.id, { code: 'XSS-1', name: PAYLOAD, kind: 'product', unit: 'un', price_cents: 1000, description: PAYLOAD })
  const method = await createPaymentMethod(db, clock, account.id, { name: PAYLOAD, kind: 'pix', max_installments: 1 })
  const role = await createSignerRole(db, clock, account.id, { name: PAYLOAD })
  const template = await createTemplate(db, clock, account.id, { name: PAYLOAD, description: PAYLOAD, body: TEMPLATE_BODY })
  // A second version saved by the user, so the history shows their name, the changed description and a line diff beside the
  // template's own markup (TEMPLATE_MARKUP), which is text there.
  await saveTemplate(db, clock, account.id, template.id, { name: PAYLOAD, description: `${PAYLOAD} (2)`, body: `${TEMPLATE_BODY}\n<p>{{ number }}</p>`, active: true }, { editedFrom: 1, by: { type: 'user', id: user.id, name: PAYLOAD, ip: null } })
  const customer = await makeCustomer(env, account, {
    code: SHORT_PAYLOAD, name: PAYLOAD, trade_name: PAYLOAD, document: validCnpj(), email: 'compras@cliente.test', phone: SHORT_PAYLOAD,
    address_street: PAYLOAD, address_number: SHORT_PAYLOAD, address_complement: PAYLOAD, address_district: PAYLOAD, address_city: PAYLOAD, address_state: 'SP',
  })

  const receiver = await hostileReceiver()
  const api = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers: account.auth, ...(payload ? { payload } : {}) })
  const webhook = await api('POST', '/api/v1/webhooks', { url: receiver.url, description: PAYLOAD, events: ['proposal.created', 'proposal.sent'] })
  if (webhook.statusCode !== 201) throw new Error(`webhook: ${webhook.body}`)

  const created = await api('POST', '/api/v1/proposals', {
    template_id: template.id, signature_type: 'digital', payment_method_id: method.id, seller_id: user.id, title: PAYLOAD.slice(0, 200), notes: `${PAYLOAD}\n${PAYLOAD}`,
    fields: { obs: PAYLOAD }, customer: { id: customer.id }, external_reference: '"><svg/onload=window.__xss=1>',
    items: [{ product_id: product.id, quantity: 1, description: PAYLOAD }],
    signers: [{ name: PAYLOAD, email: 'signatario@cliente.test', cpf: null, role_id: role.id, signing_order: 1 }],
  })
  if (created.statusCode !== 201) throw new Error(`proposal: ${created.body}`)
  const proposalId = created.json<{ id: number }>().id
  // An attachment whose name is markup (slashes are refused in names, so the short payload), shown on the document's and the signer's pages.
  const attached = await api('POST', `/api/v1/proposals/${proposalId}/attachments`, { file_name: SHORT_PAYLOAD, content_base64: Buffer.from('%PDF-1.4\n').toString('base64') })
  if (attached.statusCode !== 201) throw new Error(`attachment: ${attached.body}`)
  // An internal comment that is markup, shown on the document's page (and the history).
  const commented = await api('POST', `/api/v1/proposals/${proposalId}/comments`, { text: `${PAYLOAD}\n${PAYLOAD}` })
  if (commented.statusCode !== 200) throw new Error(`comment: ${commented.body}`)
  const sent = await api('POST', `/api/v1/proposals/${proposalId}/send`, {})
  if (sent.statusCode !== 200) throw new Error(`send: ${sent.body}`)
  // A refused call whose body's key and value, and query string, are the payload.
  const refused = await app.inject({ method: 'POST', url: `/api/v1/proposals?q=${encodeURIComponent(PAYLOAD)}`, headers: account.auth, payload: { [PAYLOAD]: PAYLOAD } })
  if (refused.statusCode < 400) throw new Error('the refused call was accepted')
  await app.jobs.runDueJobs()
  await app.requestLog.flush()

  const signer = await db.selectFrom('proposal_signers').select('sign_token').where('proposal_id', '=', proposalId).executeTakeFirstOrThrow()
  const delivery = await db.selectFrom('webhook_deliveries').select('id').where('account_id', '=', account.id).where('response_status', '=', 200).orderBy('id').executeTakeFirstOrThrow()
  const logs = await db.selectFrom('request_logs').select(['id', 'status']).where('account_id', '=', account.id).where('method', '=', 'POST').orderBy('id').execute()
  const createdLog = logs.find((log) => Number(log.status) === 201)!
  const refusedLog = logs.find((log) => Number(log.status) >= 400)!
  const outbox = await db.selectFrom('outbox_emails').select('id').where('account_id', '=', account.id).orderBy('id').executeTakeFirstOrThrow()
  // A live password reset link of the user, read from the e-mail as they would.
  await requestPasswordReset(db, systemClock, 'http://vendoc.test', email)
  const resetMail = await db.selectFrom('outbox_emails').select('text_body').where('account_id', '=', account.id).where('kind', '=', 'password_reset').orderBy('id', 'desc').executeTakeFirstOrThrow()
  return {
    email,
    password,
    refusedRequestLogId: refusedLog.id,
    records: {
      customer: customer.id, proposal: proposalId, product: product.id, paymentMethod: method.id, signerRole: role.id, template: template.id, templateVersion: 2, user: user.id,
      apiToken: account.token.id, requestLog: createdLog.id, outboxEmail: outbox.id, webhook: webhook.json<{ id: number }>().id, webhookDelivery: delivery.id,
      signToken: signer.sign_token!,
      attachment: attached.json<{ id: number }>().id,
      securityKey: await storeSecurityKey(db, { accountId: account.id, userId: user.id }, PAYLOAD),
      // Another browser of the user's whose User-Agent is the payload, listed in Minha conta → Sessões.
      webSession: await storeWebSession(db, { accountId: account.id, userId: user.id }, PAYLOAD),
      resetToken: /\/reset-password\/([A-Za-z0-9_-]+)/.exec(resetMail.text_body)![1]!,
    },
    close: receiver.close,
  }
}
