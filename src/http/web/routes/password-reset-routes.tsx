// "Esqueci minha senha" (before sign-in): asking for the link, and the page the link opens. Each
// calls one accounts function; throttles and the same answer for every e-mail live here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findPasswordReset, requestPasswordReset, resetPassword } from '../../../modules/accounts/password-reset.js'
import { normalizeEmail } from '../../../platform/contact-formats.js'
import type { FixedWindowLimiter } from '../../../platform/fixed-window-limiter.js'
import { formString } from '../form-data.js'
import { t } from '../i18n/pt-BR.js'
import { ForgotPasswordPage, InvalidResetLinkPage, ResetPasswordPage } from '../pages/password-reset-pages.js'
import { sendPage } from '../render.js'
import type { WebRoutesOptions } from './route-options.js'

export interface PasswordResetRoutesOptions extends WebRoutesOptions {
  /**
   * Link requests, keyed `address:<ip>` (how many one address may ask for) and `email:<e-mail>`
   * (how many messages one inbox may be sent). Counted before any work.
   */
  resetRequests: FixedWindowLimiter
}

function tokenParam(request: FastifyRequest): string {
  const token = (request.params as { token?: unknown }).token
  return typeof token === 'string' ? token : ''
}

function invalidLink(reply: FastifyReply): FastifyReply {
  return sendPage(reply, <InvalidResetLinkPage />, 404)
}

export function registerPasswordResetRoutes(app: FastifyInstance, options: PasswordResetRoutesOptions): void {
  const { db, clock, config, resetRequests } = options

  app.get('/forgot-password', async (request, reply) => {
    if (request.webSession) return reply.redirect('/account/password', 303)
    return sendPage(reply, <ForgotPasswordPage csrfToken={request.csrfToken} />)
  })

  app.post('/forgot-password', async (request, reply) => {
    const email = formString(request.body, 'email').trim()
    const byAddress = resetRequests.hit(`address:${request.ip}`)
    if (!byAddress.allowed) {
      reply.header('retry-after', String(byAddress.resetSeconds))
      return sendPage(reply, <ForgotPasswordPage csrfToken={request.csrfToken} email={email} error={t.login.throttled(Math.ceil(byAddress.resetSeconds / 60))} />, 429)
    }
    if (email === '') return sendPage(reply, <ForgotPasswordPage csrfToken={request.csrfToken} error={t.fieldErrors.required} />, 422)
    // Past an inbox's share, nothing more is sent, and the page says what it always says: a
    // different answer would tell that the e-mail has a user.
    if (resetRequests.hit(`email:${normalizeEmail(email)}`).allowed) await requestPasswordReset(db, clock, config.publicUrl, email)
    return sendPage(reply, <ForgotPasswordPage csrfToken={request.csrfToken} notice={t.passwordReset.sent} />)
  })

  app.get('/reset-password/:token', async (request, reply) => {
    const token = tokenParam(request)
    const link = await findPasswordReset(db, clock, token)
    if (!link) return invalidLink(reply)
    return sendPage(reply, <ResetPasswordPage csrfToken={request.csrfToken} token={token} purpose={link.purpose} />)
  })

  app.post('/reset-password/:token', async (request, reply) => {
    const token = tokenParam(request)
    const result = await resetPassword(db, clock, token, { password: formString(request.body, 'password'), confirmation: formString(request.body, 'confirmation') })
    if (result.ok) return reply.redirect(result.purpose === 'invitation' ? '/login?password_chosen' : '/login?password_reset', 303)
    if ('invalidLink' in result) return invalidLink(reply)
    return sendPage(reply, <ResetPasswordPage csrfToken={request.csrfToken} token={token} purpose={result.purpose} errors={result.errors} />, 422)
  })
}
