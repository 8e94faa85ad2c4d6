// A document's number as people type it: "1042", "nº 1042" and "1.042" are the same document. The
// list's filter and the template editor's preview with a real document read it alike.
import { TYPED_ID } from './form-data.js'
import { MAX_INTEGER_COLUMN } from '../../platform/db/integer-column.js'

/** The number typed (trimmed), or null when it cannot be one (then the field says so). */
export function typedDocumentNumber(text: string): number | null {
  const digits = text.trim().replace(/^n[º°o]?\s*/i, '').replace(/\./g, '')
  return TYPED_ID.test(digits) && Number(digits) <= MAX_INTEGER_COLUMN ? Number(digits) : null
}
