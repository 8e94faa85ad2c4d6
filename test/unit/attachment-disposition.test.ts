// The Content-Disposition of a download named by people (an attachment): a plain name goes as it
// is; any other gets an ASCII fallback (accents folded, anything else "_", so no quote or
// backslash can end the quoted string) and the exact name in RFC 8187's `filename*`, which a
// decoder turns back into the same text.
import { describe, expect, it } from 'vitest'
import { attachmentDisposition } from '../../src/platform/http/send-download.js'

/** The name a client reads from `filename*` (UTF-8, percent-decoded). */
function extendedName(header: string): string | undefined {
  const match = /filename\*=UTF-8''([^;\s]+)/.exec(header)
  return match ? decodeURIComponent(match[1]!) : undefined
}

/** The quoted fallback, which must be plain printable ASCII without a quote or a backslash. */
function fallbackName(header: string): string {
  return /filename="([^"]*)"/.exec(header)![1]!
}

describe('attachmentDisposition', () => {
  it('sends a plain name as it is', () => {
    expect(attachmentDisposition('proposta-12.pdf')).toBe('attachment; filename="proposta-12.pdf"')
    expect(attachmentDisposition('Condicoes gerais.pdf')).toBe('attachment; filename="Condicoes gerais.pdf"')
  })

  it('sends any other name in UTF-8 beside a safe ASCII fallback', () => {
    const names = ['Especificação técnica.pdf', 'aspas "duplas".pdf', 'barra\\invertida.pdf', '100% certo.pdf', "d'água (v2)*.pdf", '合同.pdf', 'emoji 📄.pdf', 'ponto;e;vírgula.pdf']
    for (const name of names) {
      const header = attachmentDisposition(name)
      expect(header.startsWith('attachment; filename="'), name).toBe(true)
      expect(extendedName(header), name).toBe(name)
      expect(fallbackName(header), name).toMatch(/^[A-Za-z0-9._ -]+$/)
      // One header line, however the name was written.
      expect(header, name).not.toMatch(/[\r\n]/)
    }
    expect(fallbackName(attachmentDisposition('Especificação técnica.pdf'))).toBe('Especificacao tecnica.pdf')
    expect(attachmentDisposition("d'água (v2)*.pdf")).toContain("filename*=UTF-8''d%27%C3%A1gua%20%28v2%29%2A.pdf")
  })
})
