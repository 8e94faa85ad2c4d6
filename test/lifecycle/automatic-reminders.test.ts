// Automatic reminders on both databases: an account's "a cada N dias" reminds each signer whose
// turn it is N days after their invitation or last reminder (one sent by hand restarts the wait),
// in the daytime of the account's zone, at most AUTO_REMINDER_MAX times each, through the same
// message and history entry as a reminder sent by hand; nothing for signers who signed, for later
// turns, for closed documents, or for accounts that did not ask.
import { expect, it } from 'vitest'
import { AUTO_REMINDER_MAX, sendAutomaticReminders } from '../../src/modules/lifecycle/automatic-reminders.js'
import { resendProposal } from '../../src/modules/lifecycle/resend-proposal.js'
import { signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { sentDigitalDocument, type SentSigner } from '../support/signing.js'
import type { TestApp } from '../support/test-app.js'

const clock = new ManualClock()
const PUBLIC_URL = 'http://vendoc.test'
const DAY = 24 * 3600_000
/** 10:00 in São Paulo. */
const SENT_AT = '2026-11-02T13:00:00.000Z'

function run(env: TestApp) {
  return sendAutomaticReminders(env.db, env.clock, PUBLIC_URL)
}

/** Who got a reminder for the document, in order. */
async function remindersTo(env: TestApp, proposalId: number): Promise<string[]> {
  const rows = await env.db.selectFrom('outbox_emails').select('to_address').where('proposal_id', '=', proposalId).where('kind', '=', 'reminder').orderBy('id').execute()
  return rows.map((row) => row.to_address)
}

/** An account that turned reminders on (`since`: when) or off (null days). */
async function remindingAccount(env: TestApp, days: number | null, timeZone = 'America/Sao_Paulo', since = '2026-11-01T00:00:00.000Z'): Promise<TestAccount> {
  const account = await makeAccount(env, { timeZone })
  await env.db.updateTable('accounts').set({ auto_reminder_days: days, auto_reminders_since: days === null ? null : since }).where('id', '=', account.id).execute()
  return account
}

async function threeSigners(env: TestApp, account: TestAccount) {
  clock.set(SENT_AT)
  const doc = await sentDigitalDocument(env, account, [
    { name: 'Ana Lima', cpf: validCpf(), order: 1 },
    { name: 'Bia Reis', cpf: validCpf(), order: 1 },
    { name: 'Caio Dias', cpf: validCpf(), order: 2 },
  ])
  return { ...doc, ana: doc.signers[0]!, bia: doc.signers[1]!, caio: doc.signers[2]! }
}

describeEachDialect('automatic reminders', (env) => {
  it('reminds the signers whose turn it is every N days, restarted by a reminder sent by hand, at most the cap', async () => {
    const account = await remindingAccount(env, 2)
    const doc = await threeSigners(env, account)

    clock.set(new Date(Date.parse(SENT_AT) + DAY))
    expect(await run(env)).toBe(0)
    clock.set(new Date(Date.parse(SENT_AT) + 2 * DAY))
    expect(await run(env)).toBe(2)
    expect(await remindersTo(env, doc.id)).toEqual([doc.ana.email, doc.bia.email])
    // Run again within the hour (or by another process): nothing more.
    expect(await run(env)).toBe(0)
    const history = await env.db.selectFrom('proposal_events').select(['type', 'actor_type', 'data_json']).where('proposal_id', '=', doc.id).where('type', '=', 'resent').execute()
    expect(history).toHaveLength(1)
    expect(history[0]!.actor_type).toBe('system')
    expect(JSON.parse(history[0]!.data_json)).toEqual({ signer_ids: [doc.ana.id, doc.bia.id], automatic: true })

    // Ana is reminded by hand on day 3: her automatic wait starts again; Bia's does not.
    clock.set(new Date(Date.parse(SENT_AT) + 3 * DAY))
    await resendProposal(env.db, { accountId: account.id, timeZone: 'America/Sao_Paulo', clock, actor: { type: 'user', id: account.seller.id, name: 'Carla' }, publicUrl: PUBLIC_URL }, doc.id, { signerIds: [doc.ana.id] })
    clock.set(new Date(Date.parse(SENT_AT) + 4 * DAY))
    expect(await run(env)).toBe(1)
    expect((await remindersTo(env, doc.id)).slice(3)).toEqual([doc.bia.email])

    // Bia signs; Ana is reminded until her automatic reminders reach the cap, and then never again.
    const bia: SentSigner = doc.bia
    expect((await signAsSigner(env.db, clock, bia.token, { name: bia.name, cpf: bia.cpf ?? '', consent: true, signatureKind: 'typed', signatureData: bia.name }, { ip: '203.0.113.5', userAgent: 'Mozilla/5.0' }, { baseUrl: PUBLIC_URL })).outcome).toBe('signed')
    for (let day = 5; day <= 20; day++) {
      clock.set(new Date(Date.parse(SENT_AT) + day * DAY))
      await run(env)
    }
    const ana = (await remindersTo(env, doc.id)).filter((to) => to === doc.ana.email)
    // One by hand, AUTO_REMINDER_MAX automatic.
    expect(ana).toHaveLength(1 + AUTO_REMINDER_MAX)
    expect((await remindersTo(env, doc.id)).filter((to) => to === doc.bia.email)).toHaveLength(2)
    // Caio's turn has not come: never reminded.
    expect((await remindersTo(env, doc.id)).filter((to) => to === doc.caio.email)).toEqual([])
    const counts = await env.db.selectFrom('proposal_signers').select(['id', 'auto_reminders']).where('proposal_id', '=', doc.id).orderBy('id').execute()
    expect(counts.map((row) => row.auto_reminders)).toEqual([AUTO_REMINDER_MAX, 2, 0])
  })

  it("sends nothing at night in the account's zone, nothing for accounts that did not ask or asked after the invitation, nothing for closed documents", async () => {
    const manaus = await remindingAccount(env, 2, 'America/Manaus')
    const quiet = await remindingAccount(env, null)
    // Turned on after this account's document went out: it is left alone.
    const late = await remindingAccount(env, 2, 'America/Manaus', '2026-11-03T00:00:00.000Z')
    const open = await threeSigners(env, manaus)
    const cancelled = await threeSigners(env, manaus)
    const other = await threeSigners(env, quiet)
    const older = await threeSigners(env, late)
    await env.db.updateTable('proposals').set({ status: 'cancelled' }).where('id', '=', cancelled.id).execute()

    // Two days and a bit later, at 07:30 in Manaus (UTC−4): still night there.
    clock.set('2026-11-05T11:30:00.000Z')
    await run(env)
    expect(await remindersTo(env, open.id)).toEqual([])
    clock.set('2026-11-05T12:00:00.000Z')
    await run(env)
    expect(await remindersTo(env, open.id)).toEqual([open.ana.email, open.bia.email])
    expect(await remindersTo(env, cancelled.id)).toEqual([])
    expect(await remindersTo(env, other.id)).toEqual([])
    expect(await remindersTo(env, older.id)).toEqual([])
    // Due again two days later, but at 20:00 in Manaus: the evening waits for the morning.
    clock.set('2026-11-08T00:00:00.000Z')
    await run(env)
    expect(await remindersTo(env, open.id)).toHaveLength(2)
    clock.set('2026-11-08T12:00:00.000Z')
    await run(env)
    expect(await remindersTo(env, open.id)).toHaveLength(4)
  })

  it('skips a document whose validity ended without failing the others, and reminds once when two runs overlap', async () => {
    const account = await remindingAccount(env, 3)
    const ended = await threeSigners(env, account)
    const open = await threeSigners(env, account)
    await env.db.updateTable('proposals').set({ valid_until: '2026-11-03' }).where('id', '=', ended.id).execute()
    clock.set(new Date(Date.parse(SENT_AT) + 3 * DAY))
    // Two runs at once (two server processes): each signer is reminded once.
    await Promise.all([run(env), run(env)])
    expect(await remindersTo(env, ended.id)).toEqual([])
    expect(await remindersTo(env, open.id)).toHaveLength(2)
  })
}, { clock })
