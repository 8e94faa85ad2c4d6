// Time-based one-time passwords (RFC 6238, the codes of Google Authenticator, Microsoft
// Authenticator, 1Password, Aegis…): HMAC-SHA1 over 30-second steps, six digits, the secret
// shared as base32. Built on node:crypto; no library is needed for sixty lines of a standard.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { normalizeSixDigitCode } from '../../platform/one-time-code.js'

export const TOTP_STEP_SECONDS = 30
const DIGITS = 6
/** Steps accepted on either side of now: a phone's clock a little off, a code typed as it turned. */
const DRIFT_STEPS = 1
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let output = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      output += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) output += BASE32[(value << (5 - bits)) & 31]
  return output
}

export function base32Decode(text: string): Buffer {
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = BASE32.indexOf(char)
    if (index === -1) throw new Error('not base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), as base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20))
}

/** The time step of an instant. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS)
}

/** The code of a step (RFC 4226's dynamic truncation), zero-padded. */
export function totpCode(secret: string, step: number, digits = DIGITS): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = hmac[hmac.length - 1]! & 15
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}


/**
 * The step whose code `typed` is, within the drift around `at`, or null. A step at or before
 * `lastUsedStep` is refused: a code seen over a shoulder or replayed from a log works once.
 */
export function matchTotp(secret: string, typed: string, at: Date, lastUsedStep: number | null): number | null {
  const code = normalizeSixDigitCode(typed)
  if (code === null) return null
  const now = totpStep(at)
  let matched: number | null = null
  // Every candidate is compared, in constant time, so the time taken does not say which matched.
  for (let step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
    const equal = timingSafeEqual(Buffer.from(totpCode(secret, step)), Buffer.from(code))
    if (equal && (lastUsedStep === null || step > lastUsedStep) && matched === null) matched = step
  }
  return matched
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secret: string, issuer: string, accountLabel: string): string {
  const label = encodeURIComponent(`${issuer}:${accountLabel}`)
  // Percent-encoded throughout: some apps show a form-encoded "+" as it is, not as a space.
  const params = Object.entries({ secret, issuer, algorithm: 'SHA1', digits: String(DIGITS), period: String(TOTP_STEP_SECONDS) })
  return `otpauth://totp/${label}?${params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`
}
