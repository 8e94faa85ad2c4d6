// Sign-up, login (with its code step for two-step verification) and logout. Each calls one
// accounts function; this file only moves form fields in and pages, cookies and redirects out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { verifyLogin } from '../../../modules/accounts/log-in.js'
import { consumeLoginChallenge, createLoginChallenge, findLoginChallenge, LOGIN_CHALLENGE_VALID_MS, type LoginChallenge as LiveChallenge, recordChallengeFailure } from '../../../modules/accounts/login-challenges.js'
import { checkSecurityKey, keySignInOptions, type RelyingParty } from '../../../modules/accounts/security-keys.js'
import { checkSecondFactor } from '../../../modules/accounts/two-factor.js'
import { signUp } from '../../../modules/accounts/sign-up.js'
import { normalizeEmail } from '../../../platform/contact-formats.js'
import { createWebSession, deleteWebSession } from '../../../modules/accounts/web-sessions.js'
import type { FixedWindowLimiter } from '../../../platform/fixed-window-limiter.js'
import { LOGIN_CHALLENGE_COOKIE, SESSION_COOKIE, clearCookie, readCookie, setCookie } from '../cookies.js'
import { formString } from '../form-data.js'
import { safeNextPath } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { LoginPage, SignUpPage, type SignUpValues } from '../pages/auth-pages.js'
import { type CodePageErrors, TwoFactorLoginPage } from '../pages/two-factor-pages.js'
import { sendPage } from '../render.js'
import { setFlash } from '../flash.js'
import { setSessionCookie, type WebSessionOptions } from '../web-session.js'

export interface AuthRoutesOptions extends WebSessionOptions {
  /** PUBLIC_URL as WebAuthn's relying party (security keys); null where browsers offer none (relyingPartyOf). */
  relyingParty: RelyingParty | null
  /** Failed logins per e-mail and address; counted before the password is checked. */
  loginFailures: FixedWindowLimiter
  /** Wrong two-step verification codes per user, whatever the address; counted before the code is checked. */
  secondFactorFailures: FixedWindowLimiter<number>
  /** Sign-up attempts per address (each hashes a password and may create an account). */
  signUpAttempts: FixedWindowLimiter
}

