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
export function capBody(text: string, { capBytes = BODY_CAP_BYTES, originalBytes }: { capBytes?: number; originalBytes?: () => number } = {}): string {
  // A string of n UTF-16 units is at most 3n bytes of UTF-8: most bodies skip the encoding.
  if (text.length * 3 <= capBytes) return text
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= capBytes) return text
  const marker = truncationMarker(originalBytes?.() ?? bytes.length)
  const room = capBytes - Buffer.byteLength(marker, 'utf8')
  // Cutting inside a multi-byte character leaves U+FFFD at the end; drop it.
  const head = bytes.subarray(0, room).toString('utf8').replace(/\uFFFD+$/, '')
  return `${head}${marker}`
}
