// The frame header of a JPEG: its size and colour components, read by walking the marker segments
// up to the first start-of-frame, before anything embeds the file. pdfkit copies a JPEG into a PDF
// as it is (DCTDecode) after reading these fields with a walk of its own, simpler than the format:
// it knows no fill bytes between markers, no standalone markers, and takes DAC (0xFFCC) and JPG
// (0xFFC8) for frames. So only files both walks read alike pass: segments back to back up to a
// baseline, extended or progressive Huffman frame (what DCTDecode decodes), 8-bit samples, 1, 3
// or 4 components, then a scan, and the end-of-image marker last. Anything else would give a PDF
// no viewer shows, or a layout that fails, so it is refused here instead.

export type JpegFrame = { ok: true; width: number; height: number; components: 1 | 3 | 4 } | { ok: false; problem: 'malformed' | 'unsupported' }

/** Frames DCTDecode reads: baseline, extended sequential and progressive, Huffman-coded. */
const DCT_FRAMES = new Set([0xc0, 0xc1, 0xc2])
/** What pdfkit takes for a frame header (every SOFn, JPG and DAC): any other than the above is refused. */
const FRAME_LIKE = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf])
const START_OF_SCAN = 0xda
/** Markers without a length (TEM, restarts, SOI, EOI): none belongs before the frame. */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9])

const MALFORMED: JpegFrame = { ok: false, problem: 'malformed' }

/** The segment at `offset` (0xFF, marker, 2-byte length including itself), or null when it does not fit. */
function segmentAt(jpeg: Buffer, offset: number): { marker: number; end: number } | null {
  if (offset + 4 > jpeg.length || jpeg[offset] !== 0xff) return null
  const marker = jpeg[offset + 1]!
  if (marker === 0xff || STANDALONE.has(marker)) return null
  const length = jpeg.readUInt16BE(offset + 2)
  if (length < 2 || offset + 2 + length > jpeg.length) return null
  return { marker, end: offset + 2 + length }
}

export function readJpegFrame(bytes: Uint8Array): JpegFrame {
  const jpeg = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return MALFORMED
  // The image ends with EOI; a file cut short does not.
  if (jpeg[jpeg.length - 2] !== 0xff || jpeg[jpeg.length - 1] !== 0xd9) return MALFORMED
  let offset = 2
  let frame: JpegFrame | undefined
  for (;;) {
    const segment = segmentAt(jpeg, offset)
    if (!segment) return MALFORMED
    if (segment.marker === START_OF_SCAN) return frame ?? MALFORMED
    if (FRAME_LIKE.has(segment.marker)) {
      if (frame) return MALFORMED
      if (!DCT_FRAMES.has(segment.marker) || segment.end - offset < 10) return { ok: false, problem: 'unsupported' }
      const precision = jpeg[offset + 4]!
      const height = jpeg.readUInt16BE(offset + 5)
      const width = jpeg.readUInt16BE(offset + 7)
      const components = jpeg[offset + 9]
      if (width === 0) return MALFORMED
      if (precision !== 8 || height === 0 || (components !== 1 && components !== 3 && components !== 4)) return { ok: false, problem: 'unsupported' }
      frame = { ok: true, width, height, components }
    }
    offset = segment.end
  }
}
