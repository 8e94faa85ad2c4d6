// The dashboard's figures on both databases: counts by status, this month's documents and value
// in the account's time zone (a document created at 23:00 on 31 October in São Paulo belongs to
// October even though it is 1 November in UTC), the twelve-month chart, API usage, and nothing of
// another account's.
import { expect, it } from 'vitest'
import { dashboardSummary } from '../../src/modules/reports/dashboard-summary.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

const clock = new ManualClock('2026-11-29T12:00:00.000Z')
const ONE_ITEM_CENTS = 150_000

/** A document created at `createdAt`; a signed one signed then too, unless `signedAt` says when. */
async function documentAt(env: TestApp, account: TestAccount, customerId: number, createdAt: string, status?: 'signed' | 'cancelled', signedAt = createdAt) {
  const proposal = await makeProposal(env, account, { id: customerId })
  const signed = status === 'signed' ? { signed_at: signedAt } : {}
  await env.db.updateTable('proposals').set({ created_at: createdAt, ...(status ? { status } : {}), ...signed }).where('id', '=', proposal.id).execute()
  return proposal
}

async function accountWithHistory(env: TestApp) {
  const account = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
  const customer = await makeCustomer(env, account, { name: 'Padaria Pão Quente Ltda' })
  await documentAt(env, account, customer.id, '2026-11-03T15:00:00.000Z')
  await documentAt(env, account, customer.id, '2026-11-20T15:00:00.000Z', 'signed')
  await documentAt(env, account, customer.id, '2026-11-28T10:00:00.000Z', 'cancelled')
  // 23:00 on 31 October in São Paulo: October locally.
  await documentAt(env, account, customer.id, '2026-11-01T02:00:00.000Z')
  await documentAt(env, account, customer.id, '2026-06-10T12:00:00.000Z', 'signed')
  // Thirteen months back: counted by status, outside the chart.
  await documentAt(env, account, customer.id, '2025-10-10T12:00:00.000Z')
  return { account, customer }
}

