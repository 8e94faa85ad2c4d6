// What a signer submits on the signing page, checked against the signer's record before anything
// is written: the name (case-, accent-, space-, apostrophe- and dash-insensitive), the CPF (check
// digits, then equality with the record's), the explicit consent and the signature itself (typed
// text or a drawn PNG, drawn-signature.ts).
import { isValidCpf, normalizeDocument } from '../customers/brazilian-documents.js'
import { readDrawnSignature } from './drawn-signature.js'
import type { EmailCodeProblem } from './signer-email-code.js'

export type SignatureKind = 'typed' | 'drawn'

export interface SignInput {
  name: string
  cpf: string
  consent: boolean
  signatureKind: SignatureKind
  signatureData: string
  /** The code e-mailed to a signer whose authentication is 'email_code' (signer-email-code.ts); ignored otherwise. */
  emailCode?: string
}

export type SignField = 'name' | 'cpf' | 'consent' | 'signature'

/** Why a field was refused; the web app turns each code into a sentence next to the field. */
export type SignFieldProblem = 'required' | 'mismatch' | 'invalid' | 'too_long' | 'too_large'

export type SignInputErrors = Partial<Record<SignField, SignFieldProblem>> & { emailCode?: EmailCodeProblem }

export const TYPED_SIGNATURE_MAX_CHARS = 200

// Keyboards type these for one another: iPhones and Macs turn ' into ’ as one types ("Sant’Anna"),
// word processors turn - into – (and an invitation's name may have been pasted from one).
const APOSTROPHES = /['’‘´`ʼ]/g
const DASHES = /[-‐‑–—]/g

/**
 * "  José  da SILVA " and "jose da silva" compare equal: no accents, case or repeated spaces; and
 * "Sant'Anna" equals "Sant’Anna", "Ana-Maria" equals "Ana–Maria" (one apostrophe, one dash).
 */
export function comparableName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(APOSTROPHES, "'")
    .replace(DASHES, '-')
    .toLocaleLowerCase('pt-BR')
    .replace(/\s+/g, ' ')
    .trim()
}

export interface CheckedSignInput {
  name: string
  /** Normalised digits; the record's when it had one, else the one typed (to be stored). */
  cpf: string
  kind: SignatureKind
  data: string
}

/** Checks `input` against the signer's record; every problem is reported at once. */
export function checkSignInput(input: SignInput, record: { name: string; cpf: string | null }): { ok: true; value: CheckedSignInput } | { ok: false; errors: SignInputErrors } {
  const errors: SignInputErrors = {}
  const name = input.name.trim().replace(/\s+/g, ' ')
  if (name === '') errors.name = 'required'
  else if (comparableName(name) !== comparableName(record.name)) errors.name = 'mismatch'

  const cpf = normalizeDocument(input.cpf)
  if (cpf === '') errors.cpf = 'required'
  else if (!isValidCpf(cpf)) errors.cpf = 'invalid'
  else if (record.cpf !== null && normalizeDocument(record.cpf) !== cpf) errors.cpf = 'mismatch'

  if (!input.consent) errors.consent = 'required'

  const data = input.signatureKind === 'typed' ? input.signatureData.trim() : input.signatureData
  if (input.signatureKind === 'typed') {
    if (data === '') errors.signature = 'required'
    else if ([...data].length > TYPED_SIGNATURE_MAX_CHARS) errors.signature = 'too_long'
  } else if (data === '') {
    errors.signature = 'required'
  } else {
    const drawn = readDrawnSignature(data)
    if (!drawn.ok) errors.signature = drawn.problem
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, value: { name, cpf, kind: input.signatureKind, data } }
}

/**
 * The exact sentence the signer agrees to, shown next to the checkbox and stored as evidence. It
 * names the document and its SHA-256, so the consent is bound to the very bytes that were frozen.
 * Portuguese on purpose: it is the legal text the signer reads, kept verbatim in the evidence.
 */
export function consentSentence(document: { number: number; title: string; sha256: string | null; attachments?: number }): string {
  // Its attachments are part of what is signed (the original lists each one's SHA-256): the sentence says so.
  const count = document.attachments ?? 0
  const attachments = count === 0 ? '' : count === 1 ? 'bem como o anexo nele listado com o seu código SHA-256, que dele faz parte, ' : `bem como os ${count} anexos nele listados com os seus códigos SHA-256, que dele fazem parte, `
  return (
    `Declaro que li o documento nº ${document.number} ("${document.title}"), cujo código SHA-256 é ${document.sha256 ?? '—'}, ${attachments}` +
    'e concordo em assiná-lo eletronicamente, reconhecendo esta assinatura como válida e vinculante ' +
    '(Medida Provisória nº 2.200-2/2001 e Lei nº 14.063/2020).'
  )
}
