// PostgreSQL timestamps as the ISO 8601 strings the API answers (`2026-11-30T12:34:56.700Z`).
//
// pg hands each timestamp over as text (`2026-11-30 12:34:56.7+00`). Parsing it into a Date and
// printing it back cost ~480 ns a value, rewriting the text ~70 ns (measured on this machine), and
// a page of 50 documents carries 100 of them: ~40 µs saved a page. Text in UTC is rewritten: the
// server sends it so when its TimeZone setting is UTC (the usual one in containers and hosted
// services; the app does not set it, since a startup option breaks behind PgBouncer). Anything
// else (another zone's offset, a year past 9999, BC, infinity) still goes through Date, the
// reference the fast path is tested against. (Date's legacy parser also reads years 0000–0049 as
// 20xx and 0050–0099 as 19xx; the rewrite keeps the year as written.)

/** `YYYY-MM-DD HH:MM:SS`, an optional fraction of 1–6 digits, then `+00` (timestamptz in UTC) or nothing (timestamp). */
const UTC_TEXT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(\+00)?$/

/** What Date makes of the text: the instant in UTC, milliseconds truncated. */
function viaDate(text: string, withZone: boolean): string {
  return new Date(withZone ? text : `${text}Z`).toISOString()
}

/** `withZone`: timestamptz (its text ends with an offset); false: timestamp, read as UTC. */
export function isoFromPostgresTimestamp(text: string, withZone: boolean): string {
  const match = UTC_TEXT.exec(text)
  if (match === null || (match[4] !== undefined) !== withZone) return viaDate(text, withZone)
  const fraction = match[3]
  const milliseconds = fraction === undefined ? '000' : fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0')
  return `${match[1]}T${match[2]}.${milliseconds}Z`
}
