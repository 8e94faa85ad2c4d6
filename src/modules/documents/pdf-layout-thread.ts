// Lays out original PDFs on a worker thread of their own (pdf-layout-worker.ts), started on the
// first PDF a process builds, so a server that never builds one never loads pdfkit. A thread that
// stopped (it crashed, ran out of memory) fails the layouts it held; the next one starts anew.
import { ModuleWorker } from '../../platform/workers/module-worker.js'
import type { OriginalPdfInput } from './original-pdf-layout.js'
import type { PdfLayoutMessage } from './pdf-layout-worker.js'

let worker: ModuleWorker<PdfLayoutMessage> | undefined

/** The PDF's bytes, laid out off the event loop. */
export async function layoutOriginalPdfOffThread(input: OriginalPdfInput): Promise<Uint8Array> {
  if (!worker?.alive) {
    // Same extension as this file: .js from dist/, .ts from src/.
    const moduleUrl = new URL(`./pdf-layout-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url)
    worker = new ModuleWorker<PdfLayoutMessage>(moduleUrl, {})
  }
  const bytes = (await worker.call({ layout: input })) as Uint8Array
  // The copy that crossed the threads is a plain Uint8Array; callers send and store Buffers.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Stops the thread (the next layout starts another); the layouts it held fail. */
export async function stopPdfLayoutThread(): Promise<void> {
  const stopping = worker
  worker = undefined
  await stopping?.terminate()
}
