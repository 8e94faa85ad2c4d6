// The e-mail pipeline end to end: queueEmail in a transaction → the 'email.send' job run by the
// app's job runner → a real SMTP server (smtp-server) receives the message; SMTP down → retried,
// then failed; no SMTP_URL → kept as 'stored'.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findPasswordReset, requestPasswordReset } from '../../src/modules/accounts/password-reset.js'
import { createUser } from '../../src/modules/accounts/users.js'
import { queueEmail } from '../../src/modules/notifications/queue-email.js'
import { invitationEmail, completedEmail } from '../../src/modules/notifications/email-messages.js'
import { JOB_DEFAULT_MAX_ATTEMPTS } from '../../src/platform/jobs/job-queue.js'
import { describeEachDialect } from '../support/dialects.js'
import { makeAccount, makeCustomer, makeProposal, uniqueSuffix, type TestAccount } from '../support/factories.js'
import { ManualClock } from '../support/manual-clock.js'
import { appOnSameDatabase, type TestApp } from '../support/test-app.js'
import { closedPort, startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js'

async function storeFile(env: TestApp, account: TestAccount, proposalId: number, bytes: Uint8Array) {
  const row = await env.db
    .insertInto('proposal_files')
    .values({
      account_id: account.id,
      proposal_id: proposalId,
      kind: 'signed',
      content_type: 'application/pdf',
      file_name: `documento-${proposalId}-assinado.pdf`,
      bytes,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      created_at: env.clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

async function emailRow(env: TestApp, id: number) {
  return env.db.selectFrom('outbox_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function jobOf(env: TestApp, emailId: number) {
  const jobs = await env.db.selectFrom('jobs').selectAll().where('kind', '=', 'email.send').execute()
  const job = jobs.find((row) => (JSON.parse(row.payload_json) as { emailId: number }).emailId === emailId)
  expect(job).toBeDefined()
  return job!
}

const HOUR = 60 * 60 * 1000

describe('email.send through SMTP', () => {
  let smtp: SmtpReceiver
  const options = { clock: new ManualClock('2026-11-29T12:00:00.000Z'), env: {} as Record<string, string> }
  beforeAll(async () => {
    smtp = await startSmtpReceiver()
    options.env.SMTP_URL = smtp.url
    options.env.MAIL_FROM = 'Vendoc Testes <avisos@vendoc.test>'
  })
  afterAll(async () => {
    await smtp?.close()
  })

  describeEachDialect(
    'delivery',
    (env) => {
      it('sends one message with its attachment, Message-ID and X-Vendoc-Proposal, and marks it sent', async () => {
        const account = await makeAccount(env)
        const customer = await makeCustomer(env, account)
        const proposal = await makeProposal(env, account, customer)
        const pdf = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256))
        const fileId = await storeFile(env, account, proposal.id, pdf)
        const to = `signer.${uniqueSuffix()}@cliente.test`
        const message = completedEmail({ accountName: account.account.name, proposal: { number: proposal.number, title: 'Proposta comercial' }, recipientName: 'Ana Souza' })
        const emailId = await env.db.transaction().execute((trx) =>
          queueEmail(trx, env.clock, { accountId: account.id, proposalId: proposal.id, kind: 'completed', to, ...message, attachmentFileId: fileId }),
        )
        expect((await emailRow(env, emailId)).state).toBe('queued')

        await env.app.jobs.runDueJobs()

        const received = smtp.to(to)
        expect(received).toHaveLength(1)
        const mail = received[0]!
        expect(mail.subject).toBe(message.subject)
        expect(mail.subject).toBe(`Documento nº ${proposal.number} assinado — ${account.account.name}`)
        expect(mail.text?.trim()).toBe(message.text.trim())
        expect(mail.html).toContain('Ana Souza')
        expect(mail.from?.value[0]?.address).toBe('avisos@vendoc.test')
        expect(mail.messageId).toMatch(new RegExp(`^<vendoc\\.${emailId}\\.\\d+@vendoc\\.test>$`))
        expect(mail.headers.get('x-vendoc-proposal')).toBe(String(proposal.id))
        expect(mail.attachments).toHaveLength(1)
        expect(mail.attachments[0]!.filename).toBe(`documento-${proposal.id}-assinado.pdf`)
        expect(mail.attachments[0]!.contentType).toBe('application/pdf')
        expect(Buffer.compare(mail.attachments[0]!.content, Buffer.from(pdf))).toBe(0)

        const row = await emailRow(env, emailId)
        expect(row.state).toBe('sent')
        expect(row.sent_at).toBe(env.clock.now().toISOString())
        expect(row.error).toBeNull()
        expect((await jobOf(env, emailId)).state).toBe('done')

        // Running the queue again sends nothing more.
        await env.app.jobs.runDueJobs()
        expect(smtp.to(to)).toHaveLength(1)
      })

      it('sends a password reset link, then keeps no copy of it in the outbox', async () => {
        const account = await makeAccount(env)
        const email = `reset.${uniqueSuffix()}@vendoc.test`
        await createUser(env.db, env.clock, { accountId: account.id, name: 'Rita', email, role: 'member', password: 'senha-forte-123' })
        await requestPasswordReset(env.db, env.clock, 'https://vendoc.example', email)
        await env.app.jobs.runDueJobs()
        const [mail] = smtp.to(email)
        expect(mail?.subject).toBe('Redefinição de senha do Vendoc')
        const token = /https:\/\/vendoc\.example\/reset-password\/([A-Za-z0-9_-]{40,})/.exec(mail?.text ?? '')?.[1]
        expect(token).toBeDefined()
        expect(mail?.html).toContain(`/reset-password/${token}`)
        // The link works for its recipient; the outbox row no longer holds it.
        expect(await findPasswordReset(env.db, env.clock, token!)).toBeDefined()
        const row = await env.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow()
        expect(row).toMatchObject({ state: 'sent', kind: 'password_reset', text_body: '', html_body: null })
      })

      it('sends a burst over SMTP connections kept open, and closes them when the app stops', async () => {
        // An app of its own on the same database, so that closing it is part of the test.
        const app = await appOnSameDatabase(env, { SMTP_URL: smtp.url, MAIL_FROM: 'Vendoc Testes <avisos@vendoc.test>', JOB_POLL_MS: '0' })
        const opened = smtp.connections.opened
        const closed = smtp.connections.closed
        const account = await makeAccount(env)
        const to = `burst.${uniqueSuffix()}@cliente.test`
        const queueBurst = () =>
          env.db.transaction().execute(async (trx) => {
            for (let i = 0; i < 6; i++) await queueEmail(trx, env.clock, { accountId: account.id, kind: 'invitation', to, subject: `Convite ${i}`, text: 'Corpo' })
          })
        try {
          await queueBurst()
          await app.jobs.runDueJobs()
          expect(smtp.to(to)).toHaveLength(6)
          // Two of the account's e-mails go at a time (its share of the slots): two connections
          // at most, where a connection a message opened six.
          const afterFirst = smtp.connections.opened - opened
          expect(afterFirst).toBeGreaterThanOrEqual(1)
          expect(afterFirst).toBeLessThanOrEqual(2)
          await queueBurst()
          await app.jobs.runDueJobs()
          expect(smtp.to(to)).toHaveLength(12)
          expect(smtp.connections.opened - opened, 'the second burst reuses the open connections').toBe(afterFirst)
          expect(smtp.connections.closed - closed).toBe(0)
        } finally {
          await app.close()
        }
        for (let waited = 0; waited < 2_000 && smtp.connections.closed - closed < smtp.connections.opened - opened; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
        expect(smtp.connections.closed - closed, 'closed with the app').toBe(smtp.connections.opened - opened)
      })

      it('sends a message without a document: no X-Vendoc-Proposal header, no attachment', async () => {
        const account = await makeAccount(env)
        const to = `sem.doc.${uniqueSuffix()}@cliente.test`
        const message = invitationEmail({ accountName: 'Acme', proposal: { number: 7, title: 'Contrato' }, signer: { name: 'Rui' }, signUrl: 'http://vendoc.test/sign/abc', validUntil: '2026-12-31' })
        const emailId = await env.db.transaction().execute((trx) => queueEmail(trx, env.clock, { accountId: account.id, kind: 'invitation', to, ...message }))
        await env.app.jobs.runDueJobs()
        const [mail] = smtp.to(to)
        expect(mail).toBeDefined()
        expect(mail!.headers.has('x-vendoc-proposal')).toBe(false)
        expect(mail!.attachments).toHaveLength(0)
        expect(mail!.text).toContain('http://vendoc.test/sign/abc')
        expect(mail!.text).toContain('31/12/2026')
        expect((await emailRow(env, emailId)).state).toBe('sent')
      })

      it("never attaches another account's file: the send fails and nothing is delivered", async () => {
        const owner = await makeAccount(env)
        const customer = await makeCustomer(env, owner)
        const proposal = await makeProposal(env, owner, customer)
        const foreignFile = await storeFile(env, owner, proposal.id, new TextEncoder().encode('%PDF segredo'))
        const intruder = await makeAccount(env)
        const to = `intruso.${uniqueSuffix()}@cliente.test`
        const emailId = await env.db.transaction().execute((trx) =>
          queueEmail(trx, env.clock, { accountId: intruder.id, kind: 'completed', to, subject: 'Anexo', text: 'x', attachmentFileId: foreignFile }),
        )
        await env.app.jobs.runDueJobs()
        expect(smtp.to(to)).toHaveLength(0)
        const row = await emailRow(env, emailId)
        expect(row.state).toBe('queued')
        expect(row.error).toBe(`attachment file ${foreignFile} not found`)
      })

      it('writes nothing when the transaction that queued the message rolls back', async () => {
        const account = await makeAccount(env)
        const to = `rollback.${uniqueSuffix()}@cliente.test`
        await expect(
          env.db.transaction().execute(async (trx) => {
            await queueEmail(trx, env.clock, { accountId: account.id, kind: 'invitation', to, subject: 'x', text: 'y' })
            throw new Error('the action failed')
          }),
        ).rejects.toThrow('the action failed')
        expect(await env.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', to).execute()).toHaveLength(0)
        await env.app.jobs.runDueJobs()
        expect(smtp.to(to)).toHaveLength(0)
      })
    },
    options,
  )
})

describe('email.send with the SMTP server down', () => {
  const clock = new ManualClock('2026-11-29T12:00:00.000Z')
  const options = { clock, env: {} as Record<string, string> }
  beforeAll(async () => {
    options.env.SMTP_URL = `smtp://127.0.0.1:${await closedPort()}`
  })

  describeEachDialect(
    'failure',
    (env) => {
      it('records the error, retries with the queue and marks the message failed after the last attempt', async () => {
        const account = await makeAccount(env)
        const emailId = await env.db.transaction().execute((trx) =>
          queueEmail(trx, env.clock, { accountId: account.id, kind: 'invitation', to: `down.${uniqueSuffix()}@cliente.test`, subject: 'Assunto', text: 'Corpo' }),
        )
        // A signer's code alongside: a credential, emptied once its last attempt failed.
        const codeId = await env.db.transaction().execute((trx) =>
          queueEmail(trx, env.clock, { accountId: account.id, kind: 'signer_code', to: `down.${uniqueSuffix()}@cliente.test`, subject: 'Código', text: '123456', html: '<p>123456</p>' }),
        )
        await env.app.jobs.runDueJobs()
        let row = await emailRow(env, emailId)
        expect(row.state).toBe('queued')
        expect(row.error).toMatch(/ECONNREFUSED|connect/i)
        let job = await jobOf(env, emailId)
        expect(job.state).toBe('pending')
        expect(Number(job.attempts)).toBe(1)

        for (let attempt = 2; attempt <= JOB_DEFAULT_MAX_ATTEMPTS; attempt++) {
          clock.advance(9 * HOUR)
          await env.app.jobs.runDueJobs()
          job = await jobOf(env, emailId)
          expect(Number(job.attempts)).toBe(attempt)
          row = await emailRow(env, emailId)
          expect(row.state).toBe(attempt < JOB_DEFAULT_MAX_ATTEMPTS ? 'queued' : 'failed')
        }
        expect(job.state).toBe('failed')
        expect(row.error).toMatch(/ECONNREFUSED|connect/i)
        expect(row.sent_at).toBeNull()
        expect(row.text_body).toBe('Corpo')
        expect(await emailRow(env, codeId)).toMatchObject({ state: 'failed', text_body: '', html_body: null })
      })
    },
    options,
  )
})

describeEachDialect('email.send without SMTP_URL', (env) => {
  it('keeps the message as stored, with nothing lost', async () => {
    const account = await makeAccount(env)
    const message = invitationEmail({ accountName: 'Acme', proposal: { number: 3, title: 'Proposta' }, signer: { name: 'Lia' }, signUrl: 'http://vendoc.test/sign/t0k3n' })
    const emailId = await env.db.transaction().execute((trx) => queueEmail(trx, env.clock, { accountId: account.id, kind: 'invitation', to: 'lia@cliente.test', ...message }))
    await env.app.jobs.runDueJobs()
    const row = await emailRow(env, emailId)
    expect(row.state).toBe('stored')
    expect(row.sent_at).toBeNull()
    expect(row.text_body).toBe(message.text)
    expect(row.html_body).toBe(message.html)
    expect((await jobOf(env, emailId)).state).toBe('done')
  })
})
