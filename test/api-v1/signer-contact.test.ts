// PATCH /api/v1/proposals/{id}/signers/{signer_id}, on both databases: an integrator corrects a
// signer's e-mail or phone after sending. A new address gets a new link (the old one dies at once)
// and, on the signer's turn, a new invitation; an absent field is kept; the history names the API
// token; every refusal (unknown signer, a signer who signed, a draft, bad or duplicate addresses,
// another account's document) answers its own code and changes nothing.
import { describe, expect, it } from 'vitest'
import type { ProposalDetail } from '../../src/modules/proposals/proposal-mapper.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount, uniqueSuffix } from '../support/factories.js'
import { errorPaths, expectProblem } from '../support/http.js'
import type { TestApp } from '../support/test-app.js'
import { documentIn, snapshotEverything } from '../lifecycle/lifecycle-fixtures.js'

function patchSigner(env: TestApp, account: TestAccount, path: string, payload: unknown) {
  return env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${path}`, headers: account.auth, payload: payload as object })
}

async function patchSignerOk(env: TestApp, account: TestAccount, path: string, payload: unknown): Promise<ProposalDetail> {
  const response = await patchSigner(env, account, path, payload)
  expect(response.statusCode, response.body).toBe(200)
  return response.json<ProposalDetail>()
}

async function emailsTo(env: TestApp, proposalId: number, address: string) {
  return env.db.selectFrom('outbox_emails').select(['kind', 'text_body']).where('proposal_id', '=', proposalId).where('to_address', '=', address).orderBy('id').execute()
}

describeEachDialect("correcting a signer's contact (API)", (env) => {
  it('gives a new e-mail a new link and, on their turn, an invitation; the old link stops working; the history names the token', async () => {
    const account = await makeAccount(env)
    const sent = await documentIn(env, account, 'digital', 'sent')
    const [ana, , caio] = sent.signers
    const oldLink = ana!.url_to_sign!
    const newAddress = `ana.correta.${uniqueSuffix()}@cliente.test`

    const corrected = await patchSignerOk(env, account, `${sent.id}/signers/${ana!.id}`, { email: newAddress.toUpperCase() })
    const anaNow = corrected.signers.find((signer) => signer.id === ana!.id)!
    expect(anaNow).toMatchObject({ email: newAddress, phone: ana!.phone, status: 'sent' })
    expect(anaNow.url_to_sign).toMatch(/\/sign\/[A-Za-z0-9_-]{43}$/)
    expect(anaNow.url_to_sign).not.toBe(oldLink)
    expect((await env.app.inject({ method: 'GET', url: new URL(oldLink).pathname })).statusCode).toBe(404)
    expect((await env.app.inject({ method: 'GET', url: new URL(anaNow.url_to_sign!).pathname })).statusCode).toBe(200)
    const invitations = await emailsTo(env, sent.id, newAddress)
    expect(invitations.map((email) => email.kind)).toEqual(['invitation'])
    expect(invitations[0]!.text_body).toContain(anaNow.url_to_sign!)
    const event = corrected.events.find((entry) => entry.type === 'signer_contact_changed')!
    expect(event.actor).toMatchObject({ type: 'api_token', id: account.token.id })
    expect(event.data).toEqual({ signer: { id: ana!.id, name: ana!.name }, email: { from: ana!.email, to: newAddress }, new_link: true, reinvited: true })

    // Caio's turn has not come: a new link in the database, none in the answer, no invitation yet.
    const caioAddress = `caio.correto.${uniqueSuffix()}@cliente.test`
    const before = await env.db.selectFrom('proposal_signers').select('sign_token').where('id', '=', caio!.id).executeTakeFirstOrThrow()
    const second = await patchSignerOk(env, account, `${sent.id}/signers/${caio!.id}`, { email: caioAddress })
    expect(second.signers.find((signer) => signer.id === caio!.id)).toMatchObject({ email: caioAddress, url_to_sign: null, status: 'pending' })
    const after = await env.db.selectFrom('proposal_signers').select('sign_token').where('id', '=', caio!.id).executeTakeFirstOrThrow()
    expect(after.sign_token).not.toBe(before.sign_token)
    expect(await emailsTo(env, sent.id, caioAddress)).toEqual([])
  })

  it('keeps an absent field, clears the phone with null, and changes nothing when the values are the stored ones', async () => {
    const account = await makeAccount(env)
    const sent = await documentIn(env, account, 'digital', 'sent')
    const beto = sent.signers[1]!
    const path = `${sent.id}/signers/${beto.id}`

    const withPhone = await patchSignerOk(env, account, path, { phone: '+55 11 98888-7777' })
    expect(withPhone.signers[1]).toMatchObject({ email: beto.email, phone: '+55 11 98888-7777', url_to_sign: beto.url_to_sign })
    expect(withPhone.events.at(-1)).toMatchObject({ type: 'signer_contact_changed', data: { phone: { from: null, to: '+55 11 98888-7777' }, new_link: false, reinvited: false } })
    expect(await emailsTo(env, sent.id, beto.email)).toHaveLength(1) // the first invitation only

    const cleared = await patchSignerOk(env, account, `${sent.external_uuid}/signers/${beto.id}`, { phone: null })
    expect(cleared.signers[1]!.phone).toBeNull()

    const eventsBefore = cleared.events.length
    const same = await patchSignerOk(env, account, path, { email: beto.email, phone: null })
    expect(same.events).toHaveLength(eventsBefore)
    expect(same.signers[1]!.url_to_sign).toBe(beto.url_to_sign)

    // A phone stored with spaces around it (as a creation may send it) is the same number trimmed.
    await env.db.updateTable('proposal_signers').set({ phone: ' (11) 98888-7777 ' }).where('id', '=', beto.id).execute()
    const trimmed = await patchSignerOk(env, account, path, { phone: '(11) 98888-7777' })
    expect(trimmed.events).toHaveLength(eventsBefore)
  })

  describe('refusals change nothing', () => {
    it('answers each with its own code', async () => {
      const account = await makeAccount(env)
      const other = await makeAccount(env)
      const sent = await documentIn(env, account, 'digital', 'sent')
      const elsewhere = await documentIn(env, account, 'digital', 'sent')
      const draft = await documentIn(env, account, 'digital', 'draft')
      const cancelled = await documentIn(env, account, 'digital', 'cancelled')
      const [ana, beto] = sent.signers
      await env.db.updateTable('proposal_signers').set({ status: 'signed', signed_at: new Date().toISOString() }).where('id', '=', beto!.id).execute()
      const snapshot = await snapshotEverything(env.db)

      // Another document's signer is not one of this document's.
      expectProblem(await patchSigner(env, account, `${sent.id}/signers/${elsewhere.signers[0]!.id}`, { email: 'x@cliente.test' }), 404, 'signer_not_found')
      // Another account's document reads exactly like a missing one.
      const foreign = expectProblem(await patchSigner(env, other, `${sent.id}/signers/${ana!.id}`, { email: 'x@cliente.test' }), 404, 'proposal_not_found')
      const missing = expectProblem(await patchSigner(env, other, `999999999/signers/${ana!.id}`, { email: 'x@cliente.test' }), 404, 'proposal_not_found')
      expect(foreign.detail.replace(String(sent.id), 'ID')).toBe(missing.detail.replace('999999999', 'ID'))
      const answered = expectProblem(await patchSigner(env, account, `${sent.id}/signers/${beto!.id}`, { email: 'x@cliente.test' }), 409, 'signer_already_answered')
      expect(answered).toMatchObject({ signer_status: 'signed' })
      // The signer is looked for before the document's status is judged: a closed document's unknown signer is a 404.
      expectProblem(await patchSigner(env, account, `${cancelled.id}/signers/${elsewhere.signers[0]!.id}`, { email: 'x@cliente.test' }), 404, 'signer_not_found')
      for (const closed of [draft, cancelled]) {
        const problem = expectProblem(await patchSigner(env, account, `${closed.id}/signers/${closed.signers[0]!.id}`, { email: 'x@cliente.test' }), 409, 'invalid_status_transition')
        expect(problem).toMatchObject({ current_status: closed.status })
      }
      const duplicate = expectProblem(await patchSigner(env, account, `${sent.id}/signers/${ana!.id}`, { email: sent.signers[2]!.email }), 422, 'validation_failed')
      expect(errorPaths(duplicate)).toEqual(['/email'])
      const cases: Array<[unknown, string[]]> = [
        [{}, ['/']],
        [{ email: 'not an address' }, ['/email']],
        [{ phone: 'call me' }, ['/phone']],
        [{ phone: '          ' }, ['/phone']],
        [{ email: 'ana@cliente.test', name: 'Outra' }, ['/name']],
      ]
      for (const [body, paths] of cases) {
        expect(errorPaths(expectProblem(await patchSigner(env, account, `${sent.id}/signers/${ana!.id}`, body), 422, 'validation_failed')), JSON.stringify(body)).toEqual(paths)
      }
      expect(errorPaths(expectProblem(await patchSigner(env, account, `${sent.id}/signers/abc`, { phone: null }), 422, 'validation_failed'))).toEqual(['/signer_id'])
      expect(await snapshotEverything(env.db)).toEqual(snapshot)
    })

    it('holds a new address to the daily message cap (429 with Retry-After)', async () => {
      const account = await makeAccount(env)
      const sent = await documentIn(env, account, 'digital', 'sent')
      const ana = sent.signers[0]!
      const path = `${sent.id}/signers/${ana.id}`
      const elsewhere = `ana.outra.${uniqueSuffix()}@cliente.test`
      // Back and forth: the original address already had its invitation, so it reaches 3 first.
      for (const address of [elsewhere, ana.email, elsewhere, ana.email, elsewhere]) await patchSignerOk(env, account, path, { email: address })
      const snapshot = await snapshotEverything(env.db)
      const response = await patchSigner(env, account, path, { email: ana.email })
      expect(expectProblem(response, 429, 'resend_limit_reached')).toMatchObject({ signer_id: ana.id })
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
      expect(await snapshotEverything(env.db)).toEqual(snapshot)
    })
  })
})
