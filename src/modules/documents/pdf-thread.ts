// Builds PDFs on a worker thread of their own (pdf-thread-worker.ts), started on the first PDF a
// process builds, so a server that never builds one never loads pdfkit or pdf-lib. A thread that
// stopped (it crashed, ran out of memory) fails the PDFs it held; the next one starts anew.
import { ModuleWorker } from '../../platform/workers/module-worker.js'
import type { BuiltSignedPdf, SignatureEvidence } from './build-signed-pdf.js'
import type { OriginalPdfInput } from './original-pdf-layout.js'
import type { PdfThreadMessage } from './pdf-thread-worker.js'
import { sha256Hex } from './sha256.js'

let worker: ModuleWorker<PdfThreadMessage> | undefined

async function onPdfThread(message: PdfThreadMessage): Promise<Buffer> {
  if (!worker?.alive) {
    // Same extension as this file: .js from dist/, .ts from src/.
    const moduleUrl = new URL(`./pdf-thread-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url)
    worker = new ModuleWorker<PdfThreadMessage>(moduleUrl, {})
  }
  const bytes = (await worker.call(message)) as Uint8Array
  // The copy that crossed the threads is a plain Uint8Array; callers send and store Buffers.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The original PDF's bytes, laid out off the event loop. */
export function layoutOriginalPdfOffThread(input: OriginalPdfInput): Promise<Buffer> {
  return onPdfThread({ layout: input })
}

/** The signed PDF (the original with the evidence page appended), built off the event loop. */
export async function buildSignedPdfOffThread(original: Uint8Array, evidence: SignatureEvidence): Promise<BuiltSignedPdf> {
  const bytes = await onPdfThread({ signed: { original, evidence } })
  return { bytes, sha256: sha256Hex(bytes) }
}

/** Stops the thread (the next PDF starts another); the PDFs it held fail. */
export async function stopPdfThread(): Promise<void> {
  const stopping = worker
  worker = undefined
  await stopping?.terminate()
}
