// The rendered document of a sent document is the HTML frozen at sending (what its signers see and
// its PDF holds), not a new rendering from a template edited since; a draft renders as it stands.
// The API's `links.document` points at that page.
import { expect, it } from 'vitest'
import { DOCUMENT_CONTENT_SECURITY_POLICY } from '../../src/http/web/routes/template-routes.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeCustomer, makeProposal } from '../support/factories.js'
import { PUBLIC_URL } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

describeEachDialect('document preview after sending', (env) => {
  it('shows the frozen HTML once sent, whatever the template became, and a draft as the template renders it now', async () => {
    const { agent, account } = await signedInUser(env)
    await env.db.updateTable('templates').set({ body: 'Versão enviada para {{ customer.name }}' }).where('id', '=', account.template.id).execute()
    const customer = await makeCustomer(env, account)
    const sent = await makeProposal(env, account, customer)
    const draft = await makeProposal(env, account, customer)
    const sending = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${sent.id}/send`, headers: account.auth, payload: {} })
    expect(sending.statusCode, sending.body).toBe(200)
    const frozen = await env.db.selectFrom('proposal_files').select('bytes').where('proposal_id', '=', sent.id).where('kind', '=', 'html').executeTakeFirstOrThrow()

    await env.db.updateTable('templates').set({ body: 'Modelo alterado depois' }).where('id', '=', account.template.id).execute()
    const sentPreview = await agent.get(`/proposals/${sent.id}/preview/document`)
    expect(sentPreview.statusCode).toBe(200)
    expect(sentPreview.headers['content-security-policy']).toBe(DOCUMENT_CONTENT_SECURITY_POLICY)
    expect(sentPreview.body).toBe(Buffer.from(frozen.bytes).toString('utf8'))
    expect(sentPreview.body).toContain('Versão enviada para')
    expect(sentPreview.body).not.toContain('Modelo alterado depois')
    expect((await agent.get(`/proposals/${draft.id}/preview/document`)).body).toContain('Modelo alterado depois')

    const detail = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${sent.id}`, headers: account.auth })
    expect(detail.json().links.document).toBe(`${PUBLIC_URL}/proposals/${sent.id}/preview`)
  })
})
