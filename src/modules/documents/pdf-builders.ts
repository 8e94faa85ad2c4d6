// The PDF builders. The PDF work itself (pdfkit, pdf-lib, fontkit and the fonts: tens of MB of
// memory a server answering only API reads and writes never needs, docs/PERFORMANCE.md) runs on
// the PDF thread (pdf-thread.ts), started by the first PDF of a process; the original's
// reads and template rendering, loaded here on first use, stay on the event loop.
import type * as OriginalPdf from './build-original-pdf.js'
export { buildSignedPdfOffThread as buildSignedPdf } from './pdf-thread.js'

export async function buildOriginalPdf(...args: Parameters<typeof OriginalPdf.buildOriginalPdf>): ReturnType<typeof OriginalPdf.buildOriginalPdf> {
  const { buildOriginalPdf: build } = await import('./build-original-pdf.js')
  return build(...args)
}
