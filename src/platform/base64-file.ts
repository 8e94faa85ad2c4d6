// A file sent inside a JSON body as base64 (the API's scans and attachments): whitespace (line
// breaks of MIME-style encoders) is ignored, and the URL-safe alphabet is read too, so any common
// encoder's output decodes. Anything else is the field's error, not a silently truncated file.
import type { FieldError } from './errors.js'

/** The decoded bytes, or null with an error on `path` (in the body) when the text is not base64. */
export function decodeBase64File(text: string, path: string, errors: FieldError[]): Uint8Array | null {
  const base64 = text.replace(/\s+/g, '')
  // Padded, the text comes in whole groups of four; unpadded, a group of one character is no byte
  // at all (a cut file): both are refused rather than decoded short.
  const padded = base64.endsWith('=')
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64) || base64.length === 0 || (padded ? base64.length % 4 !== 0 : base64.length % 4 === 1)) {
    errors.push({ in: 'body', path, message: 'must be base64' })
    return null
  }
  return new Uint8Array(Buffer.from(base64, base64.includes('-') || base64.includes('_') ? 'base64url' : 'base64'))
}

/** A PDF starts with "%PDF" whatever the browser or client declared. */
export function isPdf(bytes: Uint8Array): boolean {
  return bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46
}
