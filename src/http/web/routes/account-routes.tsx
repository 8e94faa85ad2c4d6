// The account's own settings (Configurações → Conta, admins), its logo, and a user's own password
// and e-mail notices (Minha conta, everyone signed in), with its two-step verification
// (two-factor-routes.tsx, security-key-routes.tsx) and sessions (own-session-routes.tsx). Each
// calls one accounts function.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { accountLogoInfo, findAccountLogo, LOGO_MAX_BYTES, type LogoProblem, removeAccountLogo, saveAccountLogo } from '../../../modules/accounts/account-logo.js'
import { type AccountSettingsErrors, findSignerSettings, updateAccountSettings } from '../../../modules/accounts/account-settings.js'
import { findAccount } from '../../../modules/accounts/accounts.js'
import { discountLimitInput } from '../../../modules/lifecycle/discount-rule.js'
import { findNoticePreferences, saveNoticePreferences } from '../../../modules/accounts/notice-preferences.js'
import { listOwnSessions } from '../../../modules/accounts/own-sessions.js'
import { changeOwnPassword, type OwnPasswordErrors } from '../../../modules/accounts/own-password.js'
import { findTwoFactorState } from '../../../modules/accounts/two-factor.js'
import { listSecurityKeys, type RelyingParty } from '../../../modules/accounts/security-keys.js'
import { findTwoFactorPolicy, saveTwoFactorPolicy } from '../../../modules/accounts/two-factor-policy.js'
import type { FixedWindowLimiter } from '../../../platform/fixed-window-limiter.js'
import { formString } from '../form-data.js'
import { formatDocument } from '../format.js'
import { duringTwoFactorSetup, requireRole, requireSession, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { activityActorOf, pageContext, sessionOf, sessionUserOf } from '../page-context.js'
import { formFile } from '../multipart-form.js'
import { AccountSettingsPage, type AccountSettingsValues } from '../pages/account-settings-page.js'
import { OwnPasswordPage } from '../pages/own-password-page.js'
import type { TwoFactorCardErrors } from '../pages/two-factor-pages.js'
import { sendPage } from '../render.js'
import { type WebRoutesOptions, redirectWithFlash, spendUserCheck } from './route-options.js'
import { registerTwoFactorRoutes } from './two-factor-routes.js'
import { registerSecurityKeyRoutes } from './security-key-routes.js'
import { registerOwnSessionRoutes } from './own-session-routes.js'

const OWN_ACCOUNT_PAGE = '/account/password'

/** The logo's 256 KB and the form's token around it. */
const LOGO_FORM_BODY_LIMIT = LOGO_MAX_BYTES + 64 * 1024

export interface AccountRoutesOptions extends WebRoutesOptions {
  /** Wrong current passwords per user: the form must not become a way to guess the password. */
  passwordChecks: FixedWindowLimiter<number>
  /** PUBLIC_URL as WebAuthn's relying party (security-keys.ts); null leaves keys unavailable. */
  relyingParty: RelyingParty | null
}

export function registerAccountRoutes(app: FastifyInstance, options: AccountRoutesOptions): void {
  const { db, clock, passwordChecks } = options
  const { relyingParty } = options
  const adminOnly = { preHandler: requireRole('admin') }
  const signedIn = { preHandler: requireSession }

  /** The settings page: the saved values unless a refused form's are given back, and the saved logo. */
  async function sendSettingsPage(request: FastifyRequest, reply: FastifyReply, refused: { values?: AccountSettingsValues; errors?: AccountSettingsErrors; logoError?: LogoProblem; securityError?: string } = {}) {
    const { accountId } = sessionOf(request)
    const account = await findAccount(db, accountId)
    if (!account) return sendNotFound(request, reply)
    const signers = await findSignerSettings(db, accountId)
    const values = refused.values ?? {
      name: account.name, timeZone: account.time_zone, document: formatDocument(account.document), address: account.address ?? '', phone: account.phone ?? '', email: account.email ?? '',
      autoReminderDays: signers.autoReminderDays === null ? '' : String(signers.autoReminderDays),
      defaultSignerMessage: signers.defaultSignerMessage ?? '',
      signedCopyTo: signers.signedCopyTo.join('\n'),
      discountApprovalAbove: discountLimitInput(signers.discountApprovalAboveBp),
    }
    const logo = await accountLogoInfo(db, accountId)
    const security = (await findTwoFactorPolicy(db, accountId))!
    const page = <AccountSettingsPage ctx={pageContext(request)} values={values} savedZone={account.time_zone} errors={refused.errors} logo={logo} logoError={refused.logoError} security={security} securityError={refused.securityError} />
    return sendPage(reply, page, refused.values || refused.logoError || refused.securityError ? 422 : 200)
  }

  app.get('/settings/account', adminOnly, async (request, reply) => sendSettingsPage(request, reply))

  app.post('/settings/account', adminOnly, async (request, reply) => {
    const { accountId } = sessionOf(request)
    const field = (name: string) => formString(request.body, name)
    const values = { name: field('name'), timeZone: field('time_zone'), document: field('document'), address: field('address'), phone: field('phone'), email: field('email'), autoReminderDays: field('auto_reminder_days'), defaultSignerMessage: field('default_signer_message').slice(0, 10_000), signedCopyTo: field('signed_copy_to').slice(0, 10_000), discountApprovalAbove: field('discount_approval_above').slice(0, 100) }
    const result = await updateAccountSettings(db, clock, accountId, values, activityActorOf(request))
    if (result.ok) return redirectWithFlash(reply, options, '/settings/account', { kind: 'success', text: t.accountSettings.saved })
    if ('notFound' in result) return sendNotFound(request, reply)
    return sendSettingsPage(request, reply, { values, errors: result.errors })
  })

  // The logo is shown on this admin page only (members see it in the documents); the upload refuses
  // anyone but an admin before reading the body.
  app.get('/settings/account/logo', adminOnly, async (request, reply) => {
    const logo = await findAccountLogo(db, sessionOf(request).accountId)
    if (!logo) return sendNotFound(request, reply)
    return reply.type(logo.contentType).header('etag', `"${logo.sha256}"`).header('cache-control', 'private, no-cache').send(Buffer.from(logo.bytes))
  })

  app.post('/settings/account/logo', { ...adminOnly, onRequest: requireRole('admin'), bodyLimit: LOGO_FORM_BODY_LIMIT }, async (request, reply) => {
    const upload = formFile(request.body, 'logo')
    const result = await saveAccountLogo(db, clock, sessionOf(request).accountId, upload?.bytes ?? new Uint8Array(), activityActorOf(request))
    if (!result.ok) return sendSettingsPage(request, reply, { logoError: result.problem })
    return redirectWithFlash(reply, options, '/settings/account', { kind: 'success', text: t.accountSettings.logoSaved })
  })

  app.post('/settings/account/security', adminOnly, async (request, reply) => {
    const session = sessionOf(request)
    const ticked = formString(request.body, 'require_two_factor')
    const texts = t.accountSettings.security
    if (ticked !== '' && ticked !== '1') return redirectWithFlash(reply, options, '/settings/account', { kind: 'error', text: texts.invalid })
    const result = await saveTwoFactorPolicy(db, clock, { accountId: session.accountId, userId: session.userId }, ticked === '1', activityActorOf(request))
    if (!result.ok) return sendSettingsPage(request, reply, { securityError: texts.ownFirst })
    return redirectWithFlash(reply, options, '/settings/account', { kind: 'success', text: texts.saved })
  })

  app.post('/settings/account/logo/remove', adminOnly, async (request, reply) => {
    await removeAccountLogo(db, clock, sessionOf(request).accountId, activityActorOf(request))
    return redirectWithFlash(reply, options, '/settings/account', { kind: 'success', text: t.accountSettings.logoRemoved })
  })

  /** Minha conta: the password form and the two-step verification's (with a refused attempt's errors) and the user's notices. */
  async function sendOwnAccountPage(request: FastifyRequest, reply: FastifyReply, errors?: OwnPasswordErrors, status = 200, twoFactorErrors?: TwoFactorCardErrors) {
    const session = sessionOf(request)
    const notices = await findNoticePreferences(db, session.accountId, session.userId)
    if (!notices) return sendNotFound(request, reply)
    const twoFactor = await findTwoFactorState(db, session.accountId, session.userId)
    const securityKeys = { keys: twoFactor.enabled ? await listSecurityKeys(db, session.accountId, session.userId) : [], available: relyingParty !== null }
    const sessions = await listOwnSessions(db, clock, sessionUserOf(request))
    const page = <OwnPasswordPage ctx={pageContext(request)} notices={notices} errors={errors} twoFactor={twoFactor} securityKeys={securityKeys} twoFactorErrors={twoFactorErrors} sessions={sessions} />
    return sendPage(reply, page, status)
  }

  const sendTwoFactorCard = (request: FastifyRequest, reply: FastifyReply, twoFactorErrors: TwoFactorCardErrors, status: number) => sendOwnAccountPage(request, reply, undefined, status, twoFactorErrors)
  registerTwoFactorRoutes(app, { ...options, sendOwnAccountPage: sendTwoFactorCard })
  registerSecurityKeyRoutes(app, { ...options, sendOwnAccountPage: sendTwoFactorCard })
  registerOwnSessionRoutes(app, options)

  app.get(OWN_ACCOUNT_PAGE, duringTwoFactorSetup, async (request, reply) => sendOwnAccountPage(request, reply))

  app.post('/account/password', duringTwoFactorSetup, async (request, reply) => {
    const session = sessionOf(request)
    // Counted before the check, given back when the current password was right (as the login's).
    if (!spendUserCheck(passwordChecks, session.userId, reply)) return sendOwnAccountPage(request, reply, { current: 'wrong_password' }, 429)
    const input = { current: formString(request.body, 'current_password'), next: formString(request.body, 'new_password'), confirmation: formString(request.body, 'confirmation') }
    const user = sessionUserOf(request)
    const result = await changeOwnPassword(db, clock, user, input)
    if (!result.ok && result.errors.current === 'wrong_password') return sendOwnAccountPage(request, reply, result.errors, 422)
    passwordChecks.release(session.userId)
    if (!result.ok) return sendOwnAccountPage(request, reply, result.errors, 422)
    return redirectWithFlash(reply, options, '/dashboard', { kind: 'success', text: t.ownPassword.saved })
  })

  app.post('/account/notifications', signedIn, async (request, reply) => {
    const session = sessionOf(request)
    // Checkboxes: "1" when ticked, absent when not. Anything else is no choice the form offers.
    const activity = formString(request.body, 'document_activity')
    const expiry = formString(request.body, 'expiry_warning')
    // Back to the page's top, where the flash is (the e-mails link to the notices' card instead).
    if (![activity, expiry].every((ticked) => ticked === '' || ticked === '1')) return redirectWithFlash(reply, options, OWN_ACCOUNT_PAGE, { kind: 'error', text: t.ownPassword.notices.invalid })
    const saved = await saveNoticePreferences(db, clock, session.accountId, session.userId, { documentActivity: activity === '1', expiryWarning: expiry === '1' })
    if (!saved) return sendNotFound(request, reply)
    return redirectWithFlash(reply, options, OWN_ACCOUNT_PAGE, { kind: 'success', text: t.ownPassword.notices.saved })
  })
}