export function registerAuthRoutes(app: FastifyInstance, options: AuthRoutesOptions): void {
  const { db, clock, secureCookies, relyingParty, loginFailures, secondFactorFailures, signUpAttempts } = options

  async function startSession(request: FastifyRequest, reply: FastifyReply, user: { userId: number; accountId: number }) {
    // A new token on every login: a session id planted before login is never promoted.
    const previous = readCookie(request, SESSION_COOKIE)
    if (previous) await deleteWebSession(db, previous)
    const { token } = await createWebSession(db, clock, user, { userAgent: request.headers['user-agent'], ipAddress: request.ip })
    setSessionCookie(reply, token, secureCookies)
  }

  app.get('/signup', async (request, reply) => {
    if (request.webSession) return reply.redirect('/dashboard', 303)
    return sendPage(reply, <SignUpPage csrfToken={request.csrfToken} values={{ accountName: '', name: '', email: '' }} />)
  })

  app.post('/signup', async (request, reply) => {
    const values: SignUpValues = { accountName: formString(request.body, 'accountName'), name: formString(request.body, 'name'), email: formString(request.body, 'email') }
    const budget = signUpAttempts.hit(request.ip)
    if (!budget.allowed) {
      reply.header('retry-after', String(budget.resetSeconds))
      return sendPage(reply, <SignUpPage csrfToken={request.csrfToken} values={values} error={t.login.throttled(Math.ceil(budget.resetSeconds / 60))} />, 429)
    }
    const result = await signUp(db, clock, { ...values, password: formString(request.body, 'password') })
    if (!result.ok) return sendPage(reply, <SignUpPage csrfToken={request.csrfToken} values={values} errors={result.errors} />, 422)
    await startSession(request, reply, result)
    return reply.redirect('/dashboard', 303)
  })

  app.get('/login', async (request, reply) => {
    const query = request.query as Record<string, unknown>
    if (request.webSession) return reply.redirect(safeNextPath(query.next) ?? '/dashboard', 303)
    const notice =
      query.logged_out !== undefined ? t.login.loggedOut
      : query.password_reset !== undefined ? t.login.passwordReset
      : query.password_chosen !== undefined ? t.login.passwordChosen
      : query.challenge_ended !== undefined ? t.login.challengeEnded
      : undefined
    return sendPage(reply, <LoginPage csrfToken={request.csrfToken} notice={notice} next={safeNextPath(query.next)} />)
  })

  app.post('/login', async (request, reply) => {
    const email = formString(request.body, 'email')
    const next = safeNextPath(formString(request.body, 'next'))
    const throttleKey = `${normalizeEmail(email)}|${request.ip}`
    // Counted now and given back on success: counted after the password check (tens of ms), a
    // burst of attempts sent at once would all pass a check made before any of them had failed.
    const budget = loginFailures.hit(throttleKey)
    if (!budget.allowed) {
      reply.header('retry-after', String(budget.resetSeconds))
      const error = t.login.throttled(Math.ceil(budget.resetSeconds / 60))
      return sendPage(reply, <LoginPage csrfToken={request.csrfToken} email={email} error={error} next={next} />, 429)
    }
    const user = await verifyLogin(db, email, formString(request.body, 'password'))
    if (!user) {
      return sendPage(reply, <LoginPage csrfToken={request.csrfToken} email={email} error={t.login.invalid} next={next} />, 401)
    }
    if (user.needsSecondFactor) {
      // The password was right, a code is still due: no session yet, and the failures counted so
      // far stay counted until the code is accepted (wrong codes add to them).
      const token = await createLoginChallenge(db, clock, { userId: user.userId, accountId: user.accountId, nextPath: next ?? null })
      setCookie(reply, LOGIN_CHALLENGE_COOKIE, token, { secure: secureCookies, maxAgeSeconds: LOGIN_CHALLENGE_VALID_MS / 1000 })
      return reply.redirect('/login/two-factor', 303)
    }
    loginFailures.release(throttleKey)
    await startSession(request, reply, user)
    return reply.redirect(next ?? '/dashboard', 303)
  })

  /** Back to the password: the challenge is missing, used, expired or out of attempts. */
  function challengeEnded(reply: FastifyReply) {
    clearCookie(reply, LOGIN_CHALLENGE_COOKIE, secureCookies)
    return reply.redirect('/login?challenge_ended', 303)
  }

  /** The code page; for a user with security keys also their form, with a new challenge for them. */
  async function sendCodePage(request: FastifyRequest, reply: FastifyReply, token: string, challenge: LiveChallenge, errors: CodePageErrors = {}, status = 200) {
    const keyOptions = relyingParty ? await keySignInOptions(db, relyingParty, token, challenge) : null
    const keyOptionsJson = keyOptions ? JSON.stringify(keyOptions) : undefined
    return sendPage(reply, <TwoFactorLoginPage csrfToken={request.csrfToken} errors={errors} keyOptionsJson={keyOptionsJson} />, status)
  }

  /**
   * A code or a key is due: the live challenge and its throttle key, with this attempt counted
   * (as passwords are: in the login's own throttle per e-mail and address, and per user whatever
   * the address, so guesses spread over many addresses still meet a limit), or the reply already
   * sent (the challenge ended, or the budget is spent).
   */
  async function spendSecondStep(request: FastifyRequest, reply: FastifyReply): Promise<{ token: string; challenge: LiveChallenge; throttleKey: string } | FastifyReply> {
    const token = readCookie(request, LOGIN_CHALLENGE_COOKIE)
    const challenge = token ? await findLoginChallenge(db, clock, token) : undefined
    if (!token || !challenge) return challengeEnded(reply)
    const throttleKey = `${normalizeEmail(challenge.email)}|${request.ip}`
    const budgets = [loginFailures.hit(throttleKey), secondFactorFailures.hit(challenge.userId)]
    const spent = budgets.find((budget) => !budget.allowed)
    if (spent) {
      reply.header('retry-after', String(spent.resetSeconds))
      return sendCodePage(request, reply, token, challenge, { general: t.login.throttled(Math.ceil(spent.resetSeconds / 60)) }, 429)
    }
    return { token, challenge, throttleKey }
  }

  /** A wrong code or key: counted on the challenge, which ends at its fifth. */
  async function refuseSecondStep(request: FastifyRequest, reply: FastifyReply, step: { token: string; challenge: LiveChallenge }, errors: CodePageErrors) {
    if (!(await recordChallengeFailure(db, step.token))) return challengeEnded(reply)
    return sendCodePage(request, reply, step.token, step.challenge, errors, 401)
  }

  /** The code or key passed: the challenge is used up and the session starts. */
  async function passSecondStep(request: FastifyRequest, reply: FastifyReply, step: { token: string; challenge: LiveChallenge; throttleKey: string }): Promise<boolean> {
    if (!(await consumeLoginChallenge(db, step.token))) return false
    // This attempt and the password's, which stayed counted while the second step was due.
    loginFailures.release(step.throttleKey)
    loginFailures.release(step.throttleKey)
    secondFactorFailures.release(step.challenge.userId)
    clearCookie(reply, LOGIN_CHALLENGE_COOKIE, secureCookies)
    await startSession(request, reply, step.challenge)
    return true
  }

  app.get('/login/two-factor', async (request, reply) => {
    if (request.webSession) return reply.redirect('/dashboard', 303)
    const token = readCookie(request, LOGIN_CHALLENGE_COOKIE)
    const challenge = token ? await findLoginChallenge(db, clock, token) : undefined
    if (!token || !challenge) return challengeEnded(reply)
    return sendCodePage(request, reply, token, challenge)
  })

  app.post('/login/two-factor', async (request, reply) => {
    const step = await spendSecondStep(request, reply)
    if (!('token' in step)) return step
    const { challenge } = step
    const factor = await checkSecondFactor(db, clock, challenge.accountId, challenge.userId, formString(request.body, 'code'), 'sign_in')
    if (factor === null) return refuseSecondStep(request, reply, step, { code: t.login.twoFactor.invalid })
    if (!(await passSecondStep(request, reply, step))) return challengeEnded(reply)
    if (factor.kind === 'recovery_code') setFlash(reply, { kind: factor.left === 0 ? 'error' : 'info', text: t.login.twoFactor.recoveryUsed(factor.left) }, secureCookies)
    return reply.redirect(challenge.nextPath ?? '/dashboard', 303)
  })

  app.post('/login/two-factor/key', async (request, reply) => {
    const step = await spendSecondStep(request, reply)
    if (!('token' in step)) return step
    const { token, challenge } = step
    const passed = relyingParty !== null && (await checkSecurityKey(db, clock, relyingParty, token, challenge, formString(request.body, 'response')))
    if (!passed) return refuseSecondStep(request, reply, step, { key: t.login.twoFactor.keyInvalid })
    if (!(await passSecondStep(request, reply, step))) return challengeEnded(reply)
    return reply.redirect(challenge.nextPath ?? '/dashboard', 303)
  })

  app.post('/logout', async (request, reply) => {
    const token = readCookie(request, SESSION_COOKIE)
    if (token) await deleteWebSession(db, token)
    clearCookie(reply, SESSION_COOKIE, secureCookies)
    return reply.redirect('/login?logged_out', 303)
  })
}
