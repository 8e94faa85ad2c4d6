// A drawn signature: the signing page's canvas as a PNG data URL (its script's canvas.toDataURL).
// That canvas is 600×200 (http/web/pages/signing-pages.tsx); the bounds leave room for a page that
// one day draws at 3× for dense screens (1800×600) and no more, so the finalize job (which decodes
// the image onto the evidence page, on the document thread every account shares) stays cheap.
import { checkPng, type PngBounds } from '../../platform/png-structure.js'

/** Upper bound of a drawn signature's data URL (base64 text), 200 KB. */
export const DRAWN_SIGNATURE_MAX_BYTES = 200 * 1024
export const DRAWN_SIGNATURE_BOUNDS: PngBounds = { maxWidth: 2000, maxHeight: 1000, maxPixels: 1_200_000 }

const PNG_DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/

export type DrawnSignature = { ok: true; png: Buffer; width: number; height: number } | { ok: false; problem: 'invalid' | 'too_large' }

/** The PNG in a drawn signature's data URL when it is a well-formed one within the bounds. */
export function readDrawnSignature(dataUrl: string): DrawnSignature {
  if (dataUrl.length > DRAWN_SIGNATURE_MAX_BYTES) return { ok: false, problem: 'too_large' }
  const match = PNG_DATA_URL.exec(dataUrl)
  if (!match) return { ok: false, problem: 'invalid' }
  const png = Buffer.from(match[1]!, 'base64')
  const checked = checkPng(png, DRAWN_SIGNATURE_BOUNDS)
  if (!checked.ok) return { ok: false, problem: checked.problem === 'too_large' ? 'too_large' : 'invalid' }
  return { ok: true, png, width: checked.width, height: checked.height }
}
