// Pure text redaction for the erasure of a data subject: every identifying string (names, e-mails,
// CPF/CNPJ in both the stored and the printed form, phones) is replaced by a placeholder wherever
// free text repeats it — e-mail bodies, history data, request log bodies, webhook payloads. The
// placeholders name no one, so the redacted text still reads ("Olá, Signatário anonimizado #12").
import { formatDocument } from '../../platform/pt-br-format.js'
import { maskCpf } from '../integrations/request-log/mask-sensitive.js'
import type { DataSubject } from './data-subject.js'

/** A string that identifies the subject, and what replaces it. */
export interface Needle {
  value: string
  replacement: string
}

/** Shorter strings ("Ana", "SP") would also match unrelated words; the columns that hold them are cleared instead. */
const MIN_NEEDLE_LENGTH = 4

export const REMOVED_DOCUMENT = '[documento removido]'
export const REMOVED_PHONE = '[telefone removido]'
export const REMOVED_TEXT = '[dado pessoal removido]'

export function customerPlaceholder(customerId: number): string {
  return `Titular anonimizado #${customerId}`
}

export function signerPlaceholder(signerId: number): string {
  return `Signatário anonimizado #${signerId}`
}

/** `.invalid` is reserved (RFC 2606): no message can ever be delivered there. */
const PLACEHOLDER_EMAIL_DOMAIN = '@anonimizado.invalid'

export function emailPlaceholder(kind: 'titular' | 'signatario' | 'copia', id: number): string {
  return `${kind}-${id}${PLACEHOLDER_EMAIL_DOMAIN}`
}

/** Whether an address is what an erasure left in place of a person's. */
export function isErasedEmail(email: string): boolean {
  return email.endsWith(PLACEHOLDER_EMAIL_DOMAIN)
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Every spelling a stored value takes in the text we keep: as typed, JSON-escaped, HTML-escaped. */
function spellings(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), escapeHtml(value)])]
}

export class NeedleSet {
  /** Lower-cased spelling → replacement. */
  readonly #needles = new Map<string, string>()
  /** The spellings as found, lower- and upper-cased, for the SQL pre-filter (see text-search.ts). */
  readonly #spellings = new Set<string>()
  /**
   * Lower-cased spellings that identify the subject alone (documents, e-mails, phones), unlike
   * names: "Padaria Central" or "Heloisa" may well be a neighbour's too. A copy found by text is
   * the subject's only when it names one of these, or is tied to the subject's records otherwise.
   */
  readonly #identifiers = new Set<string>()

  add(value: string | null | undefined, replacement: string, kind: 'name' | 'identifier' = 'name'): void {
    const trimmed = value?.trim()
    if (!trimmed || trimmed.length < MIN_NEEDLE_LENGTH) return
    for (const spelling of spellings(trimmed)) {
      this.#spellings.add(spelling)
      this.#spellings.add(spelling.toLowerCase())
      this.#spellings.add(spelling.toUpperCase())
      if (kind === 'identifier') this.#identifiers.add(spelling.toLowerCase())
      if (!this.#needles.has(spelling.toLowerCase())) this.#needles.set(spelling.toLowerCase(), replacement)
    }
  }

  /** An e-mail address: an identifier of its own. */
  addEmail(address: string | null | undefined, replacement: string): void {
    this.add(address, replacement, 'identifier')
  }

  /** Whether `text` names one of the subject's identifiers (ignoring case). */
  mentionsIdentifier(text: string | null): boolean {
    if (text === null) return false
    const lowered = text.toLowerCase()
    for (const identifier of this.#identifiers) if (lowered.includes(identifier)) return true
    return false
  }

  /**
   * A CPF/CNPJ as stored (digits) and as printed (pontuado); a CPF also in the masked form the
   * request log keeps (***.456.789-**), whose six middle digits still narrow down a person.
   */
  addDocument(document: string | null | undefined): void {
    if (!document) return
    const forms = [document, formatDocument(document)]
    if (/^\d{11}$/.test(document)) forms.push(...forms.map(maskCpf))
    for (const form of forms) this.add(form, REMOVED_DOCUMENT, 'identifier')
  }

  /** A phone as typed, and as its digits alone. */
  addPhone(phone: string | null | undefined): void {
    if (!phone) return
    this.add(phone, REMOVED_PHONE, 'identifier')
    const digits = phone.replace(/\D/g, '')
    if (digits.length >= 8) this.add(digits, REMOVED_PHONE, 'identifier')
  }

  get size(): number {
    return this.#needles.size
  }

  /** The spellings to look for with LIKE before reading rows to redact. */
  searchTerms(): string[] {
    return [...this.#spellings]
  }

  #pattern: RegExp | undefined

  /** Replaces every needle, ignoring case, longest first (so "Ana Souza" wins over "Souza"). */
  redact(text: string): string {
    if (this.#needles.size === 0) return text
    this.#pattern ??= new RegExp([...this.#needles.keys()].sort((a, b) => b.length - a.length).map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu')
    return text.replace(this.#pattern, (match) => this.#needles.get(match.toLowerCase()) ?? REMOVED_TEXT)
  }

  redactNullable(text: string | null): string | null {
    return text === null ? null : this.redact(text)
  }
}

/** Keys whose values are signing evidence about a person's device: dropped wherever they appear. */
const DEVICE_KEYS = new Set(['ip', 'user_agent', 'signed_ip', 'signed_user_agent'])

/** Redacts a JSON document (history data, event payloads): device keys become null, strings lose their needles. */
export function redactJson(json: string, needles: NeedleSet): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return needles.redact(json)
  }
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return needles.redact(value)
    if (Array.isArray(value)) return value.map(walk)
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, DEVICE_KEYS.has(key) && inner !== null ? null : walk(inner)]))
    }
    return value
  }
  return JSON.stringify(walk(parsed))
}

/** What identifies the subject (its customer and the signers of its documents), and what replaces each. */
export function needlesOf(subject: DataSubject): NeedleSet {
  const needles = new NeedleSet()
  const { customer } = subject
  // Signers first: a signer named like the company keeps the signer's placeholder, which is the more specific one.
  for (const signer of subject.signers) {
    needles.add(signer.name, signerPlaceholder(signer.id))
    needles.add(signer.signed_name, signerPlaceholder(signer.id))
    if (signer.signature_kind === 'typed') needles.add(signer.signature_data, signerPlaceholder(signer.id))
    needles.addEmail(signer.email, emailPlaceholder('signatario', signer.id))
    needles.addDocument(signer.cpf)
    needles.addDocument(signer.signed_cpf)
    needles.addPhone(signer.phone)
  }
  // A replaced contact may be another person's (that is why it was corrected): it is blanked in the
  // rows already tied to the subject's documents, but never makes another row the subject's.
  for (const former of subject.formerContacts) {
    needles.add(former.email, emailPlaceholder('signatario', former.signerId))
    needles.add(former.phone, REMOVED_PHONE)
  }
  needles.add(customer.name, customerPlaceholder(customer.id))
  needles.add(customer.trade_name, customerPlaceholder(customer.id))
  needles.addEmail(customer.email, emailPlaceholder('titular', customer.id))
  needles.addDocument(customer.document)
  needles.addPhone(customer.phone)
  // The addresses its documents' signed copies went to (copy-recipients.ts), less the account's own:
  // the customer's people, like its signers, but blanked only in the rows of its documents (like a
  // replaced contact). After the customer's, which keeps its own placeholder if it is among them.
  for (const { proposalId, address } of subject.copyAddresses) needles.add(address, emailPlaceholder('copia', proposalId))
  return needles
}
