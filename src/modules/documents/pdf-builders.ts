// The PDF builders, loaded on first use. pdfkit, pdf-lib, fontkit, htmlparser2 and the fonts take
// tens of MB of memory that a server answering only API reads and writes never needs
// (docs/PERFORMANCE.md); the first PDF of a process pays their load once.
import type * as OriginalPdf from './build-original-pdf.js'
import type * as SignedPdf from './build-signed-pdf.js'

export async function buildOriginalPdf(...args: Parameters<typeof OriginalPdf.buildOriginalPdf>): ReturnType<typeof OriginalPdf.buildOriginalPdf> {
  const { buildOriginalPdf: build } = await import('./build-original-pdf.js')
  return build(...args)
}

export async function buildSignedPdf(...args: Parameters<typeof SignedPdf.buildSignedPdf>): ReturnType<typeof SignedPdf.buildSignedPdf> {
  const { buildSignedPdf: build } = await import('./build-signed-pdf.js')
  return build(...args)
}
