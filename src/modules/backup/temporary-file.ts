// Backups are written beside their target under a hidden, random name and renamed into place, so a
// failed run never leaves half a file and a reader never sees one. Both dialects name them alike.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export function temporaryNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`)
}

/**
 * A backup holds every customer's personal data: owner-only (0600) whatever the umask, set on the
 * temporary file so the renamed file is never readable by others, not even for a moment.
 */
export function restrictToOwner(file: string): void {
  fs.chmodSync(file, 0o600)
}
