// The signer's pages, reached by the private link (/sign/:token…), without a session: the token is
// the credential. Forms are protected by the visitor's double-submit CSRF cookie (web-session.ts),
// which the GET of the page hands out. Any link that does not work — unknown, or a document that is
// signed, rejected, cancelled or expired — gets the same friendly 404 page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findAccountLogo } from '../../../modules/accounts/account-logo.js'
import { maskEmailAddress } from '../../../modules/integrations/request-log/mask-sensitive.js'
import { replyTarget } from '../../../modules/lifecycle/signer-correspondence.js'
import { findProposalFile } from '../../../modules/documents/proposal-files.js'
import { attachmentDownload, findProposalAttachment } from '../../../modules/documents/proposal-attachments.js'
import { AppError } from '../../../platform/errors.js'
import { sendDownload } from '../../../platform/http/send-download.js'
import { openSigningLink, rejectAsSigner, requestEmailCode, signAsSigner, type SignInputErrors, type SigningClient, type SigningView } from '../../../modules/lifecycle/signing.js'
import { formChecked, formString } from '../form-data.js'
import { t } from '../i18n/pt-BR.js'
import { SigningMessagePage, SigningPage, type SignFormErrors, type SignFormValues, type SigningPageProps } from '../pages/signing-pages.js'
import { sendPage } from '../render.js'
import { idParam, type WebRoutesOptions } from './route-options.js'
import { DOCUMENT_CONTENT_SECURITY_POLICY } from './template-routes.js'

// A drawn signature may be up to 200 KB of data URL; the web plugin's form limit is 64 KB.
const SIGN_BODY_LIMIT = 320 * 1024

function tokenOf(request: FastifyRequest): string {
  const token = (request.params as { token?: unknown }).token
  return typeof token === 'string' ? token : ''
}

function clientOf(request: FastifyRequest): SigningClient {
  const agent = request.headers['user-agent']
  return { ip: request.ip, userAgent: (typeof agent === 'string' ? agent : '').slice(0, 500), headOnly: request.method === 'HEAD' }
}

function sendInvalidLink(reply: FastifyReply): FastifyReply {
  return sendPage(reply, <SigningMessagePage title={t.signing.invalidTitle} lines={[t.signing.invalidText]} tone="error" />, 404)
}

function signFormValues(body: unknown): SignFormValues {
  return {
    name: formString(body, 'name'),
    cpf: formString(body, 'cpf'),
    consent: formChecked(body, 'consent'),
    signatureKind: formString(body, 'signature_kind') === 'drawn' ? 'drawn' : 'typed',
    signatureText: formString(body, 'signature_text'),
    signatureDrawn: formString(body, 'signature_drawn'),
    emailCode: formString(body, 'email_code'),
  }
}

function signErrorMessages(errors: SignInputErrors): SignFormErrors {
  const messages: SignFormErrors = {}
  for (const [field, problem] of Object.entries(errors) as Array<[keyof SignInputErrors, string]>) {
    const texts: Record<string, string> = t.signing.errors[field]
    messages[field] = texts[problem] ?? texts.required
  }
  return messages
}

