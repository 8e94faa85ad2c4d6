// What Vendoc takes for an e-mail address or a phone number wherever people type one. An address
// is something@domain.tld with no spaces, at most 254 characters (RFC 5321's path limit);
// deliberately loose, as the only proof that an address works is a message that arrives. A phone
// is 8 to 30 digits and the punctuation people write them with ("+55 (11) 3333-4444").
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export const EMAIL_ADDRESS_MAX = 254

export function isEmailAddress(text: string): boolean {
  return text.length <= EMAIL_ADDRESS_MAX && EMAIL_ADDRESS.test(text)
}

/**
 * An address as Vendoc stores and compares it: without surrounding spaces, in lower case. Mail
 * servers treat the case of an address alike in practice, so "Ana@X.com.br" and "ana@x.com.br"
 * are one person everywhere (a user's login, a signer, a copy address, a data subject).
 */
export function normalizeEmail(text: string): string {
  return text.trim().toLowerCase()
}

const PHONE_NUMBER = /^[0-9+() .-]{8,30}$/

export function isPhoneNumber(text: string): boolean {
  return PHONE_NUMBER.test(text)
}
