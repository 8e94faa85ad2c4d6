// Tokens an attacker would try: the documented format (vdc_ + 43 base62 + 6 base62 of CRC32),
// built here from the format's description rather than by the app's generator, so the test also
// checks that the app's idea of "well formed" matches what it publishes.
import { randomInt } from 'node:crypto'
import { crc32 } from 'node:zlib'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function base62(value: number, length: number): string {
  let out = ''
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out
  return out.padStart(length, '0')
}

/** A random token with a valid checksum that no account holds. */
export function guessedToken(): string {
  const body = `vdc_${Array.from({ length: 43 }, () => BASE62[randomInt(62)]).join('')}`
  return `${body}${base62(crc32(body), 6)}`
}
