// The account's usual message to the signers (Configurações → Conta), on both databases: an admin
// saves it (trimmed; too long or with control characters is a 422 naming the field, changing
// nothing); a digital draft's send form starts from it and what the seller leaves there is what
// goes; an API send without `message` uses it, `null` or blank sends none, and a paper document
// ignores it rather than failing.
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'
import { makeDraft, postOk } from '../lifecycle/lifecycle-fixtures.js'

const SETTINGS = '/settings/account'
const BASE = { name: 'Comercial Sul', time_zone: 'America/Sao_Paulo' }

async function storedDefault(env: TestApp, accountId: number): Promise<string | null> {
  const row = await env.db.selectFrom('accounts').select('default_signer_message').where('id', '=', accountId).executeTakeFirstOrThrow()
  return row.default_signer_message
}

describeEachDialect("the account's usual message to the signers", (env) => {
  it('is saved trimmed by an admin, refused when too long or with control characters, and cleared when blank', async () => {
    const { agent, account } = await signedInUser(env)
    const saved = await agent.submit(SETTINGS, SETTINGS, { ...BASE, default_signer_message: '\r\n  Olá!\r\nSegue a proposta.  \n' })
    expect(saved.statusCode, saved.body).toBe(303)
    expect(await storedDefault(env, account.id)).toBe('Olá!\nSegue a proposta.')
    const page = await agent.get(SETTINGS)
    expect(page.body).toMatch(/<textarea id="field-default_signer_message" name="default_signer_message" rows="3" maxlength="1000"[^>]*>Olá!\nSegue a proposta.<\/textarea>/)

    for (const [typed, error] of [['m'.repeat(1001), 'Use no máximo 1000 caracteres.'], ['Olá\u0007', 'Tire os caracteres de controle do texto.'], ['\u202eabc', 'Tire os caracteres de controle do texto.']] as const) {
      const before = await env.db.selectFrom('accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow()
      const refused = await agent.submit(SETTINGS, SETTINGS, { ...BASE, name: 'Outro Nome', default_signer_message: typed })
      expect(refused.statusCode).toBe(422)
      expect(refused.body).toContain(error)
      expect(refused.body).toMatch(/id="field-default_signer_message"[^>]*aria-invalid="true"/)
      expect(await env.db.selectFrom('accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow()).toEqual(before)
    }

    await agent.submit(SETTINGS, SETTINGS, { ...BASE, default_signer_message: ' \n ' })
    expect(await storedDefault(env, account.id)).toBeNull()
  })

  it("fills a digital draft's send form, and the form sends what the seller leaves there", async () => {
    const { agent, account } = await signedInUser(env)
    await agent.submit(SETTINGS, SETTINGS, { ...BASE, default_signer_message: 'Mensagem <padrão> da empresa.' })
    const digital = await makeDraft(env, account, 'digital')
    const paper = await makeDraft(env, account, 'paper')
    const edit = `/proposals/${digital.id}/edit`
    expect((await agent.get(edit)).body).toMatch(/<textarea id="field-signer-message" name="message" rows="3" maxlength="1000"[^>]*>Mensagem &lt;padrão> da empresa.<\/textarea>/)
    expect((await agent.get(`/proposals/${paper.id}/edit`)).body).not.toContain('name="message"')

    await agent.submit(edit, `/proposals/${digital.id}/send`, { message: 'Mensagem <padrão> da empresa, com um P.S.' })
    expect((await env.db.selectFrom('proposals').select('signer_message').where('id', '=', digital.id).executeTakeFirstOrThrow()).signer_message).toBe('Mensagem <padrão> da empresa, com um P.S.')
    // Cleared by the seller: none, the usual one notwithstanding.
    const cleared = await makeDraft(env, account, 'digital')
    await agent.submit(`/proposals/${cleared.id}/edit`, `/proposals/${cleared.id}/send`, { message: '' })
    expect((await env.db.selectFrom('proposals').select(['status', 'signer_message']).where('id', '=', cleared.id).executeTakeFirstOrThrow())).toEqual({ status: 'sent', signer_message: null })
  })

  it('is what an API send without `message` says; null or blank says nothing; a paper document ignores it', async () => {
    const { agent, account } = await signedInUser(env)
    await agent.submit(SETTINGS, SETTINGS, { ...BASE, default_signer_message: 'Olá! Segue a proposta.' })
    const without = await postOk(env, account, `${(await makeDraft(env, account, 'digital')).id}/send`)
    expect(without.signer_message).toBe('Olá! Segue a proposta.')
    const empty = await postOk(env, account, `${(await makeDraft(env, account, 'digital')).id}/send`, {})
    expect(empty.signer_message).toBe('Olá! Segue a proposta.')
    expect((await postOk(env, account, `${(await makeDraft(env, account, 'digital')).id}/send`, { message: null })).signer_message).toBeNull()
    expect((await postOk(env, account, `${(await makeDraft(env, account, 'digital')).id}/send`, { message: '  ' })).signer_message).toBeNull()
    expect((await postOk(env, account, `${(await makeDraft(env, account, 'digital')).id}/send`, { message: 'Outra.' })).signer_message).toBe('Outra.')
    const paper = await postOk(env, account, `${(await makeDraft(env, account, 'paper')).id}/send`)
    expect(paper).toMatchObject({ status: 'sent', signer_message: null })

    // Set by hand past the rules (SQL): neither the form nor the API uses it.
    await env.db.updateTable('accounts').set({ default_signer_message: 'Olá\u0007' }).where('id', '=', account.id).execute()
    const draft = await makeDraft(env, account, 'digital')
    expect((await agent.get(`/proposals/${draft.id}/edit`)).body).toMatch(/<textarea id="field-signer-message" name="message" rows="3" maxlength="1000"[^>]*><\/textarea>/)
    expect((await postOk(env, account, `${draft.id}/send`)).signer_message).toBeNull()
  })
})
