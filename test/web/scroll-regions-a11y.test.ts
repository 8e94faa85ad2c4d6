// Boxes that scroll are reachable by keyboard (WCAG 2.1.1, axe's scrollable-region-focusable):
// every table's scroll box (.table-wrap) and the template editor's variable list take focus and,
// being focusable, have a role and a name that resolves on the page. Every page with a table is
// checked with rows in its tables, and the source check keeps a new table from writing the box
// by hand instead of through TableWrap.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { DomUtils, parseDocument } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { saveTemplate } from '../../src/modules/catalog/template-versions.js'
import { recordDomainEvent } from '../../src/modules/events/record-domain-event.js'
import { queueEmail } from '../../src/modules/notifications/queue-email.js'
import { createWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoints.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeCustomer, makeProposal } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import type { WebAgent } from '../support/web-agent.js'
import { signedInUser } from '../support/web-login.js'
import { brokenIdReferences } from './html-elements.js'

const WEB_SOURCES = join(import.meta.dirname, '../../src/http/web')
const TABLE_WRAP_COMPONENT = 'components/table-wrap.tsx'

type PageNode = ReturnType<typeof parseDocument>['children'][number]

/** What is wrong with a scroll box: not focusable, without a role, or without a name. Empty when it is fine. */
function scrollBoxProblems(nodes: PageNode[], box: Extract<PageNode, { attribs: unknown }>): string[] {
  const problems: string[] = []
  const attributes = box.attribs
  if (attributes.tabindex !== '0') problems.push('no tabindex="0"')
  // A named <div> needs a role for its name to count; <aside> is a landmark already.
  if (box.name === 'div' && attributes.role !== 'region') problems.push('no role="region"')
  const labelledBy = (attributes['aria-labelledby'] ?? '').split(/\s+/).filter(Boolean)
  if (labelledBy.length > 0) {
    for (const id of labelledBy) {
      const named = DomUtils.getElementById(id, nodes)
      if (!named) problems.push(`aria-labelledby="${id}" names no element`)
      else if (DomUtils.textContent(named).trim() === '') problems.push(`aria-labelledby="${id}" names an element without text`)
    }
  } else if ((attributes['aria-label'] ?? '').trim() === '') {
    problems.push('no aria-labelledby/aria-label')
  }
  return problems
}

function expectReachableScrollBoxes(html: string, className: string, expectedCount: number, where: string) {
  const nodes = parseDocument(html).children
  const boxes = DomUtils.findAll((element) => (element.attribs.class ?? '').split(/\s+/).includes(className), nodes)
  expect(boxes, `${where}: .${className}`).toHaveLength(expectedCount)
  for (const box of boxes) expect(scrollBoxProblems(nodes, box), `${where}: ${box.name}.${className}`).toEqual([])
  expect(brokenIdReferences(html), where).toEqual({ missing: [], duplicated: [] })
}

/**
 * An admin of an account with a row in every table of the app (customers, a draft and a sent
 * document, a webhook with a delivery, an API call in the request log, an e-mail), and the pages
 * with a table with how many tables each shows.
 */
