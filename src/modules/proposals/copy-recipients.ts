// The addresses that receive the signed copy of a digital document besides its signers and its
// seller: a finance department, the customer's lawyer. They sign nothing and get one e-mail, with
// the signed PDF attached, when the last signature is given (finalize-signed-proposal.ts). Stored
// lower-cased, as signers' addresses are, in proposals.copy_to_json (migration 044).
import type { FieldErrors } from '../../platform/errors.js'
import { isEmailAddress, normalizeEmail } from '../../platform/contact-formats.js'
import type { CreateProposalInput } from './create-proposal.js'

/** Enough for the usual few (finance, legal, a manager); more is a mailing list, not a copy. */
export const MAX_COPY_RECIPIENTS = 10

/**
 * The input's copy addresses, trimmed and lower-cased; errors for a bad or repeated address, too
 * many, or any on a paper document (which sends no e-mail). `signerEmails`: the signers' addresses,
 * which get the copy anyway, so naming one again is refused as a repetition.
 */
export function checkCopyRecipients(input: Pick<CreateProposalInput, 'copy_to' | 'signature_type'>, signerEmails: ReadonlySet<string>, errors: FieldErrors): string[] {
  const list = input.copy_to ?? []
  if (list.length === 0) return []
  if (input.signature_type !== 'digital') errors.add('/copy_to', 'applies to digital documents only: a paper document sends no e-mail')
  if (list.length > MAX_COPY_RECIPIENTS) errors.add('/copy_to', `must have at most ${MAX_COPY_RECIPIENTS} addresses`)
  const seen = new Set<string>()
  return list.map((text, index) => {
    const email = normalizeEmail(text)
    const problem = addressProblem(email, seen, signerEmails)
    if (problem !== null) errors.add(`/copy_to/${index}`, API_MESSAGES[problem])
    return email
  })
}

type AddressProblem = 'invalid_email' | 'signer' | 'repeated_address'

const API_MESSAGES: Record<AddressProblem, string> = {
  invalid_email: 'must be an e-mail address',
  signer: 'is a signer of this document, who gets the signed copy anyway',
  repeated_address: 'repeats another address of copy_to',
}

/**
 * One address's problem (not an address, a signer's, a repetition of one seen before), or null;
 * an address with no problem joins `seen` (compared lower-cased). The API's list reports each
 * address's own; a typed list (copyListProblem) first looks for an address that is not one.
 */
function addressProblem(address: string, seen: Set<string>, signerEmails: ReadonlySet<string>): AddressProblem | null {
  if (!isEmailAddress(address)) return 'invalid_email'
  const key = address.toLowerCase()
  if (signerEmails.has(key)) return 'signer'
  if (seen.has(key)) return 'repeated_address'
  seen.add(key)
  return null
}

/** Addresses typed in one box: one per line, or separated by commas, semicolons or spaces. */
export function splitCopyList(text: string): string[] {
  return text.split(/[\s,;]+/).filter((address) => address !== '')
}

export type CopyListProblem = { problem: 'invalid_email' | 'repeated_address'; address: string } | { problem: 'too_many_addresses' }

/** What is wrong with a typed list, first problem first (an address that is not one, too many, a repetition), or null. */
export function copyListProblem(addresses: readonly string[]): CopyListProblem | null {
  const invalid = addresses.find((address) => !isEmailAddress(address))
  if (invalid !== undefined) return { problem: 'invalid_email', address: invalid }
  if (addresses.length > MAX_COPY_RECIPIENTS) return { problem: 'too_many_addresses' }
  const seen = new Set<string>()
  const repeated = addresses.find((address) => addressProblem(address, seen, NO_SIGNERS) !== null)
  return repeated === undefined ? null : { problem: 'repeated_address', address: repeated }
}

/** A typed list is checked before any signer is known: the account's own list has none, and the document form's signers are checked against it by the module (checkCopyRecipients). */
const NO_SIGNERS: ReadonlySet<string> = new Set()

/** A stored list (proposals.copy_to_json, accounts.signed_copy_to_json). */
export function parseCopyTo(json: string): string[] {
  const value: unknown = JSON.parse(json)
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []
}
