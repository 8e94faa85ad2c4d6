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
