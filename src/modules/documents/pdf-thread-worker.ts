// The PDF thread: builds a document's PDFs off the event loop: the original's layout (pdfkit, its
// fonts, the text blocks) and the signed PDF (pdf-lib appending the evidence page). A short
// document's layout takes ~40 ms of CPU and one of 200 lines over a second; on the main thread
// every other request of every account waited for it. Started by pdf-thread.ts; one PDF at
// a time, in order.
import { parentPort } from 'node:worker_threads'
import { serveWorkerMessages } from '../../platform/workers/module-worker.js'
import { buildSignedPdf, type SignatureEvidence } from './build-signed-pdf.js'
import { layoutOriginalPdf, type OriginalPdfInput } from './original-pdf-layout.js'

export type PdfThreadMessage = { layout: OriginalPdfInput } | { signed: { original: Uint8Array; evidence: SignatureEvidence } }

serveWorkerMessages<PdfThreadMessage>(parentPort!, async (message) =>
  'layout' in message ? layoutOriginalPdf(message.layout) : (await buildSignedPdf(message.signed.original, message.signed.evidence)).bytes,
)
