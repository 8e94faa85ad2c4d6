// What the request log must never keep verbatim (DESIGN.md §5, LGPD): API tokens, CPFs and e-mail
// addresses. Each runs once per stored text (every request, so it must be cheap and linear): tokens
// and CPFs with a regular expression whose lookbehind keeps it from re-trying inside a long run of
// characters, e-mails by finding each `@` and walking back over the local part (a regular
// expression that starts from every word is several times slower on a typical JSON body).
import { isValidCpf, normalizeDocument } from '../../customers/brazilian-documents.js'

export const REDACTED_TOKEN = 'vdc_…[redacted]'

// `vdc_` + 20 or more base62 characters: a whole token (49) and also a truncated or mistyped one,
// which still carries most of a secret; a run stops at the next `vdc_`, so two tokens pasted
// together are both redacted. A bare display prefix (vdc_ + 8) stays readable.
const TOKEN = /vdc_(?:(?!vdc_)[0-9A-Za-z]){20,}/g

// The other secrets an API answer can carry: a webhook signing secret (shown once, on creation and
// rotation) and a signer's private link (`url_to_sign`). Both are bearer credentials.
export const REDACTED_WEBHOOK_SECRET = 'whsec_…[redacted]'
const WEBHOOK_SECRET = /whsec_[A-Za-z0-9_-]{16,}/g
export const REDACTED_SIGN_LINK = '/sign/…[redacted]'
const SIGN_LINK = /\/sign\/[A-Za-z0-9_-]{20,}/g
// And a password reset link (web pages only, so the server log alone can see one).
export const REDACTED_RESET_LINK = '/reset-password/…[redacted]'
const RESET_LINK = /\/reset-password\/[A-Za-z0-9_-]{20,}/g

// Something shaped like a CPF, not inside a longer digit run: `529.982.247-25` (any subset of the
// punctuation). Fully punctuated ones are always masked; unpunctuated 11-digit runs only when their
// check digits make them a valid CPF, so order numbers and phone numbers mostly stay readable.
const CPF_LIKE = /(?<!\d)\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?!\d)/g
const FORMATTED_CPF = /^\d{3}\.\d{3}\.\d{3}-\d{2}$/

// A password has no recognisable shape, so it is found by its field's name: a JSON string member
// or a query/form parameter called password, senha, passwd, passphrase, pwd or secret (any prefix,
// as in new_password or client_secret). Integrators do send them (a CRM forwarding a whole user
// form), and the log is read by every admin of the account.
export const REDACTED_PASSWORD = '[redacted]'
const PASSWORD_WORD = /password|passwd|passphrase|senha|pwd|secret/i
// The value may lack its closing quote when a long body was cut inside it (cap-body.ts): the
// head of a password must not survive the cut either.
// A numeric value (a PIN) is a password too; it is stored as the string "[redacted]".
const PASSWORD_JSON_MEMBER = /("[A-Za-z0-9_-]{0,40}(?:password|passwd|passphrase|senha|pwd|secret)"\s*:\s*)("(?:[^"\\]|\\.)*(?:"|\\?$)|-?\d[\d.eE+-]*)/gi
// A parameter's value ends at the next parameter, or where the URL itself ends when it sits inside
// JSON or text (a quote, a backslash escape, white space): the rest of a body is never swallowed.
const PASSWORD_PARAMETER = /((?:^|[?&])[A-Za-z0-9_.%-]{0,40}(?:password|passwd|passphrase|senha|pwd|secret)=)([^&#"\\\s]*)/gi

/** Keeps a value another rule already redacted (its marker says what it was). */
function redactValue(quote: string): (match: string, name: string, value: string) => string {
  return (match, name, value) => (value.includes('…[redacted]') ? match : `${name}${quote}${REDACTED_PASSWORD}${quote}`)
}
const redactJsonValue = redactValue('"')
const redactParameterValue = redactValue('')

// `@`, or `%40` in a query string; then a dotted domain.
const AT_SIGN = /@|%40/g
const DOMAIN_START = /[A-Za-z0-9-]+\.[A-Za-z0-9]/y

/** Hides the first three digits and the two check digits, keeping the punctuation: `***.982.247-**`. */
export function maskCpf(cpf: string): string {
  let digitIndex = 0
  let masked = ''
  for (const char of cpf) {
    if (char >= '0' && char <= '9') {
      masked += digitIndex < 3 || digitIndex > 8 ? '*' : char
      digitIndex += 1
    } else masked += char
  }
  return masked
}

function maskCpfMatch(candidate: string): string {
  return FORMATTED_CPF.test(candidate) || isValidCpf(normalizeDocument(candidate)) ? maskCpf(candidate) : candidate
}

/** A character of an e-mail's local part: [A-Za-z0-9._%+-]. */
function isLocalPartChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45
  )
}

/** `maria.souza@acme.com.br` → `m***@acme.com.br`: the first character and the domain stay, so a person can still tell addresses apart. */
function maskEmails(text: string): string {
  let masked = ''
  let copiedUpTo = 0
  AT_SIGN.lastIndex = 0
  for (let match = AT_SIGN.exec(text); match !== null; match = AT_SIGN.exec(text)) {
    const at = match.index
    DOMAIN_START.lastIndex = at + match[0].length
    if (!DOMAIN_START.test(text)) continue
    let start = at
    while (start > copiedUpTo && isLocalPartChar(text.charCodeAt(start - 1))) start -= 1
    if (start === at) continue
    masked += `${text.slice(copiedUpTo, start + 1)}***`
    copiedUpTo = at
  }
  return copiedUpTo === 0 ? text : masked + text.slice(copiedUpTo)
}

/** One address as the signing page shows it, partly hidden: `m***@acme.com.br`. */
export function maskEmailAddress(email: string): string {
  return maskEmails(email)
}

/** The text with every token and password field redacted and every CPF and e-mail address masked. */
export function maskSensitiveText(text: string): string {
  let masked = text.includes('vdc_') ? text.replace(TOKEN, REDACTED_TOKEN) : text
  if (masked.includes('whsec_')) masked = masked.replace(WEBHOOK_SECRET, REDACTED_WEBHOOK_SECRET)
  if (masked.includes('/sign/')) masked = masked.replace(SIGN_LINK, REDACTED_SIGN_LINK)
  if (masked.includes('/reset-password/')) masked = masked.replace(RESET_LINK, REDACTED_RESET_LINK)
  if (PASSWORD_WORD.test(masked)) masked = masked.replace(PASSWORD_JSON_MEMBER, redactJsonValue).replace(PASSWORD_PARAMETER, redactParameterValue)
  if (masked.includes('@') || masked.includes('%40')) masked = maskEmails(masked)
  return masked.replace(CPF_LIKE, maskCpfMatch)
}

/** Headers that carry credentials: never stored, not even masked. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])

/** The request headers without the credential ones, lists joined: what may leave the request at all. */
export function withoutCredentialHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || SECRET_HEADERS.has(name.toLowerCase())) continue
    kept[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return kept
}

/** The request headers as stored: credentials dropped, every other value masked like a body. */
export function storableHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const stored = withoutCredentialHeaders(headers)
  for (const name of Object.keys(stored)) stored[name] = maskSensitiveText(stored[name]!)
  return stored
}
