// The fonts every Vendoc PDF embeds: DejaVu Sans, which covers Portuguese (ç, ã, õ, é, º, ª) and
// the non-breaking space of "R$ 1.234,56". Read once from the dejavu-fonts-ttf package, so the
// PDF never depends on what fonts the server happens to have installed.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export type FontStyle = 'regular' | 'bold' | 'italic'

const FILES: Record<FontStyle, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
}

let cache: Record<FontStyle, Buffer> | undefined

/** The TTF bytes of each style (loaded on first use). */
export function documentFonts(): Record<FontStyle, Buffer> {
  if (!cache) {
    const directory = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
    cache = {
      regular: readFileSync(path.join(directory, FILES.regular)),
      bold: readFileSync(path.join(directory, FILES.bold)),
      italic: readFileSync(path.join(directory, FILES.italic)),
    }
  }
  return cache
}

/**
 * Text as a PDF font can draw it: control characters (other than line breaks) removed. Glyphs the
 * font lacks (emoji, CJK) still print as a box rather than failing.
 */
export function printableText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/g, '')
}
