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
import { type LoginChallenge, offerKeyChallenge, useKeyChallenge } from './login-challenges.js'
import { currentPasswordProblem } from './own-password.js'
import { queueSecurityNotice } from './security-notices.js'

/** At most this many keys per user: enough for a key on the keyring, a spare and a few devices. */
export const MAX_SECURITY_KEYS = 10
export const SECURITY_KEY_NAME_MAX = 60
/** How long the browser and the server wait for a touch. */
const CEREMONY_TIMEOUT_MS = 5 * 60 * 1000
/** A browser's answer is a few hundred bytes to a few KB (an attestation certificate chain at most). */
const RESPONSE_MAX_CHARS = 32_000
/** A credential id as base64url: at most 1,023 bytes by the spec. */
const CREDENTIAL_ID = /^[A-Za-z0-9_-]{16,1400}$/
/** The algorithms offered and accepted: ES256, EdDSA, RS256. */
const ALGORITHMS = [-7, -8, -257]
const KNOWN_TRANSPORTS: ReadonlySet<string> = new Set(['usb', 'nfc', 'ble', 'internal', 'hybrid', 'cable', 'smart-card'])

/** Where keys answer: PUBLIC_URL's host name and origin. */
export interface RelyingParty {
  id: string
  origin: string
}

/**
 * The relying party of PUBLIC_URL, or null where browsers offer no WebAuthn: an IP address (an RP
 * ID must be a domain name) or plain http on anything but localhost (WebAuthn needs a secure
 * context). Keys are then unavailable and the card says why.
 */
