// Runs the CPU-heavy document work on a worker thread of its own (document-thread-worker.ts):
// template renders and PDFs. Started by the first such work of a process, so a server that never
// renders a document never loads LiquidJS, pdfkit or pdf-lib. A thread that stopped (it crashed,
// ran out of memory) fails the work it held; the next piece starts a new one.
import { ModuleWorker } from '../../platform/workers/module-worker.js'
import type { BuiltSignedPdf, SignatureEvidence } from '../documents/build-signed-pdf.js'
import type { OriginalPdfInput } from '../documents/original-pdf-layout.js'
import { sha256Hex } from '../documents/sha256.js'
import { TemplateError } from '../rendering/template-error.js'
import type { DocumentThreadMessage, RenderOutcome } from './document-thread-worker.js'

let worker: ModuleWorker<DocumentThreadMessage> | undefined

function onDocumentThread(message: DocumentThreadMessage): Promise<unknown> {
  if (!worker?.alive) {
    // Same extension as this file: .js from dist/, .ts from src/.
    const moduleUrl = new URL(`./document-thread-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url)
    worker = new ModuleWorker<DocumentThreadMessage>(moduleUrl, {})
  }
  return worker.call(message)
}

/** The copy that crossed the threads is a plain Uint8Array; callers send and store Buffers. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * `body` rendered with `context` (renderTemplate, off the event loop). Throws TemplateError on a
 * parse error or a limit reached. `context` must be plain data (it is copied to the thread).
 */
export async function renderTemplateOffThread(body: string, context: object): Promise<string> {
  const outcome = (await onDocumentThread({ render: { body, context } })) as RenderOutcome
  if ('problem' in outcome) throw new TemplateError(outcome.problem)
  return outcome.html
}

/** The original PDF's bytes, laid out off the event loop. */
export async function layoutOriginalPdfOffThread(input: OriginalPdfInput): Promise<Buffer> {
  return asBuffer((await onDocumentThread({ layout: input })) as Uint8Array)
}

/** The signed PDF (the original with the evidence page appended), built off the event loop. */
export async function buildSignedPdfOffThread(original: Uint8Array, evidence: SignatureEvidence): Promise<BuiltSignedPdf> {
  const bytes = asBuffer((await onDocumentThread({ signed: { original, evidence } })) as Uint8Array)
  return { bytes, sha256: sha256Hex(bytes) }
}

/** Stops the thread (the next piece of work starts another); the work it held fails. */
export async function stopDocumentThread(): Promise<void> {
  const stopping = worker
  worker = undefined
  await stopping?.terminate()
}
