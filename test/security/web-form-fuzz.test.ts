// Every form and query parameter of the web app, found by walking every page of the route table
// (signed in as an admin, and as a visitor for the forms before a session), sent with hostile
// values in one field at a time, the others as the page gave them and the page's own CSRF token:
// no answer may be a server error or show a stack trace. It found one POST that ran the server
// out of memory (the document form's installments, RELIABILITY.md).
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeProposal } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { fillWebPath, ownRecords, webRoutes, type OwnRecords } from './support/web-own-records.js'
import { postFormsIn, queryParametersIn, type PageForm } from './support/web-forms.js'

/** Numbers past every type's range, dates that do not exist, money in Brazilian and other spellings, and text that breaks things. */
const HOSTILE_FORM_VALUES = [
  '', ' ', '-1', '0', '-0', '1.5', '1,5', '1e308', '1e309', '2147483648', '9223372036854775808', '99999999999999999999999', '-99999999999999999999',
  'NaN', 'Infinity', '0x10', '1.000.000,00', '999.999.999.999,99', '2026-02-30', '0000-00-00', '9999-12-31', '275760-09-14', '2026-13-01', '31/12/2026',
  'x'.repeat(20_000), '<script>alert(1)</script>', "' OR '1'='1' --", '{{ 7 * 7 }}', '😀', '\u202Eabc', 'ＡＢＣ', '%', '_', '\\', 'null', 'true', '[]',
]

