// The PDF layout thread: lays out a document's original PDF (pdfkit, its fonts, the text blocks)
// off the event loop. A short document takes ~40 ms of CPU and one of 200 lines over a second;
// on the main thread every other request of every account waited for it. Started by
// pdf-layout-thread.ts; one layout at a time, in order.
import { parentPort } from 'node:worker_threads'
import { serveWorkerMessages } from '../../platform/workers/module-worker.js'
import { layoutOriginalPdf, type OriginalPdfInput } from './original-pdf-layout.js'

export interface PdfLayoutMessage {
  layout: OriginalPdfInput
}

serveWorkerMessages<PdfLayoutMessage>(parentPort!, (message) => layoutOriginalPdf(message.layout))
