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
 * cap (up to the request size limit, or a large response) is cut first, to a little over the cap.
 * The cut is moved back to a character no masked value can contain (anything outside
 * `[A-Za-z0-9._%+@/-]`, which covers tokens, webhook secrets, signing links, CPFs and e-mails),
 * so no value is ever split: every value in the cut text is whole and masked like in the whole
 * body. Masking can shorten the text (a token becomes ~15 characters), so the stored head may end
 * before the cap; it never shows the start of a value whose end was cut off.
 */
export const PRE_CUT_CHARS = BODY_CAP_BYTES + 4096

/** A character that can be part of a value masking looks for: [A-Za-z0-9._%+@/-]. */
function isValueChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ||
    code === 46 || code === 95 || code === 37 || code === 43 || code === 64 || code === 47 || code === 45
  )
}

export interface CapturedBody {
  text: string
  /** The body's size in UTF-8 bytes when `text` was cut from it; null when `text` is the whole body. */
  cutFromBytes: number | null
}

/** Index just after the last character before `limit` that is part of no value (0 when there is none). */
function safeCutIndex(text: string, limit: number): number {
  let index = limit
  while (index > 0 && isValueChar(text.charCodeAt(index - 1))) index -= 1
  return index
}

export function cutBeforeMasking(text: string | null): CapturedBody | null {
  if (text === null || text === '') return null
  if (text.length <= PRE_CUT_CHARS) return { text, cutFromBytes: null }
  // A slice shares the memory of the whole string, which a queued entry would keep alive (bodies
  // can be megabytes); a round trip through bytes makes an independent copy.
  const head = Buffer.from(text.slice(0, safeCutIndex(text, PRE_CUT_CHARS)), 'utf8').toString('utf8')
  return { text: head, cutFromBytes: Buffer.byteLength(text, 'utf8') }
}
