// Configurações → E-mails (/settings/emails): the outbox list and detail pages. Admin only,
// account-scoped, every stored value escaped, the HTML body never rendered.
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { completedEmail, invitationEmail } from '../../src/modules/notifications/email-messages.js'
import { queueEmail, type QueueEmailInput } from '../../src/modules/notifications/queue-email.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeCustomer, makeProposal, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'
import { signedInUser } from '../support/web-login.js'

const stripCsrf = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '')

describeEachDialect('e-mail outbox pages', (env: TestApp) => {
  async function queue(input: QueueEmailInput): Promise<number> {
    return env.db.transaction().execute((trx) => queueEmail(trx, env.clock, input))
  }

  it('shows a message kept without SMTP_URL in the list and its detail, with the document link and attachment name', async () => {
    const { agent, account } = await signedInUser(env)
    const customer = await makeCustomer(env, account)
    const proposal = await makeProposal(env, account, customer)
    const bytes = new TextEncoder().encode('%PDF-1.7 assinado')
    const file = await env.db
      .insertInto('proposal_files')
      .values({ account_id: account.id, proposal_id: proposal.id, kind: 'signed', content_type: 'application/pdf', file_name: 'documento-assinado.pdf', bytes, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), created_at: env.clock.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow()
    const to = `ana.${uniqueSuffix()}@cliente.test`
    const message = completedEmail({ accountName: account.account.name, proposal: { number: proposal.number, title: 'Proposta' }, recipientName: 'Ana' })
    const id = await queue({ accountId: account.id, proposalId: proposal.id, kind: 'completed', to, ...message, attachmentFileId: Number(file.id) })
    await env.app.jobs.runDueJobs()

    const list = await agent.get('/settings/emails')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Nenhum servidor SMTP está configurado')
    expect(list.body).toContain(`<td>${to}</td>`)
    expect(list.body).toContain(message.subject)
    expect(list.body).toContain('Documento assinado')
    expect(list.body).toContain('<span class="badge accent">Guardado</span>')
    expect(list.body).toContain(`href="/proposals/${proposal.id}/preview">nº ${proposal.number}</a>`)
    expect(list.body).toContain(`href="/settings/emails/${id}"`)
    expect(list.body).toContain('href="/settings/emails" aria-current="page"')

    const detail = await agent.get(`/settings/emails/${id}`)
    expect(detail.statusCode).toBe(200)
    expect(detail.body).toContain('<pre class="email-body">Olá, Ana,')
    expect(detail.body).toContain('documento-assinado.pdf')
    expect(detail.body).toContain('A mensagem também tem uma versão em HTML')
    // The HTML body is never part of the page.
    expect(detail.body).not.toContain('<!doctype html>\n<html lang="pt-BR"><head><meta charset="utf-8"></head>')
    expect(detail.body).not.toContain('font-family: sans-serif')
  })

  it('escapes subjects, addresses and bodies, and never renders the HTML body', async () => {
    const { agent, account } = await signedInUser(env)
    const evil = '<script>alert("x")</script>'
    const id = await queue({ accountId: account.id, kind: 'invitation', to: 'x@cliente.test', subject: `Assunto ${evil}`, text: `Corpo ${evil}`, html: `<p>${evil}</p><img src=x onerror=alert(1)>` })
    const list = await agent.get('/settings/emails')
    expect(list.body).not.toContain(evil)
    expect(list.body).toContain('Assunto &lt;script>alert(&quot;x&quot;)&lt;/script>')
    const detail = await agent.get(`/settings/emails/${id}`)
    expect(detail.statusCode).toBe(200)
    expect(detail.body).not.toContain('<script>')
    expect(detail.body).not.toContain('<img')
    expect(detail.body).not.toContain('<p>&lt;script')
    expect(detail.body).not.toContain('onerror')
    expect(detail.body).toContain('Corpo &lt;script>alert(&quot;x&quot;)&lt;/script>')
  })

  it('shows the error of a failed message and filters by state', async () => {
    const { agent, account } = await signedInUser(env)
    const message = invitationEmail({ accountName: 'Acme', proposal: { number: 4, title: 'P' }, signer: { name: 'Rui' }, signUrl: 'http://vendoc.test/sign/x' })
    const failed = await queue({ accountId: account.id, kind: 'invitation', to: 'falhou@cliente.test', ...message })
    await env.db.updateTable('outbox_emails').set({ state: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:2525 <b>' }).where('id', '=', failed).execute()
    await queue({ accountId: account.id, kind: 'reminder', to: 'naFila@cliente.test', subject: 'Na fila', text: 'x' })

    const onlyFailed = await agent.get('/settings/emails?state=failed')
    expect(onlyFailed.statusCode).toBe(200)
    expect(onlyFailed.body).toContain('falhou@cliente.test')
    expect(onlyFailed.body).toContain('<span class="badge danger">Falhou</span>')
    expect(onlyFailed.body).not.toContain('naFila@cliente.test')
    expect(onlyFailed.body).toContain('<option value="failed" selected')

    const onlyQueued = await agent.get('/settings/emails?state=queued')
    expect(onlyQueued.body).toContain('naFila@cliente.test')
    expect(onlyQueued.body).not.toContain('falhou@cliente.test')

    const sent = await agent.get('/settings/emails?state=sent')
    expect(sent.body).toContain('Nenhum e-mail com este estado.')

    // An unknown state shows everything.
    const all = await agent.get('/settings/emails?state=nope')
    expect(all.statusCode).toBe(200)
    expect(all.body).toContain('falhou@cliente.test')
    expect(all.body).toContain('naFila@cliente.test')

    const detail = await agent.get(`/settings/emails/${failed}`)
    expect(detail.body).toContain('Erro do último envio')
    expect(detail.body).toContain('connect ECONNREFUSED 127.0.0.1:2525 &lt;b>')
  })

  it('pages the list, 50 a page, newest first', async () => {
    const { agent, account } = await signedInUser(env)
    for (let n = 1; n <= 51; n++) await queue({ accountId: account.id, kind: 'invitation', to: `p${n}@paginas.test`, subject: `Mensagem ${n}`, text: 'x' })
    const first = await agent.get('/settings/emails')
    expect(first.body).toContain('Página 1 de 2 · 51 registros')
    expect(first.body).toContain('<td>p51@paginas.test</td>')
    expect(first.body).not.toContain('<td>p1@paginas.test</td>')
    expect(first.body).toContain('href="/settings/emails?page=2"')
    const second = await agent.get('/settings/emails?page=2')
    expect(second.body).toContain('<td>p1@paginas.test</td>')
    expect(second.body).not.toContain('<td>p2@paginas.test</td>')
  })

  it('is for admins only: a member gets 403 and no link in the menu', async () => {
    const admin = await signedInUser(env)
    const id = await queue({ accountId: admin.account.id, kind: 'invitation', to: 'segredo@cliente.test', subject: 'Link secreto', text: 'http://vendoc.test/sign/segredo' })
    const member = await signedInUser(env, { account: admin.account, role: 'member' })
    for (const url of ['/settings/emails', `/settings/emails/${id}`]) {
      const response = await member.agent.get(url)
      expect(response.statusCode).toBe(403)
      expect(response.body).not.toContain('segredo')
    }
    const dashboard = await member.agent.get('/dashboard')
    expect(dashboard.body).not.toContain('href="/settings/emails"')
    expect((await admin.agent.get('/dashboard')).body).toContain('href="/settings/emails"')
    const visitor = await env.app.inject({ method: 'GET', url: '/settings/emails' })
    expect(visitor.statusCode).toBe(303)
  })

  it("answers another account's message exactly like a missing one, and never lists it", async () => {
    const mine = await signedInUser(env)
    const other = await signedInUser(env)
    const foreign = await queue({ accountId: other.account.id, kind: 'invitation', to: 'alheio@outra.test', subject: 'De outra conta', text: 'x' })
    const foreignResponse = await mine.agent.get(`/settings/emails/${foreign}`)
    const missing = await mine.agent.get('/settings/emails/999999999')
    expect(foreignResponse.statusCode).toBe(404)
    expect(missing.statusCode).toBe(404)
    expect(stripCsrf(foreignResponse.body)).toBe(stripCsrf(missing.body))
    expect((await mine.agent.get('/settings/emails/abc')).statusCode).toBe(404)
    const list = await mine.agent.get('/settings/emails')
    expect(list.body).not.toContain('alheio@outra.test')
    expect((await other.agent.get(`/settings/emails/${foreign}`)).statusCode).toBe(200)
  })
})
