// The document thread: the CPU-heavy document work, off the event loop. Liquid renders a template
// (up to its 1 s time limit), pdfkit lays out the original PDF (~40 ms of CPU for a short
// document, over a second for 200 lines), pdf-lib appends the signed PDF's evidence page. On the
// main thread each of them held every other request of every account. Started by
// document-thread.ts; one piece of work at a time, in order.
import { parentPort } from 'node:worker_threads'
import { serveWorkerMessages } from '../../platform/workers/module-worker.js'
import { buildSignedPdf, type SignatureEvidence } from '../documents/build-signed-pdf.js'
import { layoutOriginalPdf, type OriginalPdfInput } from '../documents/original-pdf-layout.js'
import { renderTemplate, TemplateError, type TemplateProblem } from '../rendering/render-template.js'

export type DocumentThreadMessage =
  | { render: { body: string; context: object; timeZone: string } }
  | { layout: OriginalPdfInput }
  | { signed: { original: Uint8Array; evidence: SignatureEvidence } }

/** A render's outcome: a TemplateError crosses as its problem (an Error crosses as its message only). */
export type RenderOutcome = { html: string } | { problem: TemplateProblem }

async function render({ body, context, timeZone }: { body: string; context: object; timeZone: string }): Promise<RenderOutcome> {
  try {
    return { html: await renderTemplate(body, context, timeZone) }
  } catch (error) {
    if (error instanceof TemplateError) return { problem: error.problem }
    throw error
  }
}

serveWorkerMessages<DocumentThreadMessage>(parentPort!, async (message) => {
  if ('render' in message) return render(message.render)
  if ('layout' in message) return layoutOriginalPdf(message.layout)
  return (await buildSignedPdf(message.signed.original, message.signed.evidence)).bytes
})
