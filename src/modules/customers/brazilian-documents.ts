// CPF and CNPJ: normalised (no punctuation, upper case) and validated by their check digits.
// CNPJ accepts the alphanumeric format in force since July 2026: 12 characters [0-9A-Z] and two
// numeric check digits, each character weighing its ASCII code minus 48 (so digits keep their value).

export type DocumentType = 'cpf' | 'cnpj'

/** Removes the punctuation people type (. / - and spaces) and upper-cases letters. */
export function normalizeDocument(raw: string): string {
  return raw.replace(/[\s./-]/g, '').toUpperCase()
}

function mod11Digit(values: number[], weights: number[]): number {
  const sum = values.reduce((total, value, index) => total + value * weights[index]!, 0)
  const remainder = sum % 11
  return remainder < 2 ? 0 : 11 - remainder
}

export function isValidCpf(normalized: string): boolean {
  if (!/^\d{11}$/.test(normalized) || /^(\d)\1{10}$/.test(normalized)) return false
  const digits = [...normalized].map(Number)
  const first = mod11Digit(digits.slice(0, 9), [10, 9, 8, 7, 6, 5, 4, 3, 2])
  const second = mod11Digit(digits.slice(0, 10), [11, 10, 9, 8, 7, 6, 5, 4, 3, 2])
  return first === digits[9] && second === digits[10]
}

const CNPJ_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]

export function cnpjCheckDigits(base12: string): string {
  const values = [...base12].map((char) => char.charCodeAt(0) - 48)
  const first = mod11Digit(values, CNPJ_WEIGHTS.slice(1))
  const second = mod11Digit([...values, first], CNPJ_WEIGHTS)
  return `${first}${second}`
}

export function isValidCnpj(normalized: string): boolean {
  if (!/^[0-9A-Z]{12}\d{2}$/.test(normalized) || /^(\d)\1{13}$/.test(normalized)) return false
  return cnpjCheckDigits(normalized.slice(0, 12)) === normalized.slice(12)
}

export function cpfCheckDigits(base9: string): string {
  const digits = [...base9].map(Number)
  const first = mod11Digit(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2])
  const second = mod11Digit([...digits, first], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2])
  return `${first}${second}`
}

/** The normalised document and its type, or null when it is neither a valid CPF nor a valid CNPJ. */
export function parseDocument(raw: string): { document: string; type: DocumentType } | null {
  const normalized = normalizeDocument(raw)
  if (isValidCpf(normalized)) return { document: normalized, type: 'cpf' }
  if (isValidCnpj(normalized)) return { document: normalized, type: 'cnpj' }
  return null
}

/** Accepts what a person may type: only digits, letters and CPF/CNPJ punctuation. */
export function looksLikeDocument(raw: string): boolean {
  return /^[0-9A-Za-z./\s-]{11,20}$/.test(raw)
}
