// The tables the generator fills in bulk, each with its columns in the order the row factories
// produce values. The kind of a column matters only on PostgreSQL, where a batch is sent as one
// typed array per column (INSERT … SELECT FROM unnest); SQLite binds the values as they are. A
// column marked `?` came with a later migration than the oldest schema the generator fills (tests
// of migrations generate data at earlier steps): it is written only where the table has it.

/** bool values are written as true/false; the SQLite sink binds them as 1/0. */
export type ColumnKind = 'int' | 'text' | 'instant' | 'date' | 'bool'

export interface BulkTable {
  readonly name: 'products' | 'customers' | 'proposals' | 'proposal_items' | 'proposal_signers' | 'proposal_events'
  readonly columns: ReadonlyArray<readonly [string, ColumnKind]>
  /** Columns written only where the table has them (marked `?`). */
  readonly optional: ReadonlySet<string>
}

function table(name: BulkTable['name'], columns: string): BulkTable {
  const optional = new Set<string>()
  return {
    name,
    columns: columns.trim().split(/\s+/).map((spec) => {
      const [column, kind = 'text'] = spec.replace(/\?$/, '').split(':')
      if (spec.endsWith('?')) optional.add(column!)
      return [column!, kind as ColumnKind] as const
    }),
    optional,
  }
}

/**
 * The table as this database has it: its optional columns it lacks left out, with the positions
 * of the kept values in a full row (null: every column is there, rows pass as they are).
 */
export function tableAsPresent(table: BulkTable, existing: ReadonlySet<string>): { table: BulkTable; keep: number[] | null } {
  const keep = table.columns.flatMap(([name], index) => (table.optional.has(name) && !existing.has(name) ? [] : [index]))
  if (keep.length === table.columns.length) return { table, keep: null }
  return { table: { ...table, columns: keep.map((index) => table.columns[index]!) }, keep }
}

export const PRODUCTS = table('products', `
  id:int account_id:int code name kind unit price_cents:int description active:bool created_at:instant updated_at:instant
  name_key code_key`)

export const CUSTOMERS = table('customers', `
  id:int account_id:int code name trade_name document document_type email phone address_street address_number
  address_complement address_district address_city address_state address_postal_code created_at:instant updated_at:instant
  name_key trade_name_key code_key`)

export const PROPOSALS = table('proposals', `
  id:int account_id:int number:int external_uuid external_reference title status customer_id:int seller_id:int
  template_id:int signature_type payment_method_id:int installments:int subtotal_cents:int discount_cents:int total_cents:int
  fields_json notes valid_until:date created_via api_token_id:int created_by_user_id:int created_at:instant updated_at:instant
  sent_at:instant viewed_at:instant signed_at:instant rejected_at:instant cancelled_at:instant cancel_reason expired_at:instant
  original_sha256 signed_sha256 expiry_warned_at:instant?`)

export const PROPOSAL_ITEMS = table('proposal_items', `
  id:int account_id:int proposal_id:int position:int product_id:int code name description unit quantity_milli:int
  unit_price_cents:int discount_cents:int total_cents:int`)

export const PROPOSAL_SIGNERS = table('proposal_signers', `
  id:int account_id:int proposal_id:int name email cpf phone role_id:int signing_order:int status signed_at:instant
  created_at:instant sign_token sent_at:instant viewed_at:instant rejected_at:instant reject_reason signed_name signed_cpf
  signature_kind signature_data signed_ip signed_user_agent consent_text signed_document_sha256 open_count:int? last_opened_at:instant?`)

export const PROPOSAL_EVENTS = table('proposal_events', `
  id:int account_id:int proposal_id:int type actor_type actor_id:int actor_name data_json created_at:instant`)

/** Parents before children: the order in which a batch is written, so foreign keys always hold. */
export const BULK_TABLES: ReadonlyArray<BulkTable> = [PRODUCTS, CUSTOMERS, PROPOSALS, PROPOSAL_ITEMS, PROPOSAL_SIGNERS, PROPOSAL_EVENTS]
