// Sending renders the draft's PDF before its transaction, then checks under the lock that the
// draft is still what was rendered, and renders again once when it is not. An edit made in between
// must reach the frozen original; an internal comment, which moves updated_at like every history
// entry but changes nothing the PDF shows, must not cost a second render (nor, twice, fail the
// send). The PDF also lists the attachments with their hashes: one added in between must not go
// out unlisted (its signers would sign a hash that does not cover it), so the transaction compares
// the attachments with those the PDF was built from; updated_at alone cannot tell when the
// addition falls in the same millisecond as the draft's last change, which this recreates by
// putting it back.
import { createHash } from 'node:crypto'
import { expect, it, vi } from 'vitest'
import { addProposalAttachment, removeProposalAttachment } from '../../src/modules/documents/proposal-attachments.js'
import { addProposalComment } from '../../src/modules/proposals/proposal-comments.js'
import { SYSTEM_ACTOR } from '../../src/modules/proposals/actor.js'
import { pdfText } from '../documents/pdf-text.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount } from '../support/factories.js'
import { makeDraft, postOk } from './lifecycle-fixtures.js'

const afterBuildingPdf = vi.hoisted(() => ({ run: null as null | (() => Promise<void>), builds: 0 }))
vi.mock('../../src/modules/documents/pdf-builders.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/modules/documents/pdf-builders.js')>()
  return {
    ...original,
    buildOriginalPdf: async (...args: Parameters<typeof original.buildOriginalPdf>) => {
      const built = await original.buildOriginalPdf(...args)
      afterBuildingPdf.builds += 1
      const run = afterBuildingPdf.run
      afterBuildingPdf.run = null
      await run?.()
      return built
    },
  }
})

describeEachDialect('an attachment added while a send builds its PDF', (env) => {
  it('renders the document again, so the frozen original lists it', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const late = Buffer.from('%PDF-1.4\n% chegou durante o envio\n%%EOF\n')
    const context = { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, actor: SYSTEM_ACTOR, publicUrl: 'http://localhost' }
    afterBuildingPdf.builds = 0
    afterBuildingPdf.run = async () => {
      const { updated_at } = await env.db.selectFrom('proposals').select('updated_at').where('id', '=', draft.id).executeTakeFirstOrThrow()
      await addProposalAttachment(env.db, context, draft.id, { fileName: 'tardio.pdf', bytes: late })
      // The same millisecond as the draft's last change: updated_at says nothing moved.
      await env.db.updateTable('proposals').set({ updated_at }).where('id', '=', draft.id).execute()
    }
    await postOk(env, account, `${draft.id}/send`, {})
    expect(afterBuildingPdf.builds).toBe(2)
    const original = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/pdf?version=original`, headers: account.auth })
    const text = (await pdfText(original.rawPayload)).replace(/\s+/g, ' ')
    expect(text).toContain(`1. tardio.pdf`)
    expect(text).toContain(`SHA-256 ${createHash('sha256').update(late).digest('hex')}`)
  })

  it('renders it again when an attachment is removed meanwhile, so the frozen original no longer lists it', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const context = { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, actor: SYSTEM_ACTOR, publicUrl: 'http://localhost' }
    const gone = await addProposalAttachment(env.db, context, draft.id, { fileName: 'retirado.pdf', bytes: Buffer.from('%PDF-1.4\n% retirado\n') })
    afterBuildingPdf.builds = 0
    afterBuildingPdf.run = async () => {
      const { updated_at } = await env.db.selectFrom('proposals').select('updated_at').where('id', '=', draft.id).executeTakeFirstOrThrow()
      await removeProposalAttachment(env.db, context, draft.id, gone.id)
      await env.db.updateTable('proposals').set({ updated_at }).where('id', '=', draft.id).execute()
    }
    await postOk(env, account, `${draft.id}/send`, {})
    expect(afterBuildingPdf.builds).toBe(2)
    const original = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/pdf?version=original`, headers: account.auth })
    const text = (await pdfText(original.rawPayload)).replace(/\s+/g, ' ')
    expect(text).not.toContain('retirado.pdf')
    expect(text).not.toContain(gone.sha256)
  })
})

describeEachDialect('an edit or a comment while a send builds its PDF', (env) => {
  it('renders an edited draft again, so the frozen original has the edit', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    afterBuildingPdf.builds = 0
    afterBuildingPdf.run = async () => {
      const edited = await env.app.inject({ method: 'PATCH', url: `/api/v1/proposals/${draft.id}`, headers: account.auth, payload: { title: 'Título mudado durante o envio' } })
      expect(edited.statusCode, edited.body).toBe(200)
    }
    const sent = await postOk(env, account, `${draft.id}/send`, {})
    expect(afterBuildingPdf.builds).toBe(2)
    expect(sent.title).toBe('Título mudado durante o envio')
    const original = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${draft.id}/pdf?version=original`, headers: account.auth })
    expect((await pdfText(original.rawPayload)).replace(/\s+/g, ' ')).toContain('Título mudado durante o envio')
  })

  it('sends on the first render when only comments came meanwhile, even two, each in the history before the sending', async () => {
    const account = await makeAccount(env)
    const draft = await makeDraft(env, account, 'paper')
    const context = { accountId: account.id, timeZone: 'America/Sao_Paulo', clock: env.clock, actor: SYSTEM_ACTOR, publicUrl: 'http://localhost' }
    afterBuildingPdf.builds = 0
    afterBuildingPdf.run = async () => {
      // A later millisecond than the draft's last change, so updated_at does move.
      await new Promise((resolve) => setTimeout(resolve, 5))
      await addProposalComment(env.db, context, draft.id, { text: 'O CRM comentou durante o envio.' })
      await addProposalComment(env.db, context, draft.id, { text: 'E comentou de novo.' })
    }
    const sent = await postOk(env, account, `${draft.id}/send`, {})
    expect(afterBuildingPdf.builds).toBe(1)
    expect(sent.status).toBe('sent')
    expect(sent.events.slice(-3).map((event) => event.type)).toEqual(['comment_added', 'comment_added', 'sent'])
  })
})
