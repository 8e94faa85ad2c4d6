// Bodies are stored capped at 64 KiB (UTF-8), the cut marked, so one huge request cannot bloat the
// log. Masking happens on the whole text before the cut: cutting first could leave the head of a
// token or an e-mail address that no longer matches a pattern, and keep it verbatim.
export const BODY_CAP_BYTES = 64 * 1024

/** Text longer than the cap: its first bytes (whole characters), then this marker with the original size. */
export function truncationMarker(originalBytes: number): string {
  return `\n…[truncated: ${originalBytes} bytes in total]`
}

/**
 * At most `capBytes` of UTF-8, marker included. `originalBytes` tells the marker the size of the
 * body as received when `text` is a masked copy of it (masking changes lengths).
 */
export function capBody(
  text: string,
  { capBytes = BODY_CAP_BYTES, originalBytes, alreadyCut = false }: { capBytes?: number; originalBytes?: () => number; alreadyCut?: boolean } = {},
): string {
  // A string of n UTF-16 units is at most 3n bytes of UTF-8: most bodies skip the encoding.
  if (!alreadyCut && text.length * 3 <= capBytes) return text
  const bytes = Buffer.from(text, 'utf8')
  // A text cut short before masking (cutBeforeMasking) always carries the marker.
  if (!alreadyCut && bytes.length <= capBytes) return text
  const marker = truncationMarker(originalBytes?.() ?? bytes.length)
  const room = capBytes - Buffer.byteLength(marker, 'utf8')
  // Cutting inside a multi-byte character leaves U+FFFD at the end; drop it.
  const head = bytes.subarray(0, room).toString('utf8').replace(/\uFFFD+$/, '')
  return `${head}${marker}`
}

/**
 * The request log copies each body from the event loop to its worker thread; a body far over the
 * cap (up to the request size limit, or a large response) is cut first, to the cap plus a margin
 * wider than anything masking must see whole (a token, a CPF, an e-mail's domain), so masking the
 * cut text hides everything the stored head shows. The stored head can then be shorter than the
 * cap (when masking shortened it), never less masked.
 */
export const PRE_CUT_CHARS = BODY_CAP_BYTES + 4096

export interface CapturedBody {
  text: string
  /** The body's size in UTF-8 bytes when `text` was cut from it; null when `text` is the whole body. */
  cutFromBytes: number | null
}

export function cutBeforeMasking(text: string | null): CapturedBody | null {
  if (text === null || text === '') return null
  if (text.length <= PRE_CUT_CHARS) return { text, cutFromBytes: null }
  return { text: text.slice(0, PRE_CUT_CHARS), cutFromBytes: Buffer.byteLength(text, 'utf8') }
}
