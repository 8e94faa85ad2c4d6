// Runs the CPU-heavy document work on a worker thread of its own (document-thread-worker.ts):
// template renders and PDFs. Started by the first such work of a process, so a server that never
// renders a document never loads LiquidJS, pdfkit or pdf-lib. A thread that stopped (it crashed,
// ran out of memory) fails the work it held; the next piece starts a new one.
//
// The thread does one piece at a time, and a piece can be long (a 200-line document's PDF takes
// seconds), so the pieces wait in a fair queue: each account's in a line of its own, the next
// piece the first of the account served longest ago (platform/workers/fair-queue.ts). A request's piece is refused with 429
// `documents_busy` past DOCUMENT_QUEUE_LIMITS; a background job's (the signed PDF) always waits.
import { AppError } from '../../platform/errors.js'
import { FairQueue, QueueFullError } from '../../platform/workers/fair-queue.js'
import { ModuleWorker } from '../../platform/workers/module-worker.js'
import type { BuiltSignedPdf, SignatureEvidence } from '../documents/build-signed-pdf.js'
import type { OriginalPdfInput } from '../documents/original-pdf-layout.js'
import { sha256Hex } from '../documents/sha256.js'
import { TemplateError } from '../rendering/template-error.js'
import type { DocumentThreadMessage, RenderOutcome } from './document-thread-worker.js'

/**
 * One piece on the thread at a time (a second would only wait in the thread's own queue, out of
 * turn); an account may have 6 requests' pieces waiting or running (a document's PDF is two: its
 * render, then its layout), the server 32 (each holds its input, up to ~1 MB for the largest
 * documents).
 */
export const DOCUMENT_QUEUE_LIMITS = { running: 1, perOwner: 6, total: 32 } as const

let worker: ModuleWorker<DocumentThreadMessage> | undefined
const queue = new FairQueue<number>(DOCUMENT_QUEUE_LIMITS)

/** How many of the account's requests' pieces are waiting or running (what its bound counts). */
export function documentWorkOf(accountId: number): number {
  return queue.loadOf(accountId)
}

/** Whose work it is (the account) and whether it comes from a request, which may be refused. */
export interface DocumentWorkOwner {
  accountId: number
  background?: boolean
}

function onThread(message: DocumentThreadMessage): Promise<unknown> {
  if (!worker?.alive) {
    // Same extension as this file: .js from dist/, .ts from src/.
    const moduleUrl = new URL(`./document-thread-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url)
    worker = new ModuleWorker<DocumentThreadMessage>(moduleUrl, {})
  }
  return worker.call(message)
}

async function onDocumentThread(owner: DocumentWorkOwner, message: DocumentThreadMessage): Promise<unknown> {
  try {
    return await queue.submit(owner.accountId, () => onThread(message), { refusable: owner.background !== true })
  } catch (error) {
    if (!(error instanceof QueueFullError)) throw error
    const whose = error.scope === 'owner' ? 'This account has' : 'The server has'
    throw new AppError('documents_busy', `${whose} too many documents being rendered right now; retry in ${error.retryAfterSeconds} s.`, {
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    })
  }
}

/** The copy that crossed the threads is a plain Uint8Array; callers send and store Buffers. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * `body` rendered with `context` (renderTemplate, off the event loop) in the account's `timeZone`.
 * Throws TemplateError on a parse error or a limit reached. `context` must be plain data (it is
 * copied to the thread).
 */
export async function renderTemplateOffThread(owner: DocumentWorkOwner, body: string, context: object, timeZone: string): Promise<string> {
  const outcome = (await onDocumentThread(owner, { render: { body, context, timeZone } })) as RenderOutcome
  if ('problem' in outcome) throw new TemplateError(outcome.problem)
  return outcome.html
}

/** The original PDF's bytes, laid out off the event loop. */
export async function layoutOriginalPdfOffThread(owner: DocumentWorkOwner, input: OriginalPdfInput): Promise<Buffer> {
  return asBuffer((await onDocumentThread(owner, { layout: input })) as Uint8Array)
}

/**
 * The signed PDF (the original with the evidence page appended), built off the event loop. Only
 * the finalize job builds it: it waits its turn, never refused.
 */
export async function buildSignedPdfOffThread(accountId: number, original: Uint8Array, evidence: SignatureEvidence): Promise<BuiltSignedPdf> {
  const bytes = asBuffer((await onDocumentThread({ accountId, background: true }, { signed: { original, evidence } })) as Uint8Array)
  return { bytes, sha256: sha256Hex(bytes) }
}

/** Stops the thread (the next piece of work starts another); the work it held fails. */
export async function stopDocumentThread(): Promise<void> {
  const stopping = worker
  worker = undefined
  await stopping?.terminate()
}
