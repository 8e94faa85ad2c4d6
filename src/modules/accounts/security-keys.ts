// Security keys (WebAuthn) as a second way through two-step verification, beside the
// authenticator app: a USB or NFC key, Windows Hello, Touch ID or a phone's passkey, touched
// instead of typing a code. Keys are added once two-step verification is on (the app and the
// recovery codes stay the way back when a key is lost) and go with it when it is turned off.
// The ceremonies' cryptography (CBOR, COSE keys, signatures, the attestation's format) is
// @simplewebauthn/server's; this file keeps the challenges (random, stored, used once, short-lived),
// the keys of each user (tenant-scoped like every row) and the signature counter.
// The relying party is PUBLIC_URL: its host name is the RP ID and its origin the only one
// accepted, so a key registered here answers nowhere else (phishing sites get nothing usable).
import { isIP } from 'node:net'
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { secretDigest as challengeId } from '../../platform/token-digest.js'
import { currentPasswordProblem } from './own-password.js'
import { queueSecurityNotice } from './security-notices.js'

/** At most this many keys per user: enough for a key on the keyring, a spare and a few devices. */
export const MAX_SECURITY_KEYS = 10
export const SECURITY_KEY_NAME_MAX = 60
/** How long the browser and the server wait for a touch. */
const CEREMONY_TIMEOUT_MS = 5 * 60 * 1000
/** A browser's answer is a few hundred bytes to a few KB (an attestation certificate chain at most). */
const RESPONSE_MAX_CHARS = 32_000

/** Where keys answer: PUBLIC_URL's host name and origin. */
export interface RelyingParty {
  id: string
  origin: string
}

/**
 * The relying party of PUBLIC_URL, or null when its host is an IP address: browsers accept only a
 * domain name (localhost included) as an RP ID, so keys are then unavailable and the card says why.
 */
export function relyingPartyOf(publicUrl: string): RelyingParty | null {
  const url = new URL(publicUrl)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return isIP(host) === 0 ? { id: host, origin: url.origin } : null
}

export interface SecurityKeySummary {
  id: number
  name: string
  createdAt: string
  lastUsedAt: string | null
}

export async function listSecurityKeys(db: Db, accountId: number, userId: number): Promise<SecurityKeySummary[]> {
  const rows = await db.selectFrom('security_keys').select(['id', 'name', 'created_at', 'last_used_at']).where('account_id', '=', accountId).where('user_id', '=', userId).orderBy('id').execute()
  return rows.map((row) => ({ id: Number(row.id), name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at }))
}

async function keyDescriptors(db: Db, accountId: number, userId: number): Promise<{ id: string; transports: AuthenticatorTransportFuture[] }[]> {
  const rows = await db.selectFrom('security_keys').select(['credential_id', 'transports']).where('account_id', '=', accountId).where('user_id', '=', userId).orderBy('id').execute()
  return rows.map((row) => ({ id: row.credential_id, transports: parseTransports(row.transports) }))
}

function parseTransports(json: string): AuthenticatorTransportFuture[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((item): item is AuthenticatorTransportFuture => typeof item === 'string') : []
  } catch {
    return []
  }
}

/** The browser's JSON answer (a hidden form field), or null when it is no object or too long. */
function parseResponse<T>(text: string): T | null {
  if (text.length === 0 || text.length > RESPONSE_MAX_CHARS) return null
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { id?: unknown }).id === 'string' ? (value as T) : null
  } catch {
    return null
  }
}

export type KeyRegistrationStart = { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; error: 'required' | 'wrong_password' | 'not_enabled' | 'too_many_keys' }

/**
 * Starts adding a key, confirmed by the user's password (an open session alone must not add an
 * outsider's key): the options for `navigator.credentials.create`, whose challenge is stored for
 * five minutes. Only with two-step verification on.
 */
