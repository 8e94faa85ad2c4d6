// PDFs are built on a worker thread: the same bytes as built in place (the original's layout and
// the signed PDF's evidence page), while the event loop stays free for every other request.
// Before, a PDF's layout ran on the event loop (~40 ms of CPU for a short document, over a second
// for 200 lines), and every request of every account waited for it.
import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { buildSignedPdf, type SignatureEvidence } from '../../src/modules/documents/build-signed-pdf.js'
import { htmlToBlocks } from '../../src/modules/documents/html-blocks.js'
import { layoutOriginalPdf, type OriginalPdfInput } from '../../src/modules/documents/original-pdf-layout.js'
import { buildSignedPdfOffThread, layoutOriginalPdfOffThread, stopPdfThread } from '../../src/modules/documents/pdf-thread.js'
import { buildSampleContext } from '../../src/modules/rendering/sample-context.js'

const NOW = new Date('2026-11-16T13:30:00.000Z')

/** A long document: many pages of accented paragraphs, list items and table rows. */
function longDocument(): OriginalPdfInput {
  const paragraph = '<p>Cláusula <strong>%n</strong>: a implantação será concluída em até 30 dias, com <em>acompanhamento</em> e ação corretiva.</p><li>Item %n — São Paulo</li>'
  const html = Array.from({ length: 600 }, (_, index) => paragraph.replaceAll('%n', String(index + 1))).join('')
  return { context: buildSampleContext(NOW), body: htmlToBlocks(html), signatureType: 'paper', draft: false, now: NOW }
}

/** The share of wall time the event loop was busy while `work` ran. */
async function eventLoopBusyShare(work: () => Promise<unknown>): Promise<number> {
  const before = performance.eventLoopUtilization()
  await work()
  return performance.eventLoopUtilization(before).utilization
}

describe('PDF layout thread', () => {
  it('lays out the same bytes as in place, without holding the event loop', async () => {
    const input = longDocument()
    const inPlace = await layoutOriginalPdf(input)
    const offThread = await layoutOriginalPdfOffThread(input)
    expect(Buffer.isBuffer(offThread)).toBe(true)
    expect(Buffer.from(offThread).equals(Buffer.from(inPlace))).toBe(true)
    expect(inPlace.byteLength).toBeGreaterThan(50_000)

    // The control shows the measure can tell: laid out in place, the loop is busy nearly throughout.
    const busyInPlace = await eventLoopBusyShare(() => layoutOriginalPdf(input))
    const busyOffThread = await eventLoopBusyShare(() => layoutOriginalPdfOffThread(input))
    expect(busyInPlace).toBeGreaterThan(0.8)
    expect(busyOffThread).toBeLessThan(0.3)
  }, 60_000)

  it('builds the same signed PDF as in place', async () => {
    const original = await layoutOriginalPdf(longDocument())
    const evidence: SignatureEvidence = {
      proposal: { number: 7, title: 'Implantação', accountName: 'Vendoc Demonstração Ltda' },
      originalSha256: 'a'.repeat(64),
      completedAt: '2026-11-16T14:00:00.000Z',
      signers: [{ name: 'Maria Souza', cpf: '52998224725', email: 'maria@cliente.test', role: 'Contratante', signatureKind: 'typed', signatureData: 'Maria Souza', ip: '203.0.113.7', userAgent: 'Firefox', signedAt: '2026-11-16T13:59:00.000Z', consentText: 'Li e concordo.', documentSha256: 'a'.repeat(64) }],
    }
    const inPlace = await buildSignedPdf(original, evidence)
    const offThread = await buildSignedPdfOffThread(original, evidence)
    expect(Buffer.isBuffer(offThread.bytes)).toBe(true)
    expect(Buffer.from(offThread.bytes).equals(Buffer.from(inPlace.bytes))).toBe(true)
    expect(offThread.sha256).toBe(inPlace.sha256)
  }, 60_000)

  it('fails the layouts a stopped thread held, and starts a new one for the next', async () => {
    const first = await layoutOriginalPdfOffThread(longDocument())
    const held = layoutOriginalPdfOffThread(longDocument())
    await stopPdfThread()
    await expect(held).rejects.toThrow(/exited/)
    const again = await layoutOriginalPdfOffThread(longDocument())
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true)
  }, 60_000)
})
