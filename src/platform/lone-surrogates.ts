// Half of a UTF-16 surrogate pair (JSON's "\ud800" escape can make one): UTF-8, and so neither
// database, can hold it as it is. Request bodies refuse it (http/validation.ts); what is stored
// without asking the client (the request log) gets U+FFFD in its place, as a UTF-8 encoder writes.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const EVERY_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source, 'g')

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}

/** `text` with U+FFFD for each lone surrogate. */
export function withoutLoneSurrogates(text: string): string {
  return text.replace(EVERY_LONE_SURROGATE, '\uFFFD')
}