export async function startKeyRegistration(db: Db, clock: Clock, rp: RelyingParty, user: { accountId: number; userId: number; email: string; name: string }, password: string): Promise<KeyRegistrationStart> {
  const { accountId, userId } = user
  const wrongPassword = await currentPasswordProblem(db, accountId, userId, password)
  if (wrongPassword) return { ok: false, error: wrongPassword }
  const existing = await keyDescriptors(db, accountId, userId)
  if (existing.length >= MAX_SECURITY_KEYS) return { ok: false, error: 'too_many_keys' }
  const options = await generateRegistrationOptions({
    rpName: 'Vendoc',
    rpID: rp.id,
    // A stable handle without personal data: the same authenticator keeps one credential per user.
    userID: new TextEncoder().encode(`vendoc-user-${userId}`),
    userName: user.email,
    userDisplayName: user.name,
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing,
    authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' },
    supportedAlgorithmIDs: [-7, -8, -257],
  })
  const stored = await db
    .updateTable('user_authenticators')
    .set({ key_challenge: options.challenge, key_challenge_expires_at: new Date(clock.now().getTime() + CEREMONY_TIMEOUT_MS).toISOString() })
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .where('secret', 'is not', null)
    .executeTakeFirst()
  return Number(stored.numUpdatedRows) === 1 ? { ok: true, options } : { ok: false, error: 'not_enabled' }
}

type KeyNameProblem = 'name_required' | 'name_too_long' | 'name_invalid'
export type KeyRegistrationFinish = { ok: true } | { ok: false; error: KeyNameProblem | 'invalid_key' | 'expired' | 'too_many_keys' | 'already_registered' }

/** A key's name as stored: runs of white space (line breaks included) made one space, trimmed. */
export function securityKeyName(typed: string): string {
  return typed.replace(/\s+/g, ' ').trim()
}

/** What is wrong with a typed name: empty, over 60 characters, or holding control characters. */
export function securityKeyNameProblem(typed: string): KeyNameProblem | null {
  const name = securityKeyName(typed)
  if (name === '') return 'name_required'
  if ([...name].length > SECURITY_KEY_NAME_MAX) return 'name_too_long'
  return /\p{Cc}|\p{Cf}/u.test(name) ? 'name_invalid' : null
}

/**
 * Adds the key the browser created for the stored challenge, which it uses up (a second request
 * with the same answer adds nothing); the user is told by e-mail.
 */
export async function finishKeyRegistration(db: Db, clock: Clock, rp: RelyingParty, user: { accountId: number; userId: number }, input: { name: string; response: string }): Promise<KeyRegistrationFinish> {
  const { accountId, userId } = user
  const nameProblem = securityKeyNameProblem(input.name)
  if (nameProblem) return { ok: false, error: nameProblem }
  const name = securityKeyName(input.name)
  const row = await db.selectFrom('user_authenticators').select(['secret', 'key_challenge', 'key_challenge_expires_at']).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst()
  const challenge = row?.secret && row.key_challenge && row.key_challenge_expires_at && row.key_challenge_expires_at > isoNow(clock) ? row.key_challenge : null
  if (challenge === null) return { ok: false, error: 'expired' }
  const response = parseResponse<RegistrationResponseJSON>(input.response)
  if (response === null) return { ok: false, error: 'invalid_key' }
  const credential = await verifiedRegistration(response, challenge, rp)
  if (credential === null) return { ok: false, error: 'invalid_key' }
  return db.transaction().execute(async (trx): Promise<KeyRegistrationFinish> => {
    const used = await trx
      .updateTable('user_authenticators')
      .set({ key_challenge: null, key_challenge_expires_at: null })
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .where('key_challenge', '=', challenge)
      .executeTakeFirst()
    if (Number(used.numUpdatedRows) !== 1) return { ok: false, error: 'expired' }
    const count = await trx.selectFrom('security_keys').select((eb) => eb.fn.countAll<number | string>().as('n')).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirstOrThrow()
    if (Number(count.n) >= MAX_SECURITY_KEYS) return { ok: false, error: 'too_many_keys' }
    const taken = await trx.selectFrom('security_keys').select('id').where('credential_id', '=', credential.id).executeTakeFirst()
    if (taken) return { ok: false, error: 'already_registered' }
    await trx
      .insertInto('security_keys')
      .values({ account_id: accountId, user_id: userId, credential_id: credential.id, public_key: Buffer.from(credential.publicKey).toString('base64url'), sign_count: credential.counter, transports: JSON.stringify(credential.transports ?? []), name, created_at: isoNow(clock), last_used_at: null })
      .execute()
    await queueSecurityNotice(trx, clock, user, { kind: 'security_key_added', name })
    return { ok: true }
  })
}