const STACK_TRACE = /\n\s+at \S+ \(|node_modules|\.tsx?:\d+/

interface Outcome { requests: number; failures: string[]; statuses: Map<string, Set<number>> }

function outcome(): Outcome {
  return { requests: 0, failures: [], statuses: new Map() }
}

function judge(result: Outcome, target: string, label: string, response: { statusCode: number; body: string }) {
  result.requests += 1
  if (!result.statuses.has(target)) result.statuses.set(target, new Set())
  result.statuses.get(target)!.add(response.statusCode)
  if (response.statusCode >= 500 || STACK_TRACE.test(response.body)) result.failures.push(`${label} → ${response.statusCode}`)
}

/** The HTML pages of the route table, their parameters filled from `records`, as `agent` sees them. */
async function pagesOf(env: TestApp, agent: WebAgent, records: OwnRecords, only: (url: string) => boolean = () => true) {
  const pages: Array<{ url: string; html: string }> = []
  for (const route of webRoutes(env, 'GET')) {
    if (!only(route.url)) continue
    const url = fillWebPath(route.url, records)
    const page = await agent.get(url)
    if (page.statusCode === 200 && String(page.headers['content-type']).startsWith('text/html')) pages.push({ url, html: page.body })
  }
  return pages
}

/** Each form once (by where it posts), without the ones that end the session. */
function distinctForms(pages: Array<{ url: string; html: string }>): PageForm[] {
  const seen = new Set<string>()
  return pages
    .flatMap((page) => postFormsIn(page.url, page.html))
    .filter((form) => form.action !== '/logout' && (seen.has(form.action) ? false : (seen.add(form.action), true)))
}

async function fuzzForms(agent: WebAgent, forms: PageForm[], result: Outcome) {
  for (const form of forms) {
    // Every field twice (the second hostile), and names a parser might treat as paths or prototypes.
    const repeated = new URLSearchParams()
    for (const [name, value] of form.fields) repeated.append(name, value)
    for (const [name] of form.fields) if (name !== '_csrf') repeated.append(name, '<b>segundo</b>')
    judge(result, form.action, `POST ${form.action} with every field twice`, await agent.post(form.action, repeated))
    const odd = new URLSearchParams([...form.fields, ['__proto__', 'x'], ['constructor[prototype][admin]', '1'], ['items[99999][quantity]', '1'], ['items[-1][quantity]', '1'], ['signers[1e3][name]', 'x']])
    judge(result, form.action, `POST ${form.action} with odd names`, await agent.post(form.action, odd))
    for (const value of HOSTILE_FORM_VALUES) {
      const all = Object.fromEntries([...form.fields].map(([name, current]) => [name, name === '_csrf' ? current : value]))
      judge(result, form.action, `POST ${form.action} all=${JSON.stringify(value.slice(0, 40))}`, await agent.post(form.action, all))
    }
    for (const name of form.fields.keys()) {
      if (name === '_csrf') continue
      for (const value of HOSTILE_FORM_VALUES) {
        const fields = { ...Object.fromEntries(form.fields), [name]: value }
        judge(result, form.action, `POST ${form.action} ${name}=${JSON.stringify(value.slice(0, 40))}`, await agent.post(form.action, fields))
      }
    }
  }
}

function report(env: TestApp, what: string, result: Outcome, expectedForms: number) {
  console.info(`[web fuzz ${env.dialect}] ${what}: ${result.statuses.size} targets, ${result.requests} requests: ${[...result.statuses.keys()].join(" ")}`)
  expect(result.failures).toEqual([])
  expect(result.statuses.size).toBeGreaterThanOrEqual(expectedForms)
  // The walk reached past the CSRF check: every target answered something other than 403 at least once.
  const onlyRefused = [...result.statuses].filter(([, statuses]) => [...statuses].every((status) => status === 403)).map(([target]) => target)
  expect(onlyRefused).toEqual([])
}

describeEachDialect('Web form and query fuzz', (env) => {
  it('answers hostile values in every signed-in form without a server error', async () => {
    const { agent, account } = await signedInUser(env)
    const records = await ownRecords(env, account)
    const draft = await makeProposal(env, account, { id: Number(records.customer) })
    const onPaper = await makeProposal(env, account, { id: Number(records.customer) })
    const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${onPaper.id}/send`, headers: account.auth, payload: {} })
    expect(sent.statusCode, sent.body).toBe(200)
    const pages = [
      ...(await pagesOf(env, agent, records)),
      // A draft's edit form, and a paper document's actions (the walked document is digital and sent).
      ...(await pagesOf(env, agent, { ...records, proposal: draft.id }, (url) => url.startsWith('/proposals/:id'))),
      ...(await pagesOf(env, agent, { ...records, proposal: onPaper.id }, (url) => url.startsWith('/proposals/:id'))),
    ]
    const result = outcome()
    await fuzzForms(agent, distinctForms(pages), result)
    // Customers, documents (new, edit, cancel), five kinds of registration data (new and edit), tokens, webhooks, the signing page's two forms.
    report(env, 'signed-in forms', result, 20)
  }, 600_000)

  it('answers hostile values in the forms before a session without a server error', async () => {
    const visitor = new WebAgent(env.app)
    const pages: Array<{ url: string; html: string }> = []
    for (const url of ['/login', '/signup']) pages.push({ url, html: (await visitor.get(url)).body })
    const result = outcome()
    await fuzzForms(visitor, distinctForms(pages), result)
    report(env, 'visitor forms', result, 2)
  }, 600_000)

  it('answers hostile values in every query parameter a page sends without a server error', async () => {
    const { agent, account } = await signedInUser(env)
    const records = await ownRecords(env, account)
    const parameters = new Map<string, Set<string>>()
    for (const page of await pagesOf(env, agent, records)) {
      // `page` on every page: the lists here are short, so their pagination links are not shown.
      const found = queryParametersIn(page.url, page.html)
      found.set(page.url, new Set([...(found.get(page.url) ?? []), 'page']))
      for (const [path, names] of found) {
        if (!parameters.has(path)) parameters.set(path, new Set())
        for (const name of names) parameters.get(path)!.add(name)
      }
    }
    const result = outcome()
    for (const [path, names] of parameters) {
      for (const name of names) {
        for (const value of HOSTILE_FORM_VALUES) {
          const url = `${path}?${new URLSearchParams({ [name]: value })}`
          judge(result, path, `GET ${path} ${name}=${JSON.stringify(value.slice(0, 40))}`, await agent.get(url))
        }
      }
    }
    // Every page's `page`, and the lists' filters: documents, customers, request log, e-mails, webhook deliveries.
    report(env, 'query parameters', result, 30)
  }, 600_000)
})
