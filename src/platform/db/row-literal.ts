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
