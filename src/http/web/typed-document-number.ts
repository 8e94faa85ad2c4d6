// A document's number as people type it: "1042", "nº 1042" and "1.042" are the same document. The
// list's filter and the template editor's preview with a real document read it alike.

/** Numbers are 32-bit integers on both databases: past that, PostgreSQL refuses the parameter. */
const MAX_PROPOSAL_NUMBER = 2_147_483_647

/** The number typed (trimmed), or null when it cannot be one (then the field says so). */
export function typedDocumentNumber(text: string): number | null {
  const digits = text.trim().replace(/^n[º°o]?\s*/i, '').replace(/\./g, '')
  return /^[1-9]\d{0,14}$/.test(digits) && Number(digits) <= MAX_PROPOSAL_NUMBER ? Number(digits) : null
}
