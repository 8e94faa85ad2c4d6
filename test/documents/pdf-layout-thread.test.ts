// Original PDFs are laid out on a worker thread: the same bytes as laid out in place, while the
// event loop stays free for every other request. Before, a PDF's layout ran on the event loop
// (~40 ms of CPU for a short document, over a second for 200 lines), and every request of every
// account waited for it.
import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { htmlToBlocks } from '../../src/modules/documents/html-blocks.js'
import { layoutOriginalPdf, type OriginalPdfInput } from '../../src/modules/documents/original-pdf-layout.js'
import { layoutOriginalPdfOffThread, stopPdfLayoutThread } from '../../src/modules/documents/pdf-layout-thread.js'
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

  it('fails the layouts a stopped thread held, and starts a new one for the next', async () => {
    const first = await layoutOriginalPdfOffThread(longDocument())
    const held = layoutOriginalPdfOffThread(longDocument())
    await stopPdfLayoutThread()
    await expect(held).rejects.toThrow(/exited/)
    const again = await layoutOriginalPdfOffThread(longDocument())
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true)
  }, 60_000)
})