export function relyingPartyOf(publicUrl: string): RelyingParty | null {
  const url = new URL(publicUrl)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const secureContext = url.protocol === 'https:' || host === 'localhost' || host.endsWith('.localhost')
  return isIP(host) === 0 && secureContext ? { id: host, origin: url.origin } : null
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

/** The known transports among what a browser reported (the client's word, so nothing else is kept). */
function knownTransports(value: unknown): AuthenticatorTransportFuture[] {
  if (!Array.isArray(value)) return []
  return [...new Set(value.filter((item): item is AuthenticatorTransportFuture => typeof item === 'string' && KNOWN_TRANSPORTS.has(item)))]
}

function parseTransports(json: string): AuthenticatorTransportFuture[] {
  try {
    return knownTransports(JSON.parse(json))
  } catch {
    return []
  }
}

/**
 * The browser's JSON answer (a hidden form field), or null when it is no object, too long, or its
 * credential id is no base64url (the id is looked up before any signature is checked, so it must
 * be plain text a database accepts: no NUL, no other characters).
 */
function parseResponse<T>(text: string): T | null {
  if (text.length === 0 || text.length > RESPONSE_MAX_CHARS) return null
  try {
    const value: unknown = JSON.parse(text)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
    const { id, rawId } = value as { id?: unknown; rawId?: unknown }
    return typeof id === 'string' && CREDENTIAL_ID.test(id) && id === rawId ? (value as T) : null
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
    supportedAlgorithmIDs: ALGORITHMS,
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
export type KeyRegistrationFinish = { ok: true } | { ok: false; error: KeyNameProblem | 'invalid_key' | 'expired' | 'not_enabled' | 'too_many_keys' | 'already_registered' }

/** Control characters, and the invisible ones that change how text reads (zero-width spaces, direction overrides); the joiner of emoji is allowed. */
const INVISIBLE = /[\p{Cc}\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u

/** A key's name as stored: runs of white space (line breaks included) made one space, trimmed. */
export function securityKeyName(typed: string): string {
  return typed.replace(/\s+/g, ' ').trim()
}

/** What is wrong with a typed name: empty, over 60 characters, or holding control or invisible characters. */
export function securityKeyNameProblem(typed: string): KeyNameProblem | null {
  const name = securityKeyName(typed)
  if (name === '') return 'name_required'
  if ([...name].length > SECURITY_KEY_NAME_MAX) return 'name_too_long'
  return INVISIBLE.test(name) ? 'name_invalid' : null
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
  if (!row?.secret) return { ok: false, error: 'not_enabled' }
  const now = isoNow(clock)
  const challenge = row.key_challenge && row.key_challenge_expires_at && row.key_challenge_expires_at > now ? row.key_challenge : null
  if (challenge === null) return { ok: false, error: 'expired' }
  /** Uses the challenge up (once, and only while it is live); false when another request did, or it expired. */
  const useChallenge = async (trx: Db) => {
    const used = await trx
      .updateTable('user_authenticators')
      .set({ key_challenge: null, key_challenge_expires_at: null })
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .where('key_challenge', '=', challenge)
      .where('key_challenge_expires_at', '>', now)
      .executeTakeFirst()
    return Number(used.numUpdatedRows) === 1
  }
  const response = parseResponse<RegistrationResponseJSON>(input.response)
  const credential = response === null ? null : await verifiedRegistration(response, challenge, rp)
  // A refused answer uses the challenge up too: each costs a signature check, and a browser's real
  // answer never fails, so trying again starts over (with the password).
  if (credential === null) return (await useChallenge(db)) ? { ok: false, error: 'invalid_key' } : { ok: false, error: 'expired' }
  try {
    return await db.transaction().execute((trx) => addKey(trx, clock, user, name, credential, useChallenge))
  } catch (error) {
    // Two users adding one (forged) credential id at once: the unique index refused the second; say so, as the check would have.
    if (await credentialTaken(db, credential.id)) return { ok: false, error: 'already_registered' }
    throw error
  }
}

async function credentialTaken(db: Db, credentialId: string): Promise<boolean> {
  return (await db.selectFrom('security_keys').select('id').where('credential_id', '=', credentialId).executeTakeFirst()) !== undefined
}

async function addKey(trx: Db, clock: Clock, user: { accountId: number; userId: number }, name: string, credential: WebAuthnCredential, useChallenge: (trx: Db) => Promise<boolean>): Promise<KeyRegistrationFinish> {
  const { accountId, userId } = user
  if (!(await useChallenge(trx))) return { ok: false, error: 'expired' }
  const count = await trx.selectFrom('security_keys').select((eb) => eb.fn.countAll<number | string>().as('n')).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirstOrThrow()
  if (Number(count.n) >= MAX_SECURITY_KEYS) return { ok: false, error: 'too_many_keys' }
  // Credential ids are the browser's, unique across the installation: one already here is refused.
  if (await credentialTaken(trx, credential.id)) return { ok: false, error: 'already_registered' }
  await trx
    .insertInto('security_keys')
    .values({ account_id: accountId, user_id: userId, credential_id: credential.id, public_key: Buffer.from(credential.publicKey).toString('base64url'), sign_count: credential.counter, transports: JSON.stringify(knownTransports(credential.transports)), name, created_at: isoNow(clock), last_used_at: null })
    .execute()
  await queueSecurityNotice(trx, clock, user, { kind: 'security_key_added', name })
  return { ok: true }
}

async function verifiedRegistration(response: RegistrationResponseJSON, challenge: string, rp: RelyingParty) {
  try {
    const result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: false, supportedAlgorithmIDs: ALGORITHMS })
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
  return (await offerKeyChallenge(db, challengeToken, options.challenge)) ? options : null
}

/**
 * Whether the browser's answer is a signature by one of the user's keys over the challenge the
 * code page offered. Uses the challenge up and moves the key's counter forward in one
 * transaction; a counter that did not move forward (a cloned key) is refused.
 */
export async function checkSecurityKey(db: Db, clock: Clock, rp: RelyingParty, challengeToken: string, challenge: LoginChallenge, responseText: string): Promise<boolean> {
  const { accountId, userId, keyChallenge: expectedChallenge } = challenge
  const response = parseResponse<AuthenticationResponseJSON>(responseText)
  if (response === null || expectedChallenge === null) return false
  const key = await db.selectFrom('security_keys').select(['id', 'credential_id', 'public_key', 'sign_count', 'transports']).where('account_id', '=', accountId).where('user_id', '=', userId).where('credential_id', '=', response.id).executeTakeFirst()
  if (!key) return false
  const newCounter = await verifiedAssertion(response, expectedChallenge, rp, { id: key.credential_id, publicKey: new Uint8Array(Buffer.from(key.public_key, 'base64url')), counter: Number(key.sign_count), transports: parseTransports(key.transports) })
  if (newCounter === null) return false
  return db.transaction().execute(async (trx) => {
    if (!(await useKeyChallenge(trx, challengeToken, expectedChallenge))) return false
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
