// Characters neither database stores as they are. PostgreSQL's text cannot hold U+0000 (the
// statement fails; SQLite keeps it), and UTF-8 cannot hold half of a UTF-16 surrogate pair (JSON's
// "\ud800" escape can make one). Request bodies refuse both (http/validation.ts); what is stored
// without asking its sender (the request log, a webhook receiver's answer) gets U+FFFD in their
// place, as a UTF-8 decoder writes for what it cannot read, the same on both databases.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const EVERY_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source, 'g')

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}

/** `text` with U+FFFD for each lone surrogate. */
export function withoutLoneSurrogates(text: string): string {
  return text.replace(EVERY_LONE_SURROGATE, '\uFFFD')
}

/** `text` with U+FFFD for each U+0000. */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text
}

/**
 * `value` as JSON that PostgreSQL's JSON accepts: JSON.stringify writes a lone surrogate as an
 * escape (`\udXXX`), which PostgreSQL refuses (and UTF-8 cannot carry one either), so when such an
 * escape shows, the strings are written again with U+FFFD in its place. The check costs one scan
 * of the text.
 */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value)
  if (!/\\ud[89a-f]/i.test(json)) return json
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'string' ? withoutLoneSurrogates(inner) : inner))
}