async function verifiedRegistration(response: RegistrationResponseJSON, challenge: string, rp: RelyingParty) {
  try {
    const result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: false })
    return result.verified ? result.registrationInfo.credential : null
  } catch {
    // Malformed or forged answers throw with the library's reason; to the user they are one error.
    return null
  }
}

/**
 * Removes one of the user's keys and tells them by e-mail; returns its name, or null for a key that
 * is not theirs, which looks exactly like one that never was. No password: a key removed weakens
 * nothing (the app's code is still asked), and the e-mail tells of one removed by someone else.
 */
export async function removeSecurityKey(db: Db, clock: Clock, user: { accountId: number; userId: number }, keyId: number): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('security_keys').where('account_id', '=', user.accountId).where('user_id', '=', user.userId).where('id', '=', keyId).returning('name').executeTakeFirst()
    if (!removed) return null
    await queueSecurityNotice(trx, clock, user, { kind: 'security_key_removed', name: removed.name })
    return removed.name
  })
}

/**
 * The options for `navigator.credentials.get` on the login's code page, for a challenge whose user
 * has keys (null otherwise); the challenge is stored on the login challenge, replacing any offered
 * before, so only the latest page's answer counts.
 */
export async function keySignInOptions(db: Db, rp: RelyingParty, challengeToken: string, user: { accountId: number; userId: number }): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const keys = await keyDescriptors(db, user.accountId, user.userId)
  if (keys.length === 0) return null
  const options = await generateAuthenticationOptions({ rpID: rp.id, allowCredentials: keys, userVerification: 'discouraged', timeout: CEREMONY_TIMEOUT_MS })
  const stored = await db.updateTable('login_challenges').set({ key_challenge: options.challenge }).where('id', '=', challengeId(challengeToken)).where('account_id', '=', user.accountId).executeTakeFirst()
  return Number(stored.numUpdatedRows) === 1 ? options : null
}

/**
 * Whether the browser's answer is a signature by one of the user's keys over the challenge the
 * code page offered. Uses the challenge up and moves the key's counter forward in one
 * transaction; a counter that did not move forward (a cloned key) is refused.
 */
export async function checkSecurityKey(db: Db, clock: Clock, rp: RelyingParty, challengeToken: string, user: { accountId: number; userId: number }, responseText: string): Promise<boolean> {
  const { accountId, userId } = user
  const response = parseResponse<AuthenticationResponseJSON>(responseText)
  if (response === null) return false
  const id = challengeId(challengeToken)
  const [challenge, key] = await Promise.all([
    db.selectFrom('login_challenges').select('key_challenge').where('id', '=', id).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst(),
    db.selectFrom('security_keys').select(['id', 'credential_id', 'public_key', 'sign_count', 'transports']).where('account_id', '=', accountId).where('user_id', '=', userId).where('credential_id', '=', response.id).executeTakeFirst(),
  ])
  if (!challenge?.key_challenge || !key) return false
  const expectedChallenge = challenge.key_challenge
  const newCounter = await verifiedAssertion(response, expectedChallenge, rp, { id: key.credential_id, publicKey: new Uint8Array(Buffer.from(key.public_key, 'base64url')), counter: Number(key.sign_count), transports: parseTransports(key.transports) })
  if (newCounter === null) return false
  return db.transaction().execute(async (trx) => {
    const used = await trx.updateTable('login_challenges').set({ key_challenge: null }).where('id', '=', id).where('key_challenge', '=', expectedChallenge).executeTakeFirst()
    if (Number(used.numUpdatedRows) !== 1) return false
    // Conditional on the counter read: of two answers racing with one key, only one moves it.
    const moved = await trx
      .updateTable('security_keys')
      .set({ sign_count: newCounter, last_used_at: isoNow(clock) })
      .where('account_id', '=', accountId)
      .where('id', '=', key.id)
      .where('sign_count', '=', key.sign_count)
      .executeTakeFirst()
    return Number(moved.numUpdatedRows) === 1
  })
}

async function verifiedAssertion(response: AuthenticationResponseJSON, challenge: string, rp: RelyingParty, credential: WebAuthnCredential): Promise<number | null> {
  try {
    const result = await verifyAuthenticationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, credential, requireUserVerification: false })
    return result.verified ? result.authenticationInfo.newCounter : null
  } catch {
    return null
  }
}
