// The six-digit codes people type from an app or an e-mail (two-step verification, a signer's
// e-mailed code): read as their digits whatever spacing the reader copied them with.

/** A typed code as six digits ("123 456", "123-456" and "123.456" forgiven), or null. */
export function normalizeSixDigitCode(typed: string): string | null {
  const digits = typed.replace(/[\s.-]/g, '')
  return /^\d{6}$/.test(digits) ? digits : null
}
