// Customer rows: mostly companies with a CNPJ, some people with a CPF, all with a code, an address
// and a contact who signs for them. Documents come from an affine bijection of the customer's
// index (index × odd multiplier + offset, modulo the number space), so they are unique within the
// account without a lookup table, and their check digits are computed, so every one is valid.
import { cnpjCheckDigits, cpfCheckDigits } from '../customers/brazilian-documents.js'
import { allCustomerSearchKeys } from '../customers/customer-search-keys.js'
import { COMPANY_FORMS, COMPANY_SECTORS, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, PLACES } from './bench-names.js'
import type { Random } from '../../platform/seeded-random.js'

const DAY = 86_400_000
/** Share of customers that are people (CPF) rather than companies (CNPJ). */
const PERSON_SHARE = 0.15
/** Multipliers coprime with 10^8 and 10^9 (odd, not ending in 5): index → document base is one-to-one. */
const CNPJ_MULTIPLIER = 7_919_113
const CPF_MULTIPLIER = 104_729_003

/** What a document needs to know about its customer. */
export interface CustomerRef {
  id: number
  name: string
  /** Digits only; null for the rare base that would make an invalid CPF (all digits equal). */
  document: string | null
  contact: { name: string; email: string; cpf: string; phone: string }
}

export function asciiSlug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '')
}

function padded(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

/** A valid CPF from 9 random digits (all-equal bases, which have no valid CPF, are drawn again). */
export function randomCpf(random: Random): string {
  for (;;) {
    const base = padded(random.int(0, 999_999_999), 9)
    if (!/^(\d)\1{8}$/.test(base)) return `${base}${cpfCheckDigits(base)}`
  }
}

export function randomPhone(random: Random, ddd: string, mobile: boolean): string {
  return mobile ? `+55 ${ddd} 9${random.int(6000, 9999)}-${padded(random.int(0, 9999), 4)}` : `+55 ${ddd} ${random.int(2000, 3999)}-${padded(random.int(0, 9999), 4)}`
}

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)} ${random.pick(LAST_NAMES)}`
}

export interface CustomerPlan {
  accountId: number
  /** Document offsets drawn from the seed, so two seeds give different documents. */
  cnpjOffset: number
  cpfOffset: number
  /** Customers are registered over the month before the first document. */
  registeredFrom: number
  count: number
}

/** The customer at `index` (0 is the big customer, always a company): its row values and its ref. */
export function customerRow(random: Random, plan: CustomerPlan, index: number, id: number): { row: unknown[]; ref: CustomerRef } {
  const person = index > 0 && random.chance(PERSON_SHARE)
  const place = random.pick(PLACES)
  const contactName = personName(random)
  let name: string
  let tradeName: string | null
  let document: string | null
  if (person) {
    name = contactName
    tradeName = null
    const base = padded((index * CPF_MULTIPLIER + plan.cpfOffset) % 1_000_000_000, 9)
    document = /^(\d)\1{8}$/.test(base) ? null : `${base}${cpfCheckDigits(base)}`
  } else {
    const word = random.pick(COMPANY_WORDS)
    const sector = random.pick(COMPANY_SECTORS)
    name = index === 0 ? 'Grupo Atacadista Nacional S.A.' : `${sector} ${word} ${random.pick(COMPANY_FORMS)}`
    tradeName = index === 0 ? 'Atacadista Nacional' : `${word} ${sector.split(' ')[0]}`
    const base12 = `${padded((index * CNPJ_MULTIPLIER + plan.cnpjOffset) % 100_000_000, 8)}000${random.chance(0.9) ? 1 : 2}`
    document = `${base12}${cnpjCheckDigits(base12)}`
  }
  const code = `CLI-${padded(index + 1, 7)}`
  const domain = person ? random.pick(['gmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br']) : `${asciiSlug(tradeName!).replace(/\./g, '')}${index}.com.br`
  const contactEmail = person ? `${asciiSlug(contactName)}${index}@${domain}` : `${asciiSlug(contactName.split(' ').slice(0, 2).join(' '))}@${domain}`
  const contact = { name: contactName, email: contactEmail, cpf: person && document !== null ? document : randomCpf(random), phone: randomPhone(random, place.ddd, true) }
  const keys = allCustomerSearchKeys({ name, trade_name: tradeName, code })
  const registeredAt = new Date(plan.registeredFrom + (30 * DAY * index) / plan.count).toISOString()
  const row = [
    id, plan.accountId, code, name, tradeName, document, document === null ? null : person ? 'cpf' : 'cnpj',
    person ? contactEmail : `contato@${domain}`, person ? contact.phone : randomPhone(random, place.ddd, false),
    random.pick(place.streets), String(random.int(10, 4999)), random.chance(0.4) ? `Sala ${random.int(101, 2210)}` : null,
    random.pick(place.districts), place.city, place.state, `${place.cep}${padded(random.int(0, 999), 3)}-${padded(random.int(0, 999), 3)}`,
    registeredAt, registeredAt,
    keys.name_key, keys.trade_name_key, keys.code_key,
  ]
  return { row, ref: { id, name: tradeName ?? name, document, contact } }
}
