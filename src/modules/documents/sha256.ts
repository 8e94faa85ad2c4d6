// The document hash: hex SHA-256 of a file's bytes, as stored and shown (original_sha256, signed_sha256).
import { createHash } from 'node:crypto'

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
