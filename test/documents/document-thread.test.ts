// Template renders and PDFs run on the document thread: the same HTML and bytes as in place (a
// render, its TemplateError, the original's layout, the signed PDF's evidence page), while the
// event loop stays free for every other request. Before, they ran on the event loop (a PDF's
// layout ~40 ms of CPU for a short document, over a second for 200 lines; a render up to its 1 s
// limit), and every request of every account waited for them.
import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { buildSignedPdf, type SignatureEvidence } from '../../src/modules/documents/build-signed-pdf.js'
import { layoutOriginalPdf, type OriginalPdfInput } from '../../src/modules/documents/original-pdf-layout.js'
import { buildSignedPdfOffThread, layoutOriginalPdfOffThread, renderTemplateOffThread, stopDocumentThread } from '../../src/modules/document-thread/document-thread.js'
import { renderTemplate, TemplateError } from '../../src/modules/rendering/render-template.js'
import { buildSampleContext } from '../../src/modules/rendering/sample-context.js'

const NOW = new Date('2026-11-16T13:30:00.000Z')
const OWNER = { accountId: 1 }

/** A long document: many pages of accented paragraphs, list items and table rows. */
function longDocument(): OriginalPdfInput {
  const paragraph = '<p>Cláusula <strong>%n</strong>: a implantação será concluída em até 30 dias, com <em>acompanhamento</em> e ação corretiva.</p><li>Item %n — São Paulo</li>'
  const html = Array.from({ length: 600 }, (_, index) => paragraph.replaceAll('%n', String(index + 1))).join('')
  return { context: buildSampleContext(NOW), bodyHtml: html, signatureType: 'paper', draft: false, logo: null, now: NOW }
}

/** The share of wall time the event loop was busy while `work` ran. */
async function eventLoopBusyShare(work: () => Promise<unknown>): Promise<number> {
  const before = performance.eventLoopUtilization()
  await work()
  return performance.eventLoopUtilization(before).utilization
}

/** Off the thread, the loop must stay this free. */
const FREE_LOOP = 0.3

/**
 * The busy shares of up to three runs of `work`, until one leaves the loop free. Test files share
 * their process, and work of an earlier file's can fill one run (measured once: 0.90, in a whole
 * run); work done on the event loop by `work` itself fills every run.
 */
async function busySharesUntilFree(work: () => Promise<unknown>): Promise<number[]> {
  const shares: number[] = []
  while (shares.length < 3 && !shares.some((share) => share < FREE_LOOP)) shares.push(await eventLoopBusyShare(work))
  return shares
}

describe('document thread', () => {
  it('renders as in place, in the zone given, and reports a template’s problem as the same TemplateError', async () => {
    const context = buildSampleContext(NOW)
    const body = '<h1>{{ title }}</h1>{% for item in items %}<p>{{ item.name }}: {{ item.total }}</p>{% endfor %}<i>{{ "2026-03-01T02:30:00Z" | date: "%d/%m %H:%M" }}</i>'
    const html = await renderTemplateOffThread(OWNER, body, context, 'America/Rio_Branco')
    expect(html).toBe(await renderTemplate(body, context, 'America/Rio_Branco'))
    expect(html).toContain('<i>28/02 21:30</i>')
    expect(await renderTemplateOffThread(OWNER, body, context, 'America/Noronha')).toContain('<i>01/03 00:30</i>')
    expect(html).toContain(`<h1>${context.title}</h1>`)
    expect(html.match(/<p>/g)!.length).toBe(context.items.length)
    const broken = '<p>ok</p>\n{% if %}'
    const inPlace = await renderTemplate(broken, context).catch((error: unknown) => error)
    const offThread = await renderTemplateOffThread(OWNER, broken, context, 'America/Sao_Paulo').catch((error: unknown) => error)
    expect(inPlace).toBeInstanceOf(TemplateError)
    expect(offThread).toBeInstanceOf(TemplateError)
    expect((offThread as TemplateError).problem).toEqual((inPlace as TemplateError).problem)
    expect((offThread as TemplateError).problem.line).toBe(2)
  })

  it('holds the event loop for neither a long render nor a long layout', async () => {
    // Loops up to the engine's time limit (1 s), rendered in place as the control, then on the thread.
    const slow = '{% for a in (1..400) %}{% for b in (1..400) %}{% for c in (1..400) %}{% endfor %}{% endfor %}{% endfor %}'
    const context = buildSampleContext(NOW)
    const busyInPlace = await eventLoopBusyShare(() => renderTemplate(slow, context).catch(() => undefined))
    const busyOffThread = await busySharesUntilFree(() => renderTemplateOffThread(OWNER, slow, context, 'America/Sao_Paulo').catch(() => undefined))
    expect(busyInPlace).toBeGreaterThan(0.8)
    expect(Math.min(...busyOffThread), `busy shares off the thread: ${busyOffThread.join(', ')}`).toBeLessThan(FREE_LOOP)
  }, 60_000)

  it('lays out the same bytes as in place, without holding the event loop', async () => {
    const input = longDocument()
    const inPlace = await layoutOriginalPdf(input)
    const offThread = await layoutOriginalPdfOffThread(OWNER, input)
    expect(Buffer.isBuffer(offThread)).toBe(true)
    expect(Buffer.from(offThread).equals(Buffer.from(inPlace))).toBe(true)
    expect(inPlace.byteLength).toBeGreaterThan(50_000)

    // The control shows the measure can tell: laid out in place, the loop is busy nearly throughout.
    const busyInPlace = await eventLoopBusyShare(() => layoutOriginalPdf(input))
    const busyOffThread = await busySharesUntilFree(() => layoutOriginalPdfOffThread(OWNER, input))
    expect(busyInPlace).toBeGreaterThan(0.8)
    expect(Math.min(...busyOffThread), `busy shares off the thread: ${busyOffThread.join(', ')}`).toBeLessThan(FREE_LOOP)
  }, 60_000)

  it('builds the same signed PDF as in place', async () => {
    const original = await layoutOriginalPdf(longDocument())
    const evidence: SignatureEvidence = {
      proposal: { number: 7, title: 'Implantação', accountName: 'Vendoc Demonstração Ltda' },
      timeZone: 'America/Manaus',
      originalSha256: 'a'.repeat(64),
      completedAt: '2026-11-16T14:00:00.000Z',
      signers: [{ name: 'Maria Souza', cpf: '52998224725', email: 'maria@cliente.test', role: 'Contratante', signatureKind: 'typed', signatureData: 'Maria Souza', ip: '203.0.113.7', userAgent: 'Firefox', authentication: null, emailCorrected: null, signedAt: '2026-11-16T13:59:00.000Z', consentText: 'Li e concordo.', documentSha256: 'a'.repeat(64) }],
    }
    const inPlace = await buildSignedPdf(original, evidence)
    const offThread = await buildSignedPdfOffThread(OWNER.accountId, original, evidence)
    expect(Buffer.isBuffer(offThread.bytes)).toBe(true)
    expect(Buffer.from(offThread.bytes).equals(Buffer.from(inPlace.bytes))).toBe(true)
    expect(offThread.sha256).toBe(inPlace.sha256)
  }, 60_000)

  it('fails the layouts a stopped thread held, and starts a new one for the next', async () => {
    const first = await layoutOriginalPdfOffThread(OWNER, longDocument())
    const held = layoutOriginalPdfOffThread(OWNER, longDocument())
    await stopDocumentThread()
    await expect(held).rejects.toThrow(/exited/)
    const again = await layoutOriginalPdfOffThread(OWNER, longDocument())
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true)
  }, 60_000)
})
