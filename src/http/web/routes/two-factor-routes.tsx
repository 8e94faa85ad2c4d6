// Minha conta → Verificação em duas etapas: start the setup (a new key and its QR code), confirm it
// with the app's first code (the recovery codes are then shown once), renew the recovery codes,
// turn it off. Each calls one accounts/two-factor.ts function; the login's code step is in
// auth-routes.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import QRCode from 'qrcode'
import { otpauthUri } from '../../../modules/accounts/totp.js'
import { disableTwoFactor, enableTwoFactor, findPendingSecret, renewRecoveryCodes, startTwoFactorSetup } from '../../../modules/accounts/two-factor.js'
import type { FixedWindowLimiter } from '../../../platform/fixed-window-limiter.js'
import { formString } from '../form-data.js'
import { duringTwoFactorSetup, requireSession } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { pageContext, sessionOf, sessionUserOf } from '../page-context.js'
import type { TwoFactorCardErrors } from '../pages/two-factor-pages.js'
import { RecoveryCodesPage, TwoFactorSetupPage } from '../pages/two-factor-pages.js'
import { sendPage } from '../render.js'
import { type WebRoutesOptions, redirectWithFlash, spendUserCheck } from './route-options.js'

const OWN_ACCOUNT_CARD = '/account/password#duas-etapas'
const tf = t.ownPassword.twoFactor

export interface TwoFactorRoutesOptions extends WebRoutesOptions {
  /** Wrong passwords and codes per user, shared with the password form's. */
  passwordChecks: FixedWindowLimiter<number>
  /** Minha conta with the card's refused form (its errors) and the status. */
  sendOwnAccountPage: (request: FastifyRequest, reply: FastifyReply, twoFactorErrors: TwoFactorCardErrors, status: number) => Promise<FastifyReply>
}

export function registerTwoFactorRoutes(app: FastifyInstance, options: TwoFactorRoutesOptions): void {
  const { db, clock, passwordChecks, sendOwnAccountPage } = options
  const signedIn = { preHandler: requireSession }

  async function sendSetupPage(request: FastifyRequest, reply: FastifyReply, secret: string, status = 200, errors?: TwoFactorCardErrors) {
    const session = sessionOf(request)
    // The app lists the account as "Vendoc (Company): e-mail", so two Vendoc accounts read apart.
    const uri = otpauthUri(secret, `Vendoc (${session.accountName})`, session.email)
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    const qrDataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
    return sendPage(reply, <TwoFactorSetupPage ctx={pageContext(request)} secret={secret} qrDataUrl={qrDataUrl} errors={errors} />, status)
  }

  app.post('/account/two-factor/setup', duringTwoFactorSetup, async (request, reply) => {
    const session = sessionOf(request)
    const secret = await startTwoFactorSetup(db, session.accountId, session.userId)
    if (secret === null) return reply.redirect(OWN_ACCOUNT_CARD, 303)
    return sendSetupPage(request, reply, secret)
  })

  app.post('/account/two-factor/enable', duringTwoFactorSetup, async (request, reply) => {
    const session = sessionOf(request)
    const pending = await findPendingSecret(db, session.accountId, session.userId)
    if (pending === null) return redirectWithFlash(reply, options, OWN_ACCOUNT_CARD, { kind: 'error', text: tf.noSetup })
    if (!spendUserCheck(passwordChecks, session.userId, reply)) return sendSetupPage(request, reply, pending, 429, { password: 'throttled' })
    const user = sessionUserOf(request)
    const result = await enableTwoFactor(db, clock, user, { password: formString(request.body, 'password'), code: formString(request.body, 'code') })
    if (result.ok) {
      passwordChecks.release(session.userId)
      return sendPage(reply, <RecoveryCodesPage ctx={pageContext(request)} codes={result.recoveryCodes} title={tf.enabledTitle} />)
    }
    if ('noSetup' in result) return redirectWithFlash(reply, options, OWN_ACCOUNT_CARD, { kind: 'error', text: tf.noSetup })
    return sendSetupPage(request, reply, pending, 422, result.errors)
  })

  app.post('/account/two-factor/recovery-codes', signedIn, async (request, reply) => {
    const session = sessionOf(request)
    if (!spendUserCheck(passwordChecks, session.userId, reply)) return sendOwnAccountPage(request, reply, { newCodes: 'throttled' }, 429)
    const result = await renewRecoveryCodes(db, clock, session.accountId, session.userId, formString(request.body, 'code'))
    if (!result.ok) return sendOwnAccountPage(request, reply, { newCodes: result.error }, 422)
    passwordChecks.release(session.userId)
    return sendPage(reply, <RecoveryCodesPage ctx={pageContext(request)} codes={result.recoveryCodes} title={tf.newCodes} />)
  })

  app.post('/account/two-factor/disable', signedIn, async (request, reply) => {
    const session = sessionOf(request)
    if (!spendUserCheck(passwordChecks, session.userId, reply)) return sendOwnAccountPage(request, reply, { password: 'throttled' }, 429)
    const input = { password: formString(request.body, 'password'), code: formString(request.body, 'code') }
    const result = await disableTwoFactor(db, clock, session.accountId, session.userId, input)
    if (!result.ok && 'requiredByAccount' in result) return redirectWithFlash(reply, options, OWN_ACCOUNT_CARD, { kind: 'error', text: tf.cannotDisable })
    if (!result.ok) return sendOwnAccountPage(request, reply, result.errors, 422)
    passwordChecks.release(session.userId)
    return redirectWithFlash(reply, options, OWN_ACCOUNT_CARD, { kind: 'success', text: tf.disabled })
  })
}
