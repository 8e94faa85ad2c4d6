// Random valid Brazilian documents, built with the same check-digit functions the app uses, so
// every test gets its own customers without colliding on the per-account unique document.
import { randomInt } from 'node:crypto'
import { cnpjCheckDigits, cpfCheckDigits } from '../../src/modules/customers/brazilian-documents.js'

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

function randomDigits(length: number): string {
  return Array.from({ length }, () => String(randomInt(10))).join('')
}

function notAllSame(value: string): boolean {
  return !/^(.)\1*$/.test(value)
}

/** A valid CPF, digits only (11). */
export function validCpf(): string {
  for (;;) {
    const base = randomDigits(9)
    if (notAllSame(base)) return `${base}${cpfCheckDigits(base)}`
  }
}

/** A valid numeric CNPJ, digits only (14); branch 0001 like most head offices. */
export function validCnpj(): string {
  for (;;) {
    const base = `${randomDigits(8)}0001`
    if (notAllSame(base)) return `${base}${cnpjCheckDigits(base)}`
  }
}

/** A valid alphanumeric CNPJ (12 characters [0-9A-Z], at least one letter, + 2 check digits). */
export function validAlphanumericCnpj(): string {
  const chars = Array.from({ length: 12 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]!)
  chars[randomInt(8)] = ALPHANUMERIC[10 + randomInt(26)]!
  const base = chars.join('')
  return `${base}${cnpjCheckDigits(base)}`
}

/** 11222333000181 → 11.222.333/0001-81 (also for alphanumeric CNPJ). */
export function formatCnpj(cnpj: string): string {
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`
}

/** 52998224725 → 529.982.247-25 */
export function formatCpf(cpf: string): string {
  return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`
}
