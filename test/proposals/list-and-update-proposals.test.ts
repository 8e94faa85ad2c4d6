// listProposals (filters, tenant scope, order) and updateProposal (draft only, totals recomputed,
// history entry, tenant scope) on both databases.
import { describe, expect, it } from 'vitest'
import { listProposals } from '../../src/modules/proposals/list-proposals.js'
import { updateProposal } from '../../src/modules/proposals/update-proposal.js'
import { AppError } from '../../src/platform/errors.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import type { TestApp } from '../support/test-app.js'

const clock = new ManualClock()
const page = { page: 1, perPage: 25 }

function scope(env: TestApp, account: TestAccount) {
  return { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, via: 'web' as const, actor: { type: 'user' as const, id: null, name: 'Teste' } }
}

describeEachDialect(
  'listProposals and updateProposal',
  (env) => {
    describe('listProposals', () => {
      it('filters by status, seller, customer text or id and period, newest first, only this account', async () => {
        const account = await makeAccount(env)
        const other = await makeAccount(env)
        const acme = await makeCustomer(env, account, { name: 'Acme Indústria Ltda', code: 'ACME-1' })
        const beta = await makeCustomer(env, account, { name: 'Beta Serviços' })
        clock.set('2026-03-10T15:00:00Z')
        const first = await makeProposal(env, account, acme, { title: 'Primeiro' })
        clock.set('2026-03-20T15:00:00Z')
        const second = await makeProposal(env, account, beta, { title: 'Segundo', seller_id: account.otherSeller.id })
        // 02:00 UTC on 21/03 is still 20/03 in São Paulo.
        clock.set('2026-03-21T02:00:00Z')
        const third = await makeProposal(env, account, acme, { title: 'Terceiro' })
        await env.db.updateTable('proposals').set({ status: 'sent' }).where('id', '=', third.id).execute()
        const foreignCustomer = await makeCustomer(env, other, { name: 'Acme Indústria Ltda' })
        await makeProposal(env, other, foreignCustomer)

        const tz = { id: account.id, timeZone: 'America/Sao_Paulo' }
        const ids = async (filters: Parameters<typeof listProposals>[2]) => (await listProposals(env.db, tz, filters, page)).rows.map((row) => row.id)

        const all = await listProposals(env.db, tz, {}, page)
        expect(all.total).toBe(3)
        expect(all.rows.map((row) => row.id)).toEqual([third.id, second.id, first.id])
        expect(all.rows[1]).toMatchObject({ customer_name: 'Beta Serviços', seller_name: account.otherSeller.name, total_cents: 150_000 })
        expect(await ids({ status: 'sent' })).toEqual([third.id])
        expect(await ids({ status: 'draft' })).toEqual([second.id, first.id])
        expect(await ids({ sellerId: account.otherSeller.id })).toEqual([second.id])
        expect(await ids({ customerText: 'acme' })).toEqual([third.id, first.id])
        expect(await ids({ customerText: 'acme-' })).toEqual([third.id, first.id])
        const formatted = acme.document!.replace(/^(..)(...)(...)(....)(..)$/, '$1.$2.$3/$4-$5')
        expect(await ids({ customerText: formatted })).toEqual([third.id, first.id])
        expect(await ids({ customerText: '100%' })).toEqual([])
        expect(await ids({ customerId: beta.id })).toEqual([second.id])
        expect(await ids({ customerId: foreignCustomer.id })).toEqual([])
        expect(await ids({ createdFrom: '2026-03-20', createdTo: '2026-03-20' })).toEqual([third.id, second.id])
        expect(await ids({ createdFrom: '2026-03-21' })).toEqual([])
        expect(await ids({ createdTo: '2026-03-15' })).toEqual([first.id])

        const paged = await listProposals(env.db, tz, {}, { page: 2, perPage: 2 })
        expect(paged).toMatchObject({ total: 3, rows: [{ id: first.id }] })
      })
    })

    describe('updateProposal', () => {
      it('replaces the content of a draft, recomputes the totals and records the change', async () => {
        const account = await makeAccount(env)
        const customer = await makeCustomer(env, account)
        const created = await makeProposal(env, account, customer, { signature_type: 'digital', signers: [{ name: 'Ana', email: 'ana@x.test', role_id: account.roles.party.id }] })
        const result = await updateProposal(env.db, scope(env, account), created.id, {
          title: 'Revisado',
          template_id: account.template.id,
          signature_type: 'paper',
          payment_method_id: account.paymentMethods.card.id,
          installments: 3,
          customer: { id: customer.id },
          items: [
            { product_id: account.products.main.id, quantity: 2 },
            { product_id: account.products.service.id, quantity: 3, discount_cents: 1_000 },
          ],
          signers: [],
          fields: { prazo: '30 dias' },
        })
        expect(result).toEqual({ outcome: 'updated', id: created.id, number: created.number, total_cents: 300_000 + 37_035 - 1_000 })
        const row = await env.db.selectFrom('proposals').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow()
        expect(row).toMatchObject({ title: 'Revisado', installments: 3, subtotal_cents: 337_035, discount_cents: 1_000, total_cents: 336_035, status: 'draft', fields_json: '{"prazo":"30 dias"}' })
        const items = await env.db.selectFrom('proposal_items').select(['product_id', 'total_cents']).where('proposal_id', '=', created.id).orderBy('position').execute()
        expect(items).toEqual([{ product_id: account.products.main.id, total_cents: 300_000 }, { product_id: account.products.service.id, total_cents: 36_035 }])
        const signers = await env.db.selectFrom('proposal_signers').select('id').where('proposal_id', '=', created.id).execute()
        expect(signers).toEqual([])
        const events = await env.db.selectFrom('proposal_events').select(['type', 'actor_name', 'data_json']).where('proposal_id', '=', created.id).orderBy('id').execute()
        expect(events.map((event) => event.type)).toEqual(['created', 'updated'])
        expect(events[1]!.actor_name).toBe('Teste')
        expect(JSON.parse(events[1]!.data_json)).toMatchObject({ previous_total_cents: 150_000, total_cents: 336_035 })
      })

      it('refuses a non-draft, another account and invalid content, changing nothing', async () => {
        const account = await makeAccount(env)
        const other = await makeAccount(env)
        const customer = await makeCustomer(env, account)
        const created = await makeProposal(env, account, customer)
        const input = {
          template_id: account.template.id,
          signature_type: 'paper' as const,
          payment_method_id: account.paymentMethods.pix.id,
          customer: { id: customer.id },
          items: [{ product_id: account.products.service.id, quantity: 1 }],
        }
        expect(await updateProposal(env.db, scope(env, other), created.id, input)).toEqual({ outcome: 'not_found' })
        expect(await updateProposal(env.db, scope(env, account), 99_999_999, input)).toEqual({ outcome: 'not_found' })

        const bad = updateProposal(env.db, scope(env, account), created.id, { ...input, items: [{ product_id: account.products.inactive.id, quantity: 1.0005 }] })
        await expect(bad).rejects.toBeInstanceOf(AppError)
        await expect(bad).rejects.toMatchObject({ code: 'validation_failed', extras: { errors: [{ path: '/items/0/product_id' }, { path: '/items/0/quantity' }] } })

        await env.db.updateTable('proposals').set({ status: 'sent' }).where('id', '=', created.id).execute()
        expect(await updateProposal(env.db, scope(env, account), created.id, input)).toEqual({ outcome: 'not_editable', status: 'sent' })

        const row = await env.db.selectFrom('proposals').select(['total_cents', 'updated_at']).where('id', '=', created.id).executeTakeFirstOrThrow()
        expect(row.total_cents).toBe(150_000)
        const items = await env.db.selectFrom('proposal_items').select('product_id').where('proposal_id', '=', created.id).execute()
        expect(items).toEqual([{ product_id: account.products.main.id }])
        const events = await env.db.selectFrom('proposal_events').select('type').where('proposal_id', '=', created.id).execute()
        expect(events.map((event) => event.type)).toEqual(['created'])
      })
    })
  },
  { clock },
)
