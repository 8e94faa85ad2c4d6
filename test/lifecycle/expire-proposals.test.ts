// Automatic expiry across valid_until, in each account's time zone, with a clock the test moves.
import { expect, it } from 'vitest'
import { expireProposals } from '../../src/modules/lifecycle/expire-proposals.js'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { makeDraft, postOk } from './lifecycle-fixtures.js'

const clock = new ManualClock('2026-11-29T12:00:00.000Z')
const PUBLIC_URL = 'http://vendoc.test'

describeEachDialect(
  'expireProposals',
  (env) => {
    it('expires open documents after their valid_until in the account’s time zone, once, by the system', async () => {
      clock.set('2026-11-29T12:00:00.000Z')
      const saoPaulo = await makeAccount(env, { timeZone: 'America/Sao_Paulo' })
      const tokyo = await makeAccount(env, { timeZone: 'Asia/Tokyo' })
      const valid = { valid_until: '2026-11-30' }
      const spDigital = await postOk(env, saoPaulo, `${(await makeDraft(env, saoPaulo, 'digital', valid)).id}/send`)
      const spPaper = await postOk(env, saoPaulo, `${(await makeDraft(env, saoPaulo, 'paper', valid)).id}/send`)
      const spDraft = await makeDraft(env, saoPaulo, 'paper', valid)
      const spCancelled = await postOk(env, saoPaulo, `${(await makeDraft(env, saoPaulo, 'paper', valid)).id}/cancel`, { reason: 'x' })
      const tkSent = await postOk(env, tokyo, `${(await makeDraft(env, tokyo, 'digital', valid)).id}/send`)
      expect(spDigital.signers[0]!.url_to_sign).not.toBeNull()

      const statusOf = async (id: number) => (await env.db.selectFrom('proposals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

      // Nov 30, 23:00 in São Paulo (Dec 1 in UTC): the last valid day is still today there.
      clock.set('2026-12-01T02:00:00.000Z')
      await expireProposals(env.db, clock, PUBLIC_URL)
      expect(await statusOf(spDigital.id)).toBe('sent')
      // …but Dec 1, 11:00 in Tokyo: expired.
      expect(await statusOf(tkSent.id)).toBe('expired')

      // Dec 1, 00:30 in São Paulo.
      clock.set('2026-12-01T03:30:00.000Z')
      expect(await expireProposals(env.db, clock, PUBLIC_URL)).toBeGreaterThanOrEqual(2)
      expect(await statusOf(spDigital.id)).toBe('expired')
      expect(await statusOf(spPaper.id)).toBe('expired')
      expect(await statusOf(spDraft.id)).toBe('draft')
      expect(await statusOf(spCancelled.id)).toBe('cancelled')

      const response = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${spDigital.id}`, headers: saoPaulo.auth })
      const detail = response.json<ProposalDetail>()
      expect(detail.expired_at).toBe('2026-12-01T03:30:00.000Z')
      expect(detail.signers.every((signer) => signer.url_to_sign === null)).toBe(true)
      expect(detail.events.at(-1)).toMatchObject({ type: 'expired', actor: { type: 'system', id: null }, data: { valid_until: '2026-11-30', previous_status: 'sent' } })
      const types = await env.db.selectFrom('domain_events').select('type').where('proposal_id', '=', spDigital.id).orderBy('created_at').execute()
      expect(types.map((row) => row.type)).toEqual(['proposal.created', 'proposal.sent', 'proposal.expired'])

      // Running again changes nothing for these documents.
      const before = await env.db.selectFrom('proposal_events').select('id').where('proposal_id', 'in', [spDigital.id, spPaper.id, tkSent.id]).execute()
      await expireProposals(env.db, clock, PUBLIC_URL)
      const after = await env.db.selectFrom('proposal_events').select('id').where('proposal_id', 'in', [spDigital.id, spPaper.id, tkSent.id]).execute()
      expect(after).toHaveLength(before.length)
    })
  },
  { clock },
)
