// GET /api/v1/proposals, on both databases: the account's documents by last change, walked page by
// page with the cursor (every document once, in (updated_at, id) order, the Link header pointing
// at the first page and, while more follow, the next); every kind of change moves a document's updated_at, including those that only
// add history (a reminder, a corrected contact, an erasure); a document changed during
// a walk is read again at the end and none is skipped; filters; another account's documents never
// appear; bad input is a 422 naming the parameter.
import { expect, it } from 'vitest'
import { openSigningLink } from '../../src/modules/lifecycle/signing.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import { changeFeed, type FeedPage, nextMillisecond as tick } from '../support/change-feed.js'
import { PUBLIC_URL, type TestApp } from '../support/test-app.js'
import { documentIn } from '../lifecycle/lifecycle-fixtures.js'

type Item = { id: number; updated_at: string; status: string; customer: { id: number; code: string | null; name: string } }

async function storedOrder(env: TestApp, accountId: number): Promise<number[]> {
  const rows = await env.db.selectFrom('proposals').select('id').where('account_id', '=', accountId).orderBy('updated_at').orderBy('id').execute()
  return rows.map((row) => row.id)
}

async function updatedAt(env: TestApp, id: number): Promise<string> {
  return (await env.db.selectFrom('proposals').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at
}

describeEachDialect('listing the account’s documents by last change (API)', (env) => {
  // env is filled before each suite runs; the feed reads it at each call.
  const { list, listOk, walk } = changeFeed<Item>(env, '/api/v1/proposals')
  it('walks every document once, in change order, page by page, with the Link to the next page', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    for (let index = 0; index < 5; index++) {
      await makeProposal(env, account, customer)
      await tick()
    }
    await makeProposal(env, other, await makeCustomer(env, other))

    const first = await list(account, '?per_page=2')
    expect(first.statusCode).toBe(200)
    const page = first.json<FeedPage<Item>>()
    expect(page.data).toHaveLength(2)
    expect(page.data[0]!.customer).toEqual({ id: customer.id, code: customer.code, name: customer.name })
    expect(first.headers.link).toBe(`<${PUBLIC_URL}/api/v1/proposals?per_page=2>; rel="first", <${PUBLIC_URL}/api/v1/proposals?per_page=2&after=${page.meta.next_cursor}>; rel="next"`)

    const ids = await walk(account, { per_page: '2' })
    expect(ids).toEqual(await storedOrder(env, account.account.id))
    expect(ids).toHaveLength(5)
    // The last page says so: no cursor, no next link.
    const last = await list(account, '?per_page=5')
    expect(last.json<FeedPage<Item>>().meta.next_cursor).toBeNull()
    expect(last.headers.link).toBe(`<${PUBLIC_URL}/api/v1/proposals?per_page=5>; rel="first"`)
    // The other account lists its own one document and nothing of this one.
    expect((await listOk(other)).data.map((item) => item.id)).toHaveLength(1)
  })

  it('moves updated_at on every change to the document: a reminder and a corrected contact (which only add history), a signer’s first open', async () => {
    const account = await makeAccount(env)
    const sent = await documentIn(env, account, 'digital', 'sent')
    const token = new URL(sent.signers[0]!.url_to_sign!).pathname.split('/').pop()!
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['reminder', () => env.app.inject({ method: 'POST', url: `/api/v1/proposals/${sent.id}/resend`, headers: account.auth, payload: {} })],
      ['first open', () => openSigningLink(env.db, env.clock, token, { ip: '203.0.113.9', userAgent: 'test' }, { baseUrl: PUBLIC_URL })],
      ['second signer’s first open', async () => {
        const second = new URL(sent.signers[1]!.url_to_sign!).pathname.split('/').pop()!
        return openSigningLink(env.db, env.clock, second, { ip: '203.0.113.9', userAgent: 'test' }, { baseUrl: PUBLIC_URL })
      }],
      ['corrected contact', () => env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${sent.id}/signers/${sent.signers[2]!.id}`, headers: account.auth, payload: { phone: '+55 11 97777-0000' } })],
    ]
    for (const [label, step] of steps) {
      const before = await updatedAt(env, sent.id)
      await tick()
      await step()
      const after = await updatedAt(env, sent.id)
      expect(after > before, `${label}: ${before} → ${after}`).toBe(true)
      // And the list from the previous change on finds it.
      const since = await listOk(account, `?updated_since=${encodeURIComponent(after)}`)
      expect(since.data.map((item) => item.id), label).toEqual([sent.id])
      expect(since.data[0]!.updated_at).toBe(after)
    }
  })

  it('moves updated_at when the customer’s personal data is erased (LGPD)', async () => {
    const account = await makeAccount(env)
    const draft = await documentIn(env, account, 'paper', 'draft')
    const before = await updatedAt(env, draft.id)
    await tick()
    await erasePersonalData(env.db, env.clock, account.account.id, String(draft.customer.id), { erasedBy: 'test' })
    const after = await updatedAt(env, draft.id)
    expect(after > before, `${before} → ${after}`).toBe(true)
    expect((await listOk(account, `?updated_since=${encodeURIComponent(after)}`)).data.map((item) => item.id)).toEqual([draft.id])
  })

  it('reads a document changed during a walk again at the end, skipping none', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const ids: number[] = []
    for (let index = 0; index < 6; index++) {
      ids.push((await makeProposal(env, account, customer)).id)
      await tick()
    }
    const first = await listOk(account, '?per_page=2')
    expect(first.data.map((item) => item.id)).toEqual(ids.slice(0, 2))
    // The first document changes while the integrator reads on.
    await tick()
    const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${ids[0]}`, headers: account.auth, payload: { notes: 'Alterado durante a leitura' } })
    expect(patched.statusCode, patched.body).toBe(200)
    const rest = await walk(account, { per_page: '2', after: first.meta.next_cursor! })
    expect(rest).toEqual([...ids.slice(2), ids[0]])
  })

  it('filters by status and by updated_since', async () => {
    const account = await makeAccount(env)
    const draft = await documentIn(env, account, 'paper', 'draft')
    await tick()
    const sent = await documentIn(env, account, 'paper', 'sent')
    expect((await listOk(account, '?status=sent')).data.map((item) => item.id)).toEqual([sent.id])
    expect((await listOk(account, '?status=draft')).data.map((item) => item.id)).toEqual([draft.id])
    const since = await updatedAt(env, sent.id)
    expect((await listOk(account, `?updated_since=${encodeURIComponent(since)}`)).data.map((item) => item.id)).toEqual([sent.id])
    expect((await listOk(account, '?updated_since=2999-01-01T00:00:00Z')).data).toEqual([])
  })

  it('answers bad parameters with a 422 naming each', async () => {
    const account = await makeAccount(env)
    const cases: Array<[string, string[]]> = [
      ['?after=bm90IGEgY3Vyc29y', ['/after']],
      [`?after=${Buffer.from('2026-12-05T10:00:00.000Z|0').toString('base64url')}`, ['/after']],
      [`?after=${Buffer.from('yesterday|12').toString('base64url')}`, ['/after']],
      [`?after=${Buffer.from('2026-02-30T10:00:00.000Z|12').toString('base64url')}`, ['/after']],
      [`?after=${Buffer.from('0000-01-01T00:00:00.000Z|12').toString('base64url')}`, ['/after']],
      // The customers' feed's cursor is no position among documents.
      [`?after=${Buffer.from('customers|2026-12-05T10:00:00.000Z|12').toString('base64url')}`, ['/after']],
      ['?updated_since=yesterday', ['/updated_since']],
      ['?updated_since=2026-12-31T23:59:60Z', ['/updated_since']],
      ['?per_page=0', ['/per_page']],
      ['?per_page=101', ['/per_page']],
      ['?status=archived', ['/status']],
      ['?page=2', ['/page']],
    ]
    for (const [query, paths] of cases) {
      expect(errorPaths(expectProblem(await list(account, query), 422, 'validation_failed')), query).toEqual(paths)
    }
  })
})
