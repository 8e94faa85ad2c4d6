// An id typed by a person (a URL, a form field, a filter) or sent as text: digits JavaScript
// counts exactly, without a leading zero. Every lookup is scoped by the account, so another
// account's id finds nothing, as a missing one.
export const ID_DIGITS = '[1-9]\\d{0,14}'
export const TYPED_ID = new RegExp(`^${ID_DIGITS}$`)