export function registerSigningRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock } = options

  /** The signing page, headed by the sender's logo when the account has one (Configurações → Conta), and whom to ask. */
  async function sendSigningPage(reply: FastifyReply, props: Omit<SigningPageProps, 'logo' | 'contact'>, status = 200): Promise<FastifyReply> {
    const [logo, { replyTo }] = await Promise.all([findAccountLogo(db, props.view.accountId), replyTarget(db, props.view.accountId, props.view.sellerId)])
    return sendPage(reply, <SigningPage {...props} logo={logo ?? null} contact={replyTo} />, status)
  }

  /** A signer who may not act now (already signed, or earlier signers pending): the page as it is, 409. */
  function sendRefusal(reply: FastifyReply, request: FastifyRequest, token: string, view: SigningView): Promise<FastifyReply> {
    return sendSigningPage(reply, { view, token, csrfToken: request.csrfToken }, 409)
  }

  app.get('/sign/:token', async (request, reply) => {
    const token = tokenOf(request)
    const opened = await openSigningLink(db, clock, token, clientOf(request), { baseUrl: options.config.publicUrl })
    if (opened.outcome === 'invalid_link') return sendInvalidLink(reply)
    // The link is a credential: never sent on to other sites, never cached.
    reply.header('referrer-policy', 'no-referrer')
    return sendSigningPage(reply, { view: opened.view, token, csrfToken: request.csrfToken })
  })

  // The HTML frozen at sending, alone, for the sandboxed frame of the page above.
  app.get('/sign/:token/document', async (request, reply) => {
    const opened = await openSigningLink(db, clock, tokenOf(request), clientOf(request), { baseUrl: options.config.publicUrl })
    if (opened.outcome === 'invalid_link' || opened.view.html === null) return sendInvalidLink(reply)
    return reply
      .header('content-security-policy', DOCUMENT_CONTENT_SECURITY_POLICY)
      .header('x-frame-options', 'SAMEORIGIN')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(opened.view.html)
  })

  app.get('/sign/:token/pdf', async (request, reply) => {
    const opened = await openSigningLink(db, clock, tokenOf(request), clientOf(request), { baseUrl: options.config.publicUrl })
    if (opened.outcome === 'invalid_link') return sendInvalidLink(reply)
    const file = await findProposalFile(db, opened.view.accountId, opened.view.proposalId, 'original')
    if (!file) return sendInvalidLink(reply)
    return reply
      .header('content-disposition', `attachment; filename="documento-${opened.view.proposal.number}.pdf"`)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('application/pdf')
      .send(Buffer.from(file.bytes))
  })

  // An attachment of the document, frozen with it at sending, under the name it was added with.
  app.get('/sign/:token/attachments/:attachmentId', async (request, reply) => {
    // An id that is not one is refused before the link is opened (an open records the signer's first view).
    const attachmentId = idParam(request.params, 'attachmentId')
    if (attachmentId === null) return sendInvalidLink(reply)
    const opened = await openSigningLink(db, clock, tokenOf(request), clientOf(request), { baseUrl: options.config.publicUrl })
    if (opened.outcome === 'invalid_link') return sendInvalidLink(reply)
    try {
      const attachment = await findProposalAttachment(db, opened.view.accountId, opened.view.proposalId, attachmentId)
      return sendDownload(reply.header('referrer-policy', 'no-referrer'), attachmentDownload(attachment), { cacheControl: 'no-store' })
    } catch (error) {
      if (error instanceof AppError && error.code === 'attachment_not_found') return sendInvalidLink(reply)
      throw error
    }
  })

  app.post('/sign/:token', { bodyLimit: SIGN_BODY_LIMIT }, async (request, reply) => {
    const token = tokenOf(request)
    const values = signFormValues(request.body)
    const outcome = await signAsSigner(
      db,
      clock,
      token,
      {
        name: values.name,
        cpf: values.cpf,
        consent: values.consent,
        signatureKind: values.signatureKind,
        signatureData: values.signatureKind === 'drawn' ? values.signatureDrawn : values.signatureText,
        emailCode: values.emailCode,
      },
      clientOf(request),
      { baseUrl: options.config.publicUrl },
    )
    switch (outcome.outcome) {
      case 'invalid_link':
        return sendInvalidLink(reply)
      case 'not_your_turn':
      case 'already_done':
        return sendRefusal(reply, request, token, outcome.view)
      case 'invalid_input':
        return sendSigningPage(reply, { view: outcome.view, token, csrfToken: request.csrfToken, values, errors: signErrorMessages(outcome.errors) }, 422)
      case 'signed': {
        const next = outcome.documentSigned ? t.signing.signedAllText : t.signing.signedWaitingText
        return sendPage(reply, <SigningMessagePage title={t.signing.signedTitle} lines={[t.signing.signedText(outcome.view.proposal.number), next]} tone="success" />)
      }
    }
  })

  // A code for a signer who confirms their e-mail before signing (lifecycle/signer-email-code.ts).
  // The page comes back with the signature form's values the request carried.
  app.post('/sign/:token/code', { bodyLimit: SIGN_BODY_LIMIT }, async (request, reply) => {
    const token = tokenOf(request)
    const outcome = await requestEmailCode(db, clock, token, { baseUrl: options.config.publicUrl, emailDelivery: options.config.smtpUrl !== null })
    if (outcome.outcome === 'invalid_link') return sendInvalidLink(reply)
    const { view } = outcome
    const page = (status: number, codeRequest: SigningPageProps['codeRequest']) =>
      sendSigningPage(reply, { view, token, csrfToken: request.csrfToken, values: { ...signFormValues(request.body), emailCode: '' }, codeRequest }, status)
    switch (outcome.outcome) {
      case 'not_your_turn':
      case 'already_done':
      case 'not_required':
        return sendRefusal(reply, request, token, view)
      case 'unavailable':
        return page(409, { error: t.signing.codeRequest.unavailable })
      case 'too_many':
      case 'too_soon':
        reply.header('retry-after', String(outcome.waitSeconds))
        return page(429, { error: outcome.outcome === 'too_soon' ? t.signing.codeRequest.tooSoon(outcome.waitSeconds) : t.signing.codeRequest.tooMany })
      case 'sent':
        return page(200, { notice: t.signing.emailCodeSent(maskEmailAddress(view.signer.email)) })
    }
  })

  app.post('/sign/:token/reject', async (request, reply) => {
    const token = tokenOf(request)
    const reason = formString(request.body, 'reason')
    const outcome = await rejectAsSigner(db, clock, token, reason, clientOf(request))
    switch (outcome.outcome) {
      case 'invalid_link':
        return sendInvalidLink(reply)
      case 'not_your_turn':
      case 'already_done':
        return sendRefusal(reply, request, token, outcome.view)
      case 'invalid_input': {
        const error = t.signing.errors.reason[outcome.errors.reason]
        return sendSigningPage(reply, { view: outcome.view, token, csrfToken: request.csrfToken, reason, errors: { reason: error } }, 422)
      }
      case 'rejected':
        return sendPage(reply, <SigningMessagePage title={t.signing.rejectedTitle} lines={[t.signing.rejectedText]} tone="info" />)
    }
  })
}
