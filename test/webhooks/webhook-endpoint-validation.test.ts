// createWebhookEndpoint and updateWebhookEndpoint name every field at fault in one answer: the URL's
// form is checked with the events and the description; its addresses (DNS, the SSRF rule) only
// after, once every field is well formed.
import { expect, it } from 'vitest'
import { createWebhookEndpoint, updateWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoints.js'
import { AppError } from '../../src/platform/errors.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'

const STRICT = { allowPrivate: false }

async function refusal(promise: Promise<unknown>): Promise<{ code: string; paths: string[] }> {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown)
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return { code: error.code, paths: (error.extras.errors ?? []).map((field) => field.path).sort() }
}

describeEachDialect('webhook endpoint validation', (env) => {
  it('names the URL with the other fields, on create and on update', async () => {
    const account = await makeAccount(env)
    const long = 'a'.repeat(250)
    expect(await refusal(createWebhookEndpoint(env.db, env.clock, STRICT, account.id, { url: 'ftp://x', events: ['proposal.sent'], description: long }))).toEqual({ code: 'validation_failed', paths: ['/description', '/url'] })
    expect(await refusal(createWebhookEndpoint(env.db, env.clock, STRICT, account.id, { url: 'https://user:pw@93.184.216.34/x', events: [], description: long }))).toEqual({ code: 'validation_failed', paths: ['/description', '/events', '/url'] })
    // A private address is the second stage: only for a body whose fields are all well formed.
    expect(await refusal(createWebhookEndpoint(env.db, env.clock, STRICT, account.id, { url: 'http://127.0.0.1/x', events: [], description: null }))).toEqual({ code: 'validation_failed', paths: ['/events'] })
    expect(await refusal(createWebhookEndpoint(env.db, env.clock, STRICT, account.id, { url: 'http://127.0.0.1/x', events: ['proposal.sent'] }))).toEqual({ code: 'webhook_url_not_allowed', paths: ['/url'] })

    const created = await createWebhookEndpoint(env.db, env.clock, STRICT, account.id, { url: 'https://93.184.216.34/x', events: ['proposal.sent'] })
    expect(await refusal(updateWebhookEndpoint(env.db, env.clock, STRICT, account.id, created.id, { url: 'https://93.184.216.34/x#frag', description: long }))).toEqual({ code: 'validation_failed', paths: ['/description', '/url'] })
    expect(await refusal(updateWebhookEndpoint(env.db, env.clock, STRICT, account.id, created.id, { url: 'http://10.0.0.1/x' }))).toEqual({ code: 'webhook_url_not_allowed', paths: ['/url'] })
  })
})
