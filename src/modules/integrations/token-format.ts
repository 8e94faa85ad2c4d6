// API token format: `vdc_` + 43 base62 characters (32 random bytes) + 6 base62 characters of
// CRC32 checksum. The checksum lets us reject a mistyped or truncated token without touching
// the database, and the fixed prefix makes a leaked token recognisable by secret scanners.
import { randomBytes } from 'node:crypto'
import { secretDigest } from '../../platform/token-digest.js'
import { crc32 } from 'node:zlib'

export const TOKEN_PREFIX = 'vdc_'
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const SECRET_LENGTH = 43
const CHECKSUM_LENGTH = 6
const DISPLAY_LENGTH = TOKEN_PREFIX.length + 8
const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}}$`)

function toBase62(value: bigint, length: number): string {
  let out = ''
  while (value > 0n) {
    out = ALPHABET[Number(value % 62n)] + out
    value /= 62n
  }
  return out.padStart(length, '0')
}

function checksumOf(body: string): string {
  return toBase62(BigInt(crc32(body)), CHECKSUM_LENGTH)
}

export function generateToken(): string {
  const secret = toBase62(BigInt(`0x${randomBytes(32).toString('hex')}`), SECRET_LENGTH)
  const body = `${TOKEN_PREFIX}${secret}`
  return `${body}${checksumOf(body)}`
}

/** True when the token has the right shape and checksum; says nothing about whether it exists. */
export function isWellFormedToken(token: string): boolean {
  if (!TOKEN_PATTERN.test(token)) return false
  const body = token.slice(0, -CHECKSUM_LENGTH)
  return checksumOf(body) === token.slice(-CHECKSUM_LENGTH)
}

export function hashToken(token: string): string {
  return secretDigest(token)
}

const BEARER = /^Bearer\s+(\S+)\s*$/i
const BARE_TOKEN = new RegExp(`(?:^|[\\s:=])(${TOKEN_PREFIX}[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}})(?:\\s|$)`)

/**
 * The credential of an Authorization header: the token of `Bearer <token>` (`bearer: true`), or a
 * well-formed Vendoc token sent some other way (`Token vdc_…`, the bare token), which is refused
 * all the same but lets the request log show the call to the token's account.
 */
export function tokenInAuthorization(header: string): { token: string; bearer: boolean } | null {
  const bearer = BEARER.exec(header)
  if (bearer) return { token: bearer[1]!, bearer: true }
  const bare = BARE_TOKEN.exec(header)?.[1]
  return bare !== undefined && isWellFormedToken(bare) ? { token: bare, bearer: false } : null
}

/** The part of a token that is safe to show and to log. */
export function displayPrefix(token: string): string {
  return token.slice(0, DISPLAY_LENGTH)
}
