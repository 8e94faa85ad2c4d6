// Rows of known columns built by one compiled object literal, so every row gets its shape at once
// instead of key by key. Shared by the SQLite read thread's row builder and PostgreSQL's row
// shapes. The keys are the column names quoted by JSON.stringify (no name can inject code); a
// later duplicate name wins in the first one's position, as assigning the columns in order does.

/** A column named "__proto__" cannot be a literal key (it would set the prototype; two are a syntax error). */
export function literalCanHold(columns: readonly string[]): boolean {
  return !columns.includes('__proto__')
}

/**
 * A function of `parameters` returning `{ "<column i>": <valueOf(i)>, … }`; `valueOf(i)` is the
 * source of column i's value. Callers check literalCanHold first.
 */
export function compileRowLiteral<F>(columns: readonly string[], parameters: readonly string[], valueOf: (index: number) => string): F {
  if (!literalCanHold(columns)) throw new Error('a column named __proto__ cannot be an object literal key')
  return new Function(...parameters, `return { ${columns.map((column, index) => `${JSON.stringify(column)}: ${valueOf(index)}`).join(', ')} }`) as F
}

/**
 * Source of `jsonRowsWriter(columns)`, which returns a function turning a statement's rows (arrays
 * of values) into one JSON text: an array of objects keyed by the column names, a name with a dot
 * nesting one level (`links.self` and `links.web` make `"links":{"self":…,"web":…}`). Plain
 * JavaScript as text, so the SQLite read thread (which loads none of our modules) compiles the very
 * same code as the main connection (sqlite-driver.ts). Each row becomes an object from one compiled
 * literal and JSON.stringify writes them all; a blob, which JSON cannot carry, is refused.
 *
 * The text comes out as UTF-8 bytes in an ArrayBuffer of their own (TextEncoder), the form the
 * answer is sent in: the read thread hands the buffer over without copying it, and the event loop
 * never holds the page as a string (a big customer's page of 50 is ~40 KB, which as a string was
 * cloned into V8's heap, spliced, flattened and encoded again at every answer; docs/PERFORMANCE.md,
 * session 31).
 */
export const JSON_ROWS_WRITER_SOURCE = String.raw`function jsonRowsWriter(columns) {
  const entries = []
  columns.forEach((name, index) => {
    const dot = name.indexOf('.')
    if (dot < 0) return entries.push({ key: name, index })
    const key = name.slice(0, dot)
    let parent = entries.find((entry) => entry.key === key && entry.children !== undefined)
    if (parent === undefined) entries.push((parent = { key, children: [] }))
    parent.children.push({ key: name.slice(dot + 1), index })
  })
  const literal = (list) => '{ ' + list.map((entry) => {
    if (entry.key === '__proto__') throw new Error('a JSON rows column cannot be named __proto__')
    return JSON.stringify(entry.key) + ': ' + (entry.children === undefined ? 'values[' + entry.index + ']' : literal(entry.children))
  }).join(', ') + ' }'
  const build = new Function('values', 'return ' + literal(entries))
  const encoder = new TextEncoder()
  return (rows) => {
    const objects = new Array(rows.length)
    for (let row = 0; row < rows.length; row += 1) {
      const values = rows[row]
      for (let index = 0; index < values.length; index += 1) {
        if (values[index] !== null && typeof values[index] === 'object') throw new Error('a JSON rows query cannot return a blob')
      }
      objects[row] = build(values)
    }
    return encoder.encode(JSON.stringify(objects))
  }
}`

export type JsonRowsWriter = (rows: unknown[][]) => Uint8Array

/** The main thread's copy of JSON_ROWS_WRITER_SOURCE. */
export const jsonRowsWriter = new Function(`return ${JSON_ROWS_WRITER_SOURCE}`)() as (columns: readonly string[]) => JsonRowsWriter