describeEachDialect(
  'dashboard',
  (env) => {
    it('counts documents by status, this month and per month in the account time zone', async () => {
      const { account } = await accountWithHistory(env)
      const other = await makeAccount(env)
      await makeProposal(env, other, await makeCustomer(env, other))

      const summary = await dashboardSummary(env.db, env.clock, { id: account.id, timeZone: 'America/Sao_Paulo' })
      expect(summary.total).toBe(6)
      expect(summary.byStatus).toEqual({ draft: 3, sent: 0, viewed: 0, signed: 2, rejected: 0, cancelled: 1, expired: 0 })
      expect(summary.thisMonth).toEqual({ period: '2026-11', count: 3, valueCents: 3 * ONE_ITEM_CENTS, signedCount: 1, signedValueCents: ONE_ITEM_CENTS })
      expect(summary.monthly).toHaveLength(12)
      expect(summary.monthly[0]!.period).toBe('2025-12')
      expect(summary.monthly.at(-1)!.period).toBe('2026-11')
      const byPeriod = Object.fromEntries(summary.monthly.map((month) => [month.period, month.count]))
      expect(byPeriod).toMatchObject({ '2026-11': 3, '2026-10': 1, '2026-06': 1, '2026-01': 0 })
      expect(summary.monthly.reduce((sum, month) => sum + month.count, 0)).toBe(5)
      expect(summary.recent.map((proposal) => proposal.createdAt)).toEqual([
        '2026-11-28T10:00:00.000Z',
        '2026-11-20T15:00:00.000Z',
        '2026-11-03T15:00:00.000Z',
        '2026-11-01T02:00:00.000Z',
        '2026-06-10T12:00:00.000Z',
      ])

      // In UTC the 1 November document is November's.
      const utc = await dashboardSummary(env.db, env.clock, { id: account.id, timeZone: 'UTC' })
      expect(utc.thisMonth.count).toBe(4)
    })

    it("counts as signed this month the documents signed in it, whenever they were created, in the account's time zone", async () => {
      const account = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      const customer = await makeCustomer(env, account)
      // Created in September, closed on 5 November: November's deal.
      await documentAt(env, account, customer.id, '2026-09-10T12:00:00.000Z', 'signed', '2026-11-05T12:00:00.000Z')
      // Signed at 23:00 on 31 October in São Paulo: October's.
      await documentAt(env, account, customer.id, '2026-10-20T12:00:00.000Z', 'signed', '2026-11-01T02:00:00.000Z')
      // Created this month, not signed.
      await documentAt(env, account, customer.id, '2026-11-10T12:00:00.000Z')
      const other = await makeAccount(env)
      await documentAt(env, other, (await makeCustomer(env, other)).id, '2026-11-10T12:00:00.000Z', 'signed')

      const summary = await dashboardSummary(env.db, env.clock, { id: account.id, timeZone: 'America/Sao_Paulo' })
      expect(summary.thisMonth).toMatchObject({ count: 1, signedCount: 1, signedValueCents: ONE_ITEM_CENTS })
      const utc = await dashboardSummary(env.db, env.clock, { id: account.id, timeZone: 'UTC' })
      expect(utc.thisMonth).toMatchObject({ signedCount: 2, signedValueCents: 2 * ONE_ITEM_CENTS })
    })

    it('sums values past the 64-bit integers without failing', async () => {
      // Thousands of documents at the line cap add up past 2^63 cents; two rows written directly stand in for them.
      const { account } = await accountWithHistory(env)
      const november = await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).where('status', '=', 'signed').where('created_at', '>=', '2026-11-01T03:00:00.000Z').execute()
      const draft = await env.db.selectFrom('proposals').select('id').where('account_id', '=', account.id).where('created_at', '=', '2026-11-03T15:00:00.000Z').executeTakeFirstOrThrow()
      await env.db.updateTable('proposals').set({ total_cents: 9_000_000_000_000_000_000 }).where('id', 'in', [november[0]!.id, draft.id]).execute()
      const summary = await dashboardSummary(env.db, env.clock, { id: account.id, timeZone: 'America/Sao_Paulo' })
      expect(summary.thisMonth.valueCents).toBeGreaterThan(18e18)
      expect(summary.thisMonth.signedValueCents).toBe(9e18)
    })

    it('shows the figures, the chart, the API usage and the latest documents', async () => {
      const { account } = await accountWithHistory(env)
      const { agent } = await signedInUser(env, { account })
      const page = await agent.get('/dashboard')
      expect(page.statusCode).toBe(200)
      const html = page.body
      expect(html).toContain('R$\u00a04.500,00')
      expect(html).toContain('Padaria Pão Quente Ltda')
      expect(html.match(/class="chart-bar"/g)).toHaveLength(12)
      // The hidden table states every bar for screen readers.
      expect(html).toMatch(/<th scope="row">nov\/26<\/th><td>3<\/td>/)
      expect(html).toMatch(/<th scope="row">out\/26<\/th><td>1<\/td>/)
      expect(html).toMatch(/href="\/proposals\?status=draft"><span class="badge status-draft">Rascunho<\/span><span class="status-count">3<\/span>/)
      // Six API creations this month (the created_at rewrite does not touch the quota counter).
      expect(html).toContain('6 de 200')
      expect(html).toContain('href="/settings/integrations"')
      // Counts read with the thousands dot, as every figure of the app.
      await env.db.updateTable('accounts').set({ creation_limit_override: 12_500 }).where('id', '=', account.id).execute()
      expect((await agent.get('/dashboard')).body).toContain('6 de 12.500')
    })

    it('lists the documents waiting for signatures whose validity ends within a week, soonest first, in the account time zone', async () => {
      const account = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      const customer = await makeCustomer(env, account, { name: 'Mercado Bom Preço Ltda' })
      /** A document in `status` valid until `validUntil` (set directly, as sending and signing would leave it). */
      const valid = async (owner: TestAccount, customerId: number, status: 'sent' | 'viewed' | 'signed' | 'draft', validUntil: string) => {
        const proposal = await makeProposal(env, owner, { id: customerId })
        await env.db.updateTable('proposals').set({ status, valid_until: validUntil }).where('id', '=', proposal.id).execute()
        return proposal
      }
      // 29 November, 09:00 in São Paulo.
      const nextWeek = await valid(account, customer.id, 'sent', '2026-12-06')
      const tomorrow = await valid(account, customer.id, 'viewed', '2026-11-30')
      const today = await valid(account, customer.id, 'sent', '2026-11-29')
      const eightDays = await valid(account, customer.id, 'sent', '2026-12-07')
      // Past its last day, not yet expired by the task: no longer "about to".
      await valid(account, customer.id, 'sent', '2026-11-28')
      await valid(account, customer.id, 'draft', '2026-11-30')
      await valid(account, customer.id, 'signed', '2026-11-30')
      const other = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      await valid(other, (await makeCustomer(env, other)).id, 'sent', '2026-11-30')

      const summary = await dashboardSummary(env.db, env.clock, { id: account.id, timeZone: 'America/Sao_Paulo' })
      expect(summary.expiring.map((proposal) => [proposal.id, proposal.validUntil, proposal.daysLeft])).toEqual([
        [today.id, '2026-11-29', 0],
        [tomorrow.id, '2026-11-30', 1],
        [nextWeek.id, '2026-12-06', 7],
      ])
      expect(summary.expiring[0]).toMatchObject({ number: today.number, customerName: 'Mercado Bom Preço Ltda', sellerName: account.seller.name, totalCents: ONE_ITEM_CENTS })
      // In UTC+14 it is already 30 November: the 29th has passed, and the 7th is a week away.
      const kiritimati = await dashboardSummary(env.db, env.clock, { id: account.id, timeZone: 'Pacific/Kiritimati' })
      expect(kiritimati.expiring.map((proposal) => [proposal.id, proposal.daysLeft])).toEqual([[tomorrow.id, 0], [nextWeek.id, 6], [eightDays.id, 7]])

      const { agent } = await signedInUser(env, { account })
      const html = (await agent.get('/dashboard')).body
      expect(html).toContain('<h2 id="dashboard-expiring">Vencem nos próximos 7 dias</h2>')
      expect(html).toMatch(new RegExp(`href="/proposals/${today.id}/edit">#${today.number}</a>[\\s\\S]*?29/11/2026 <span class="badge danger">vence hoje</span>`))
      expect(html).toContain('30/11/2026 <span class="badge danger">vence amanhã</span>')
      expect(html).toContain('06/12/2026 <span class="badge warn">vence em 7 dias</span>')
      expect(html).not.toContain('07/12/2026')
      expect(summary.moreExpiring).toBe(false)
      expect(html).not.toContain('há outros')
    })

    it('lists the ten that expire first and says there are more', async () => {
      const account = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      const customer = await makeCustomer(env, account)
      for (let day = 1; day <= 11; day++) {
        const proposal = await makeProposal(env, account, { id: customer.id })
        const validUntil = day <= 6 ? `2026-12-0${day}` : '2026-11-30'
        await env.db.updateTable('proposals').set({ status: 'sent', valid_until: validUntil }).where('id', '=', proposal.id).execute()
      }
      const summary = await dashboardSummary(env.db, env.clock, { id: account.id, timeZone: 'America/Sao_Paulo' })
      expect(summary.expiring.map((proposal) => proposal.validUntil)).toEqual(['2026-11-30', '2026-11-30', '2026-11-30', '2026-11-30', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'])
      expect(summary.moreExpiring).toBe(true)
      const { agent } = await signedInUser(env, { account })
      expect((await agent.get('/dashboard')).body).toContain('Aqui estão os 10 que vencem primeiro; há outros.')
    })

    it('tells an account without API access what to do, and hides settings from members', async () => {
      const account = await makeAccount(env, { planCode: 'basico' })
      const { agent } = await signedInUser(env, { account, role: 'member' })
      const html = (await agent.get('/dashboard')).body
      expect(html).toContain('Sem acesso à API')
      expect(html).toContain('O plano Básico não inclui a API')
      expect(html).not.toContain('href="/settings/integrations"')
      expect(html).toContain('Nenhum documento ainda.')
      // Nothing about to expire: no such card.
      expect(html).not.toContain('dashboard-expiring')
    })
  },
  { clock },
)
