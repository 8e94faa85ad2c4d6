// The few places where SQLite and PostgreSQL need different column types. Migrations ask
// for a logical type here instead of branching on the dialect themselves.
import type { ColumnDataType, CreateTableBuilder } from 'kysely'
import type { Dialect } from '../db/connect.js'

export interface ColumnTypes {
  /** Foreign key / plain integer that may hold an id. */
  readonly ref: ColumnDataType
  readonly money: ColumnDataType
  readonly instant: ColumnDataType
  readonly date: ColumnDataType
  readonly bool: ColumnDataType
  readonly text: ColumnDataType
}

export function columnTypes(dialect: Dialect): ColumnTypes {
  return dialect === 'postgres'
    ? { ref: 'bigint', money: 'bigint', instant: 'timestamptz', date: 'date', bool: 'boolean', text: 'text' }
    : { ref: 'integer', money: 'integer', instant: 'text', date: 'text', bool: 'integer', text: 'text' }
}

/** Adds the auto-incremented integer primary key `id`. */
export function withId<T extends string>(builder: CreateTableBuilder<T, never>, dialect: Dialect): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? builder.addColumn('id', 'bigserial', (column) => column.primaryKey())
    : builder.addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
}
