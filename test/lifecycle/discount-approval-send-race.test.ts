// Sending checks the discount twice: on the draft it read, before building the PDF, and again on
// the row it locked. A limit saved while the PDF was being built moves no draft's updated_at, so
// only the second check can catch it: this builds the PDF through a wrapper that changes the
// account's limit first, and the send must be refused with nothing written (and a limit the
// discount stays within lets the draft go).
import { expect, it, vi } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, type TestAccount } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { makeDraft, post, snapshotEverything } from './lifecycle-fixtures.js'

const whileBuildingPdf = vi.hoisted(() => ({ run: null as null | (() => Promise<void>) }))
vi.mock('../../src/modules/documents/pdf-builders.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/modules/documents/pdf-builders.js')>()
  return {
    ...original,
    buildOriginalPdf: async (...args: Parameters<typeof original.buildOriginalPdf>) => {
      const run = whileBuildingPdf.run
      whileBuildingPdf.run = null
      await run?.()
      return original.buildOriginalPdf(...args)
    },
  }
})

async function setLimit(env: TestApp, account: TestAccount, bp: number | null) {
  await env.db.updateTable('accounts').set({ discount_approval_above_bp: bp }).where('id', '=', account.id).execute()
}

/** A draft of two R$ 1.500,00 units with 20 % off. */
function twentyPercentOff(env: TestApp, account: TestAccount) {
  return makeDraft(env, account, 'paper', { items: [{ product_id: account.products.main.id, quantity: 2, discount_cents: 60_000 }] })
}

describeEachDialect('discount approval while a send builds its PDF', (env) => {
  it('refuses the send when a limit the discount passes is saved meanwhile, writing nothing', async () => {
    const account = await makeAccount(env)
    const draft = await twentyPercentOff(env, account)
    let ran = false
    whileBuildingPdf.run = async () => {
      await setLimit(env, account, 1000)
      ran = true
    }
    const before = await snapshotEverything(env.db)
    const refused = await post(env, account, `${draft.id}/send`)
    expect(ran).toBe(true)
    expect(refused.statusCode, refused.body).toBe(422)
    expect(refused.json()).toMatchObject({ code: 'discount_approval_required', discount_percent: '20', limit_percent: '10' })
    expect(await snapshotEverything(env.db)).toEqual(before)
    const stored = await env.db.selectFrom('proposals').select(['status', 'original_sha256']).where('id', '=', draft.id).executeTakeFirstOrThrow()
    expect(stored).toEqual({ status: 'draft', original_sha256: null })
  })

  it('sends when a limit saved meanwhile leaves the discount within it', async () => {
    const account = await makeAccount(env)
    const draft = await twentyPercentOff(env, account)
    whileBuildingPdf.run = () => setLimit(env, account, 2000)
    const sent = await post(env, account, `${draft.id}/send`)
    expect(whileBuildingPdf.run).toBeNull()
    expect(sent.statusCode, sent.body).toBe(200)
    expect(sent.json().status).toBe('sent')
  })
})
