// The account's own settings (Configurações → Conta, admins) and a user's own password (Minha
// senha, everyone signed in). Each calls one accounts function.
import type { FastifyInstance } from 'fastify'
import { updateAccountSettings } from '../../../modules/accounts/account-settings.js'
import { findAccount } from '../../../modules/accounts/accounts.js'
import { changeOwnPassword } from '../../../modules/accounts/own-password.js'
import type { FixedWindowLimiter } from '../../../platform/fixed-window-limiter.js'
import { SESSION_COOKIE, readCookie } from '../cookies.js'
import { formString } from '../form-data.js'
import { formatDocument } from '../format.js'
import { requireRole, requireSession, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { pageContext, sessionOf } from '../page-context.js'
import { AccountSettingsPage } from '../pages/account-settings-page.js'
import { OwnPasswordPage } from '../pages/own-password-page.js'
import { sendPage } from '../render.js'
import { type WebRoutesOptions, redirectWithFlash } from './route-options.js'

export interface AccountRoutesOptions extends WebRoutesOptions {
  /** Wrong current passwords per user: the form must not become a way to guess the password. */
  passwordChecks: FixedWindowLimiter<number>
}

export function registerAccountRoutes(app: FastifyInstance, options: AccountRoutesOptions): void {
  const { db, clock, passwordChecks } = options
  const adminOnly = { preHandler: requireRole('admin') }
  const signedIn = { preHandler: requireSession }

  app.get('/settings/account', adminOnly, async (request, reply) => {
    const account = await findAccount(db, sessionOf(request).accountId)
    if (!account) return sendNotFound(request, reply)
    const values = { name: account.name, timeZone: account.time_zone, document: formatDocument(account.document), address: account.address ?? '', phone: account.phone ?? '', email: account.email ?? '' }
    return sendPage(reply, <AccountSettingsPage ctx={pageContext(request)} values={values} savedZone={account.time_zone} />)
  })

  app.post('/settings/account', adminOnly, async (request, reply) => {
    const { accountId } = sessionOf(request)
    const field = (name: string) => formString(request.body, name)
    const values = { name: field('name'), timeZone: field('time_zone'), document: field('document'), address: field('address'), phone: field('phone'), email: field('email') }
    const result = await updateAccountSettings(db, clock, accountId, values)
    if (result.ok) return redirectWithFlash(reply, options, '/settings/account', { kind: 'success', text: t.accountSettings.saved })
    if ('notFound' in result) return sendNotFound(request, reply)
    const account = await findAccount(db, accountId)
    return sendPage(reply, <AccountSettingsPage ctx={pageContext(request)} values={values} savedZone={account?.time_zone ?? ''} errors={result.errors} />, 422)
  })

  app.get('/account/password', signedIn, async (request, reply) => sendPage(reply, <OwnPasswordPage ctx={pageContext(request)} />))

  app.post('/account/password', signedIn, async (request, reply) => {
    const session = sessionOf(request)
    // Counted before the check, given back when the current password was right (as the login's).
    const budget = passwordChecks.hit(session.userId)
    if (!budget.allowed) {
      reply.header('retry-after', String(budget.resetSeconds))
      return sendPage(reply, <OwnPasswordPage ctx={pageContext(request)} errors={{ current: 'wrong_password' }} />, 429)
    }
    const input = { current: formString(request.body, 'current_password'), next: formString(request.body, 'new_password'), confirmation: formString(request.body, 'confirmation') }
    const user = { accountId: session.accountId, userId: session.userId, sessionToken: readCookie(request, SESSION_COOKIE) ?? '' }
    const result = await changeOwnPassword(db, clock, user, input)
    if (!result.ok && result.errors.current === 'wrong_password') return sendPage(reply, <OwnPasswordPage ctx={pageContext(request)} errors={result.errors} />, 422)
    passwordChecks.release(session.userId)
    if (!result.ok) return sendPage(reply, <OwnPasswordPage ctx={pageContext(request)} errors={result.errors} />, 422)
    return redirectWithFlash(reply, options, '/dashboard', { kind: 'success', text: t.ownPassword.saved })
  })
}
