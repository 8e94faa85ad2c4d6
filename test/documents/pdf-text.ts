// Text of a PDF, page by page, as a reader would extract it (pdfjs-dist, the legacy build that
// runs in Node). Items on one line are joined; lines are separated by "\n".
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  // pdfjs takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise
  try {
    const pages: string[] = []
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number)
      const content = await page.getTextContent()
      let text = ''
      for (const item of content.items) {
        if (!('str' in item)) continue
        text += item.str
        if (item.hasEOL) text += '\n'
      }
      pages.push(text)
    }
    return pages
  } finally {
    await pdf.destroy()
  }
}

export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPagesText(bytes)).join('\n')
}
