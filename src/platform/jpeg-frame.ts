// The frame header of a JPEG: its size, sample precision and colour components, read by walking
// the marker segments up to the first start-of-frame, before anything embeds the file. pdfkit
// copies a JPEG into a PDF as it is (DCTDecode) and takes these fields for the image's dictionary:
// a file whose frame PDF cannot describe (12-bit samples, two components, a height left to a later
// DNL marker) would make a PDF no viewer shows, so it is refused here instead.

export type JpegFrame = { ok: true; width: number; height: number; components: 1 | 3 | 4 } | { ok: false; problem: 'malformed' | 'unsupported' }

/** Start-of-frame markers: baseline, extended, progressive and lossless, Huffman or arithmetic. */
const START_OF_FRAME = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])
/** Markers that stand alone, without a length: TEM and the restart markers. */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7])
const START_OF_SCAN = 0xda
const END_OF_IMAGE = 0xd9

const MALFORMED: JpegFrame = { ok: false, problem: 'malformed' }

export function readJpegFrame(bytes: Uint8Array): JpegFrame {
  const jpeg = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return MALFORMED
  let offset = 2
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) return MALFORMED
    const marker = jpeg[offset + 1]!
    // Any number of 0xFF may pad before a marker.
    if (marker === 0xff) {
      offset += 1
      continue
    }
    if (STANDALONE.has(marker)) {
      offset += 2
      continue
    }
    // Image data before the frame, or the end of an image that had none.
    if (marker === START_OF_SCAN || marker === END_OF_IMAGE) return MALFORMED
    const length = jpeg.readUInt16BE(offset + 2)
    if (length < 2 || offset + 2 + length > jpeg.length) return MALFORMED
    if (START_OF_FRAME.has(marker)) {
      if (length < 8) return MALFORMED
      const precision = jpeg[offset + 4]!
      const height = jpeg.readUInt16BE(offset + 5)
      const width = jpeg.readUInt16BE(offset + 7)
      const components = jpeg[offset + 9]
      if (width === 0) return MALFORMED
      if (precision !== 8 || height === 0 || (components !== 1 && components !== 3 && components !== 4)) return { ok: false, problem: 'unsupported' }
      return { ok: true, width, height, components }
    }
    offset += 2 + length
  }
  return MALFORMED
}
