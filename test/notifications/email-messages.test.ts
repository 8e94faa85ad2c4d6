// The message builders: Portuguese subjects and bodies, and every interpolated value escaped in HTML.
import { describe, expect, it } from 'vitest'
import { commentNoticeEmail, completedEmail, discountApprovalRequestEmail, discountApprovedEmail, documentActivityEmail, expiredEmail, expiryWarningEmail, invitationEmail, rejectedEmail, reminderEmail } from '../../src/modules/notifications/email-messages.js'

const evil = '<script>alert("x")</script> & Cia'

describe('email messages', () => {
  const signing = { accountName: 'Acme Ltda', proposal: { number: 12, title: 'Proposta comercial' }, signer: { name: 'Ana Souza' }, signUrl: 'https://vendoc.example/sign/abc?x=1&y=2', validUntil: '2026-12-31' }

  it('invites with the link, the validity and the account in the subject', () => {
    const message = invitationEmail(signing)
    expect(message.subject).toBe('Documento nº 12 para assinatura — Acme Ltda')
    expect(message.text).toContain('Olá, Ana Souza,')
    expect(message.text).toContain('Acme Ltda enviou o documento nº 12 — Proposta comercial para você assinar.')
    expect(message.text).toContain('https://vendoc.example/sign/abc?x=1&y=2')
    expect(message.text).toContain('O link vale até 31/12/2026.')
    expect(message.html).toContain('href="https://vendoc.example/sign/abc?x=1&amp;y=2"')
  })

  it('leaves out the validity when the document has none', () => {
    const message = invitationEmail({ ...signing, validUntil: null })
    expect(message.text).not.toContain('vale até')
  })

  it('reminds with its own subject and the same link', () => {
    const message = reminderEmail(signing)
    expect(message.subject).toBe('Lembrete: documento nº 12 aguarda sua assinatura — Acme Ltda')
    expect(message.text).toContain('https://vendoc.example/sign/abc?x=1&y=2')
  })

  it('announces completion and rejection', () => {
    const done = completedEmail({ accountName: 'Acme Ltda', proposal: signing.proposal, recipientName: 'Rui' })
    expect(done.subject).toBe('Documento nº 12 assinado — Acme Ltda')
    expect(done.text).toContain('segue anexa em PDF')
    expect(done.text).not.toContain('anexo')
    // A document with attachments names them: the signed PDF lists their hashes, not their pages.
    const withAttachments = completedEmail({ accountName: 'Acme Ltda', proposal: signing.proposal, recipientName: 'Rui', attachmentNames: ['Condições gerais.pdf', 'Ficha técnica.pdf'], replyTo: { name: 'Ana' } })
    expect(withAttachments.text).toContain('Fazem parte do documento os 2 anexos Condições gerais.pdf; Ficha técnica.pdf, identificados no PDF assinado pelos seus códigos SHA-256 (os arquivos não seguem neste e-mail).')
    expect(withAttachments.text).toContain('Se não guardou uma cópia, responda a este e-mail para solicitá-la a Acme Ltda.')
    const one = completedEmail({ accountName: 'Acme Ltda', proposal: signing.proposal, recipientName: 'Rui', attachmentNames: ['Condições gerais.pdf'] })
    expect(one.text).toContain('Faz parte do documento o anexo Condições gerais.pdf, identificado no PDF assinado pelo seu código SHA-256 (o arquivo não segue neste e-mail).')
    // Without a reply address (the seller's own copy) nobody is told to ask.
    expect(one.text).not.toContain('Se não guardou')
    const rejected = rejectedEmail({ accountName: 'Acme Ltda', proposal: signing.proposal, signerName: 'Rui', reason: 'Valor acima\ndo combinado' })
    expect(rejected.subject).toBe('Documento nº 12 recusado — Acme Ltda')
    expect(rejected.text).toContain('Rui recusou a assinatura do documento nº 12 — Proposta comercial.')
    expect(rejected.text).toContain('Valor acima\ndo combinado')
    expect(rejected.html).toContain('Valor acima<br>do combinado')
  })

  it('escapes <script> in every interpolated value of the HTML body, and keeps subjects on one line', () => {
    const expiry = { accountName: evil, proposal: { number: 1, title: evil, customerName: evil, signatureType: 'digital' as const }, validUntil: '2026-12-31', documentUrl: 'https://x.test/p/1' }
    const messages = [
      invitationEmail({ accountName: evil, proposal: { number: 1, title: evil }, signer: { name: evil }, signUrl: 'https://x.test/"><script>alert(1)</script>' }),
      reminderEmail({ accountName: evil, proposal: { number: 1, title: evil }, signer: { name: evil }, signUrl: 'https://x.test/s' }),
      completedEmail({ accountName: evil, proposal: { number: 1, title: evil }, recipientName: evil, attachmentNames: [evil] }),
      rejectedEmail({ accountName: evil, proposal: { number: 1, title: evil }, signerName: evil, reason: evil }),
      // The seller's side: every notice shares one builder, and the discount's two name people and integrations.
      documentActivityEmail({ accountName: evil, proposal: { number: 1, title: evil }, signerName: evil, activity: { type: 'signed', remaining: 1 }, documentUrl: 'https://x.test/p/1', preferencesUrl: 'https://x.test/conta' }),
      documentActivityEmail({ accountName: evil, proposal: { number: 1, title: evil }, signerName: evil, activity: { type: 'returned', visits: 3, daysAway: 2 }, documentUrl: 'https://x.test/p/1', preferencesUrl: 'https://x.test/conta' }),
      expiryWarningEmail({ ...expiry, daysLeft: 2, remaining: 1, preferencesUrl: 'https://x.test/conta' }),
      expiredEmail({ ...expiry, duplicateUrl: 'https://x.test/p/new?from=1' }),
      discountApprovalRequestEmail({ accountName: evil, proposal: { number: 1, title: evil }, requesterName: `A integração “${evil}”`, share: '20%', limit: '10%', subtotalCents: 300_000, discountCents: 60_000, documentUrl: 'https://x.test/p/1' }),
      discountApprovedEmail({ accountName: evil, proposal: { number: 1, title: evil }, approverName: evil, share: '20%', documentUrl: 'https://x.test/p/1' }),
      commentNoticeEmail({ accountName: evil, proposal: { number: 1, title: evil }, authorName: evil, text: `${evil}\n${evil}`, reason: 'asked', commentsUrl: 'https://x.test/p/1#comentarios' }),
      commentNoticeEmail({ accountName: evil, proposal: { number: 1, title: evil }, authorName: evil, text: evil, reason: 'follows', commentsUrl: 'https://x.test/p/1#comentarios', preferencesUrl: 'https://x.test/conta' }),
    ]
    for (const message of messages) {
      expect(message.html).not.toContain('<script>')
      expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cia')
      // Plain text is text: it keeps the value as typed.
      expect(message.text).toContain(evil)
    }
    const multiline = invitationEmail({ ...signing, accountName: 'Acme\r\nBcc: intruso@x.test' })
    expect(multiline.subject).toBe('Documento nº 12 para assinatura — Acme Bcc: intruso@x.test')
    expect(multiline.subject).not.toMatch(/[\r\n]/)
    const author = commentNoticeEmail({ accountName: 'Acme', proposal: { number: 12, title: 'T' }, authorName: 'Ana\r\nBcc: intruso@x.test', text: 'Oi', reason: 'asked', commentsUrl: 'https://x.test/p/12#comentarios' })
    expect(author.subject).toBe('Ana Bcc: intruso@x.test comentou no documento nº 12 — Acme')
  })
})