async function pagesWithTables(env: TestApp): Promise<{ agent: WebAgent; pages: Array<[path: string, tables: number]> }> {
  const { agent, account, user } = await signedInUser(env)
  const customer = await makeCustomer(env, account)
  const draft = await makeProposal(env, account, customer, { signers: [{ name: 'Ana Reis', email: 'ana@cliente.test', role_id: account.roles.party.id }] })
  const sent = await makeProposal(env, account, customer)
  const sending = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${sent.id}/send`, headers: account.auth, payload: {} })
  expect(sending.statusCode, sending.body).toBe(200)
  await env.app.requestLog.flush()
  const call = await env.db.selectFrom('request_logs').select('id').where('account_id', '=', account.id).where('method', '=', 'POST').orderBy('id', 'desc').executeTakeFirstOrThrow()
  // Made by the signed-in admin, so Configurações → Atividade has a row.
  const webhook = await createWebhookEndpoint(env.db, env.clock, { allowPrivate: true }, account.id, { url: 'http://127.0.0.1:9/hook', events: ['proposal.updated'] }, { type: 'user', id: user.id, name: user.name, ip: '127.0.0.1' })
  await env.db.transaction().execute((trx) => recordDomainEvent(trx, env.clock, { accountId: account.id, type: 'proposal.updated', proposalId: draft.id, data: {} }))
  await env.db.transaction().execute((trx) => queueEmail(trx, env.clock, { accountId: account.id, proposalId: draft.id, kind: 'invitation', to: 'ana@cliente.test', subject: 'Convite', text: 'x' }))
  // A second version of the template, renamed and rewritten, so its page shows both of its tables.
  await saveTemplate(env.db, env.clock, account.id, account.template.id, { name: 'Proposta 2027', description: null, body: 'Prezado {{ customer.name }}', active: true }, { editedFrom: 1 })
  return {
    agent,
    pages: [
      ['/dashboard', 1],
      ['/reports/sellers', 1],
      ['/customers', 1],
      // Its documents, and who signs for it.
      [`/customers/${customer.id}/edit`, 2],
      ['/proposals', 1],
      // A draft shows its form, with the schedule and the history beside it; a sent one its items too.
      [`/proposals/${draft.id}/edit`, 2],
      [`/proposals/${sent.id}/edit`, 3],
      ['/registration-data/products', 1],
      ['/registration-data/payment-methods', 1],
      ['/registration-data/templates', 1],
      [`/registration-data/templates/${account.template.id}/versions`, 1],
      // The fields changed, and the body's line diff.
      [`/registration-data/templates/${account.template.id}/versions/2`, 2],
      ['/registration-data/signer-roles', 1],
      ['/registration-data/users', 1],
      ['/settings/integrations', 1],
      ['/settings/integrations/requests', 1],
      [`/settings/integrations/requests/${call.id}`, 1],
      ['/settings/emails', 1],
      ['/settings/activity', 1],
      ['/settings/webhooks', 1],
      [`/settings/webhooks/${webhook.id}`, 1],
    ],
  }
}

function webSourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    return entry.isDirectory() ? webSourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

describe('table scroll boxes in the source', () => {
  it('writes the .table-wrap box only in TableWrap, so no table can forget its role, focus and name', () => {
    // class="table-wrap…", or the class in a string of a class={…} expression: any markup with it.
    const handWritten = /class(?:Name)?=(?:\{[^}]*)?["'`][^"'`]*\btable-wrap\b/
    const offenders = webSourceFiles(WEB_SOURCES)
      .map((path) => relative(WEB_SOURCES, path))
      .filter((path) => path !== TABLE_WRAP_COMPONENT && handWritten.test(readFileSync(join(WEB_SOURCES, path), 'utf8')))
    expect(offenders).toEqual([])
    // The pattern finds the component's own markup, so it would find a copy of it.
    expect(readFileSync(join(WEB_SOURCES, TABLE_WRAP_COMPONENT), 'utf8')).toMatch(handWritten)
  })
})

describeEachDialect('scrollable regions reachable by keyboard', (env) => {
  it('makes the scroll box of every table focusable and named, on every page with a table', async () => {
    const { agent, pages } = await pagesWithTables(env)
    for (const [path, tables] of pages) {
      const page = await agent.get(path)
      expect(page.statusCode, path).toBe(200)
      expectReachableScrollBoxes(page.body, 'table-wrap', tables, path)
    }
  })

  it('makes the template editor variable list focusable and named, on the new and the edit form', async () => {
    const { agent, account } = await signedInUser(env)
    for (const path of ['/registration-data/templates/new', `/registration-data/templates/${account.template.id}/edit`]) {
      const page = await agent.get(path)
      expect(page.statusCode, path).toBe(200)
      expectReachableScrollBoxes(page.body, 'template-variables', 1, path)
    }
  })
})
