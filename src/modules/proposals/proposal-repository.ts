// Kysely only. Every function takes the account id; a proposal of another account is simply
// not found, exactly like one that does not exist.
import type { Db } from '../../platform/db/connect.js'
import type { ProposalStatus } from '../../platform/db/schema.js'

export async function findProposalIdByExternalReference(db: Db, accountId: number, externalReference: string) {
  return db
    .selectFrom('proposals')
    .select(['id', 'number'])
    .where('account_id', '=', accountId)
    .where('external_reference', '=', externalReference)
    .executeTakeFirst()
}

export type ProposalKey = { by: 'id'; id: number } | { by: 'external_uuid'; externalUuid: string } | { by: 'external_reference'; externalReference: string }

/** The proposal with everything joined that the detail shows in one row. */
export async function findProposalHeader(db: Db, accountId: number, key: ProposalKey) {
  let query = db
    .selectFrom('proposals as p')
    .innerJoin('templates as t', (join) => join.onRef('t.id', '=', 'p.template_id').onRef('t.account_id', '=', 'p.account_id'))
    .innerJoin('payment_methods as pm', (join) => join.onRef('pm.id', '=', 'p.payment_method_id').onRef('pm.account_id', '=', 'p.account_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'p.customer_id').onRef('c.account_id', '=', 'p.account_id'))
    .leftJoin('users as s', (join) => join.onRef('s.id', '=', 'p.seller_id').onRef('s.account_id', '=', 'p.account_id'))
    .leftJoin('api_tokens as tok', 'tok.id', 'p.api_token_id')
    .leftJoin('users as creator', 'creator.id', 'p.created_by_user_id')
    .selectAll('p')
    .select([
      't.name as template_name',
      'pm.name as payment_method_name',
      'pm.kind as payment_method_kind',
      's.name as seller_name',
      's.email as seller_email',
      'tok.name as token_name',
      'tok.prefix as token_prefix',
      'creator.name as creator_name',
      'c.id as c_id',
      'c.code as c_code',
      'c.name as c_name',
      'c.trade_name as c_trade_name',
      'c.document as c_document',
      'c.document_type as c_document_type',
      'c.email as c_email',
      'c.phone as c_phone',
      'c.address_street as c_address_street',
      'c.address_number as c_address_number',
      'c.address_complement as c_address_complement',
      'c.address_district as c_address_district',
      'c.address_city as c_address_city',
      'c.address_state as c_address_state',
      'c.address_postal_code as c_address_postal_code',
      'c.created_at as c_created_at',
      'c.updated_at as c_updated_at',
    ])
    .where('p.account_id', '=', accountId)
  if (key.by === 'id') query = query.where('p.id', '=', key.id)
  else if (key.by === 'external_uuid') query = query.where('p.external_uuid', '=', key.externalUuid)
  else query = query.where('p.external_reference', '=', key.externalReference)
  return query.executeTakeFirst()
}

export type ProposalHeaderRow = NonNullable<Awaited<ReturnType<typeof findProposalHeader>>>

export async function findProposalChildren(db: Db, accountId: number, proposalId: number) {
  const [items, signers, events] = await Promise.all([
    db.selectFrom('proposal_items').selectAll().where('account_id', '=', accountId).where('proposal_id', '=', proposalId).orderBy('position').execute(),
    db
      .selectFrom('proposal_signers as ps')
      .innerJoin('signer_roles as r', (join) => join.onRef('r.id', '=', 'ps.role_id').onRef('r.account_id', '=', 'ps.account_id'))
      .selectAll('ps')
      .select('r.name as role_name')
      .where('ps.account_id', '=', accountId)
      .where('ps.proposal_id', '=', proposalId)
      .orderBy('ps.signing_order')
      .orderBy('ps.id')
      .execute(),
    db.selectFrom('proposal_events').selectAll().where('account_id', '=', accountId).where('proposal_id', '=', proposalId).orderBy('id').execute(),
  ])
  return { items, signers, events }
}

export type ProposalChildren = Awaited<ReturnType<typeof findProposalChildren>>

export interface CustomerProposalFilters {
  status?: ProposalStatus
  createdFrom?: string
  createdBefore?: string
}

function customerProposals(db: Db, accountId: number, customerId: number, filters: CustomerProposalFilters) {
  let query = db.selectFrom('proposals').where('account_id', '=', accountId).where('customer_id', '=', customerId)
  if (filters.status) query = query.where('status', '=', filters.status)
  if (filters.createdFrom) query = query.where('created_at', '>=', filters.createdFrom)
  if (filters.createdBefore) query = query.where('created_at', '<', filters.createdBefore)
  return query
}

export async function listCustomerProposalRows(db: Db, accountId: number, customerId: number, filters: CustomerProposalFilters, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    customerProposals(db, accountId, customerId, filters)
      .select(['id', 'number', 'external_uuid', 'external_reference', 'title', 'status', 'total_cents', 'created_at', 'updated_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    customerProposals(db, accountId, customerId, filters).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.total) }
}
