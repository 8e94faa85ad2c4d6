// Minha conta → Verificação em duas etapas → Chaves de segurança: add a key (its name and the
// password, then the page where the browser asks the key), remove one. Each calls one
// accounts/security-keys.ts function; signing in with a key is in auth-routes.tsx.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { finishKeyRegistration, type RelyingParty, removeSecurityKey, securityKeyName, securityKeyNameProblem, startKeyRegistration } from '../../../modules/accounts/security-keys.js'
import { formString } from '../form-data.js'
import { requireSession, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { pageContext, sessionOf } from '../page-context.js'
import { SecurityKeyRegistrationPage, securityKeyErrorText } from '../pages/security-key-pages.js'
import { sendPage } from '../render.js'
import { idParam, redirectWithFlash, spendUserCheck } from './route-options.js'
import type { TwoFactorRoutesOptions } from './two-factor-routes.js'

const KEYS_ON_CARD = '/account/password#chaves'
const tk = t.ownPassword.twoFactor.keys

export interface SecurityKeyRoutesOptions extends TwoFactorRoutesOptions {
  /** PUBLIC_URL as WebAuthn's relying party; null (an IP address, or http off localhost) leaves keys unavailable. */
  relyingParty: RelyingParty | null
}

export function registerSecurityKeyRoutes(app: FastifyInstance, options: SecurityKeyRoutesOptions): void {
  const { db, clock, relyingParty, passwordChecks, sendOwnAccountPage } = options
  const signedIn = { preHandler: requireSession }

  /** Back to the card with the reason a key was not added. */
  function refused(reply: FastifyReply, text: string) {
    return redirectWithFlash(reply, options, KEYS_ON_CARD, { kind: 'error', text })
  }

  app.post('/account/security-keys/new', signedIn, async (request, reply) => {
    if (!relyingParty) return refused(reply, tk.unavailable)
    const session = sessionOf(request)
    const name = formString(request.body, 'name')
    const nameError = securityKeyNameProblem(name) ?? undefined
    if (!spendUserCheck(passwordChecks, session.userId, reply)) return sendOwnAccountPage(request, reply, { keyForm: { name, nameError, passwordError: 'throttled' } }, 429)
    const user = { accountId: session.accountId, userId: session.userId, email: session.email, name: session.userName }
    // The password is checked even when the name is wrong, so one answer says everything to fix.
    const started = await startKeyRegistration(db, clock, relyingParty, user, formString(request.body, 'password'))
    const passwordError = !started.ok && (started.error === 'required' || started.error === 'wrong_password') ? started.error : undefined
    // A right password gives its attempt back, whatever else stops the form.
    if (passwordError === undefined) passwordChecks.release(session.userId)
    if (started.ok && nameError === undefined) {
      return sendPage(reply, <SecurityKeyRegistrationPage ctx={pageContext(request)} name={securityKeyName(name)} optionsJson={JSON.stringify(started.options)} />)
    }
    if (!started.ok && passwordError === undefined) return refused(reply, securityKeyErrorText(started.error)!)
    return sendOwnAccountPage(request, reply, { keyForm: { name, nameError, passwordError } }, 422)
  })

  app.post('/account/security-keys', signedIn, async (request, reply) => {
    if (!relyingParty) return refused(reply, tk.unavailable)
    const session = sessionOf(request)
    const name = formString(request.body, 'name')
    const result = await finishKeyRegistration(db, clock, relyingParty, session, { name, response: formString(request.body, 'response') })
    if (!result.ok) return refused(reply, securityKeyErrorText(result.error)!)
    return redirectWithFlash(reply, options, KEYS_ON_CARD, { kind: 'success', text: tk.addedFlash(securityKeyName(name)) })
  })

  app.post('/account/security-keys/:id/remove', signedIn, async (request, reply) => {
    const id = idParam(request.params)
    if (id === null) return sendNotFound(request, reply)
    const removed = await removeSecurityKey(db, clock, sessionOf(request), id)
    if (removed === null) return sendNotFound(request, reply)
    return redirectWithFlash(reply, options, KEYS_ON_CARD, { kind: 'success', text: tk.removed(removed) })
  })
}
