// The account's logo (Configurações → Conta): a PNG or JPEG printed at the top of every document
// built after it is saved (a document already sent keeps the PDF frozen then) and on the signer's
// page. Its type is read from its bytes, never taken from the browser's claim, and its structure
// is checked before anything decodes it: a PNG's chunks and pixels (png-structure.ts), a JPEG's
// segments as pdfkit will read them (jpeg-frame.ts), with bounds on its size, since every PDF of
// the account embeds it again.
import { type Clock, isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { readJpegFrame } from '../../platform/jpeg-frame.js'
import { checkPng, type PngLayout } from '../../platform/png-structure.js'
import { sha256Hex } from '../documents/sha256.js'
import { type ActivityActor, inActivityTransaction, recordActivity } from './account-activity.js'
import { lockAccount } from './accounts.js'

/** The signer's page carries the logo inline (base64): a logo needs far less. */
export const LOGO_MAX_BYTES = 256 * 1024
/** A logo prints at most 160 × 48 points; 3,000 pixels a side is more than any printer needs. */
export const LOGO_BOUNDS = { maxWidth: 3000, maxHeight: 3000, maxPixels: 4_000_000 }
/**
 * A PNG that pdfkit must decode pixel by pixel for every PDF (an alpha channel, a palette's
 * transparency, interlacing) costs ~0.5 ms per thousand pixels on the document thread (measured:
 * 1000 × 1000 RGBA, 520 ms; the same opaque, 13 ms, copied as it is): such a logo is held to
 * 250,000 pixels (1,000 × 250), ~130 ms a PDF at most.
 */
export const DECODED_PNG_MAX_PIXELS = 250_000

export type LogoContentType = 'image/png' | 'image/jpeg'
export type LogoProblem = 'missing' | 'too_large' | 'unsupported_type' | 'malformed' | 'too_many_pixels' | 'too_many_transparent_pixels'

export interface AccountLogo {
  contentType: LogoContentType
  bytes: Uint8Array
  width: number
  height: number
  sha256: string
}

type Checked = { ok: true; contentType: LogoContentType; width: number; height: number } | { ok: false; problem: LogoProblem }

/** Whether pdfkit decodes the PNG's pixels to embed it, rather than copying its compressed data. */
function pdfkitDecodes(layout: PngLayout): boolean {
  return layout.colourType === 4 || layout.colourType === 6 || layout.interlaced || (layout.colourType === 3 && layout.transparencyChunk)
}

/** What the bytes are, and whether they may be a logo. */
export function checkLogo(bytes: Uint8Array): Checked {
  if (bytes.length === 0) return { ok: false, problem: 'missing' }
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, problem: 'too_large' }
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    const png = checkPng(bytes, LOGO_BOUNDS)
    if (!png.ok) return { ok: false, problem: png.problem === 'too_large' ? 'too_many_pixels' : 'malformed' }
    if (pdfkitDecodes(png.layout) && png.width * png.height > DECODED_PNG_MAX_PIXELS) return { ok: false, problem: 'too_many_transparent_pixels' }
    return { ok: true, contentType: 'image/png', width: png.width, height: png.height }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const jpeg = readJpegFrame(bytes)
    if (!jpeg.ok) return { ok: false, problem: jpeg.problem === 'unsupported' ? 'unsupported_type' : 'malformed' }
    const { maxWidth, maxHeight, maxPixels } = LOGO_BOUNDS
    if (jpeg.width > maxWidth || jpeg.height > maxHeight || jpeg.width * jpeg.height > maxPixels) return { ok: false, problem: 'too_many_pixels' }
    return { ok: true, contentType: 'image/jpeg', width: jpeg.width, height: jpeg.height }
  }
  return { ok: false, problem: 'unsupported_type' }
}

/** Saves the logo, replacing any earlier one; nothing is written when it is refused. */
export async function saveAccountLogo(db: Db, clock: Clock, accountId: number, bytes: Uint8Array, by?: ActivityActor): Promise<{ ok: true } | { ok: false; problem: LogoProblem }> {
  const checked = checkLogo(bytes)
  if (!checked.ok) return checked
  const row = { content_type: checked.contentType, bytes, width: checked.width, height: checked.height, sha256: sha256Hex(bytes), updated_at: isoNow(clock) }
  await inActivityTransaction(db, by, async (trx) => {
    // Under the account's lock: two uploads of one image at once record one change.
    if (by) await lockAccount(trx, accountId)
    const earlier = by ? await trx.selectFrom('account_logos').select('sha256').where('account_id', '=', accountId).executeTakeFirst() : undefined
    await trx
      .insertInto('account_logos')
      .values({ account_id: accountId, ...row })
      .onConflict((conflict) => conflict.column('account_id').doUpdateSet(row))
      .execute()
    // The same image again changes nothing the activity should show.
    if (by && earlier?.sha256 !== row.sha256) await recordActivity(trx, clock, accountId, by, { action: 'account.logo_updated', data: { sha256: row.sha256, width: row.width, height: row.height } })
  })
  return { ok: true }
}

/** Removes the logo; the activity records it only when there was one. */
export async function removeAccountLogo(db: Db, clock: Clock, accountId: number, by?: ActivityActor): Promise<void> {
  await inActivityTransaction(db, by, async (trx) => {
    const removed = await trx.deleteFrom('account_logos').where('account_id', '=', accountId).executeTakeFirst()
    if (by && removed.numDeletedRows > 0n) await recordActivity(trx, clock, accountId, by, { action: 'account.logo_removed' })
  })
}

export async function findAccountLogo(db: Db, accountId: number): Promise<AccountLogo | undefined> {
  const row = await db.selectFrom('account_logos').select(['content_type', 'bytes', 'width', 'height', 'sha256']).where('account_id', '=', accountId).executeTakeFirst()
  if (!row) return undefined
  return { contentType: row.content_type as LogoContentType, bytes: new Uint8Array(row.bytes), width: row.width, height: row.height, sha256: row.sha256 }
}

/** What a page needs to show the logo without reading the image: its digest (in its URL) and size. */
export async function accountLogoInfo(db: Db, accountId: number): Promise<{ sha256: string; width: number; height: number } | undefined> {
  return db.selectFrom('account_logos').select(['sha256', 'width', 'height']).where('account_id', '=', accountId).executeTakeFirst()
}
