// The PDF builders. The PDF work itself (pdfkit, pdf-lib, fontkit and the fonts: tens of MB of
// memory a server answering only API reads and writes never needs, docs/PERFORMANCE.md) runs on
// the document thread (document-thread/), started by the first such work of a process; the
// original's reads, loaded here on first use, stay on the event loop.
import type * as OriginalPdf from './build-original-pdf.js'
export { buildSignedPdfOffThread as buildSignedPdf } from '../document-thread/document-thread.js'

export async function buildOriginalPdf(...args: Parameters<typeof OriginalPdf.buildOriginalPdf>): ReturnType<typeof OriginalPdf.buildOriginalPdf> {
  const { buildOriginalPdf: build } = await import('./build-original-pdf.js')
  return build(...args)
}
