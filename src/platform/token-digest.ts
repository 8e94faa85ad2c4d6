import { createHash } from 'node:crypto'

/**
 * The hex SHA-256 of a random secret, as stored in its place (sessions, sign-ins waiting for a
 * code, password links, API tokens): a copy of the table opens nothing. The secrets carry 256
 * random bits, so a plain digest is enough; passwords get scrypt instead (passwords.ts).
 */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
