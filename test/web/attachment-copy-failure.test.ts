// "Duplicar" copies the source's attachments after the new draft is made, in a transaction of its
// own. When that copy fails (a storage error, a lost connection) the draft already exists: the
// user must land on it, told the files were not copied, rather than on an error page whose
// resubmission would make a second draft. The copy is made to fail here by replacing it.
import { expect, it, vi } from 'vitest'
import { t } from '../../src/http/web/i18n/pt-BR.js'
import { addProposalAttachment } from '../../src/modules/documents/proposal-attachments.js'
import { makeDraft } from '../lifecycle/lifecycle-fixtures.js'
import { postFormsIn } from '../security/support/web-forms.js'
import { describeEachDialect } from '../support/dialects.js'
import { signedInUser } from '../support/web-login.js'

const copyFails = vi.hoisted(() => ({ calls: 0 }))
vi.mock('../../src/modules/documents/proposal-attachments.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/modules/documents/proposal-attachments.js')>()
  return {
    ...original,
    copyProposalAttachments: async () => {
      copyFails.calls += 1
      throw new Error('the storage went away')
    },
  }
})

describeEachDialect('a failed copy of a duplicated document’s attachments', (env) => {
  it('takes the user to the new draft with an error flash, not an error page; the draft exists once, without the files', async () => {
    const { agent, account, user } = await signedInUser(env, { role: 'member' })
    const source = await makeDraft(env, account, 'digital')
    const actor = { type: 'user' as const, id: user.id, name: user.name }
    const context = { accountId: account.id, timeZone: account.account.time_zone, clock: env.clock, actor, publicUrl: 'http://vendoc.test' }
    await addProposalAttachment(env.db, context, source.id, { fileName: 'Portfólio.pdf', bytes: Buffer.from('%PDF-1.4\n% portfolio\n%%EOF\n') })
    const countDocuments = async () => Number((await env.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', account.id).executeTakeFirstOrThrow()).n)
    const before = await countDocuments()

    const copyUrl = `/proposals/new?from=${source.id}`
    const forms = postFormsIn(copyUrl, (await agent.get(copyUrl)).body, { asBrowser: true }).filter((found) => found.action === '/proposals')
    expect(forms).toHaveLength(1)
    expect(forms[0]!.fields.get('copy_attachments')).toBe('1')
    copyFails.calls = 0
    const saved = await agent.post('/proposals', Object.fromEntries(forms[0]!.fields))

    expect(copyFails.calls).toBe(1)
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303)
    const match = /^\/proposals\/(\d+)\/edit$/.exec(String(saved.headers.location))
    expect(match, String(saved.headers.location)).not.toBeNull()
    const draftId = Number(match![1])
    expect(draftId).not.toBe(source.id)
    expect(await countDocuments()).toBe(before + 1)
    const files = await env.db.selectFrom('proposal_files').select('id').where('account_id', '=', account.id).where('proposal_id', '=', draftId).execute()
    expect(files).toEqual([])

    const page = await agent.get(`/proposals/${draftId}/edit`)
    expect(page.statusCode).toBe(200)
    const { number } = await env.db.selectFrom('proposals').select('number').where('id', '=', draftId).executeTakeFirstOrThrow()
    expect(page.body).toMatch(new RegExp(`<p class="alert error flash"[^>]*>${escapeRegExp(t.proposals.copy.attachmentsFailed(number))}</p>`))
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
