// Rows of the named (hot) statements built by one compiled object literal per statement, instead
// of pg's generic path. For every execution pg turns the statement's row description into a
// dictionary-mode template and one type parser lookup per column (`Result.addFields`), then builds
// each row by spreading that template and assigning every column by name (megamorphic stores). A
// named statement returns the same columns every time, so its parsers and a row literal are
// compiled once and reused while the description matches (docs/PERFORMANCE.md, session 15).
//
// This subclasses pg.Query and replaces its two row handlers, so it depends on pg's Query
// internals (`_result`, `_checkForMultirow`, `_accumulateRows`, `_canceledDueToError`): pg is pinned
// to an exact version in package.json, and every PostgreSQL test runs its queries through here.
import pg from 'pg'
import { compileRowLiteral, literalCanHold } from './row-literal.js'

interface FieldDescription {
  name: string
  dataTypeID: number
  format: string
}

interface TypeParsers {
  getTypeParser(oid: number, format: string): (value: string) => unknown
}

/** The pg.Query internals this relies on (not in pg's type declarations). */
interface QueryInternals {
  name?: string
  callback?: (error: Error | null, result: pg.QueryResult) => void
  _result: { fields: FieldDescription[]; _types: TypeParsers; addFields(fields: FieldDescription[]): void; parseRow(values: unknown[]): unknown; addRow(row: unknown): void }
  _accumulateRows: boolean
  _canceledDueToError: unknown
  _checkForMultirow(): void
  listeners(event: string): unknown[]
  emit(event: string, ...args: unknown[]): boolean
}

type BuildRow = (values: readonly (string | null)[], parsers: readonly ((value: string) => unknown)[]) => Record<string, unknown>

interface RowShape {
  fields: readonly FieldDescription[]
  parsers: ((value: string) => unknown)[]
  build: BuildRow
}

// pg-types' parser for every type it does not convert (text, varchar…): `String(value)`, which for
// the strings a text-format row holds is the value itself, so the literal takes it as it is. Taken
// for oid 0, which no type has: a parser set for text itself (setTypeParser(25, …)) is not this one.
const UNCONVERTED = (pg.types.getTypeParser as (oid: number, format: 'text') => unknown)(0, 'text')

/**
 * One literal per description (row-literal.ts). A `__proto__` column, and binary columns, which need
 * pg's Buffer handling, keep pg's own path.
 */
function compileShape(fields: readonly FieldDescription[], types: TypeParsers): RowShape | null {
  if (!literalCanHold(fields.map((field) => field.name)) || fields.some((field) => field.format !== 'text')) return null
  const parsers = fields.map((field) => types.getTypeParser(field.dataTypeID, field.format))
  const build = compileRowLiteral<BuildRow>(
    fields.map((field) => field.name),
    ['values', 'parsers'],
    (index) => (parsers[index] === UNCONVERTED ? `values[${index}]` : `values[${index}] === null ? null : parsers[${index}](values[${index}])`),
  )
  return { fields: fields.map(({ name, dataTypeID, format }) => ({ name, dataTypeID, format })), parsers, build }
}

function sameDescription(shape: RowShape, fields: readonly FieldDescription[]): boolean {
  if (shape.fields.length !== fields.length) return false
  for (let index = 0; index < fields.length; index += 1) {
    const known = shape.fields[index]!
    const field = fields[index]!
    if (known.name !== field.name || known.dataTypeID !== field.dataTypeID || known.format !== field.format) return false
  }
  return true
}

/**
 * Shapes by each client's type parsers (pg gives every client its own overrides), then by statement
 * name: a shape's parsers are that client's. Bounded by the live connections times the named
 * statements, which are bounded too (postgres-named-statements.ts).
 */
const shapesByTypes = new WeakMap<TypeParsers, Map<string, RowShape | null>>()

function shapeFor(name: string, fields: readonly FieldDescription[], types: TypeParsers): RowShape | null {
  let shapes = shapesByTypes.get(types)
  if (shapes === undefined) {
    shapes = new Map()
    shapesByTypes.set(types, shapes)
  }
  const known = shapes.get(name)
  // A description that changed (a column added by a migration another process ran) compiles anew.
  if (known !== undefined && (known === null || sameDescription(known, fields))) return known
  const shape = compileShape(fields, types)
  shapes.set(name, shape)
  return shape
}

/** A named statement's query whose rows are built by its compiled shape. */
export class ShapedRowsQuery extends pg.Query {
  #shape: RowShape | null = null

  /** Resolves like pg's own promise for a query: the result, or the error with the caller's stack. */
  readonly promise: Promise<pg.QueryResult>

  constructor(config: { name: string; text: string; values: unknown[] }) {
    super(config)
    this.promise = new Promise<pg.QueryResult>((resolve, reject) => {
      ;(this as unknown as QueryInternals).callback = (error, result) => (error ? reject(error) : resolve(result))
    }).catch((error: Error) => {
      Error.captureStackTrace(error)
      throw error
    })
  }

  handleRowDescription(message: { fields: FieldDescription[] }): void {
    const self = this as unknown as QueryInternals
    self._checkForMultirow()
    this.#shape = shapeFor(self.name!, message.fields, self._result._types)
    if (this.#shape === null) self._result.addFields(message.fields)
    else self._result.fields = message.fields
    self._accumulateRows = Boolean(self.callback) || self.listeners('row').length === 0
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    const self = this as unknown as QueryInternals
    if (self._canceledDueToError) return
    let row: unknown
    try {
      row = this.#shape === null ? self._result.parseRow(message.fields) : this.#shape.build(message.fields, this.#shape.parsers)
    } catch (error) {
      self._canceledDueToError = error
      return
    }
    self.emit('row', row, self._result)
    if (self._accumulateRows) self._result.addRow(row)
  }
}
