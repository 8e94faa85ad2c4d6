// request_logs.client_closed: the client closed its connection before the server had finished its
// answer (a CRM's timeout, a cancelled call). Such a request still ran to its end and may have changed
// data (a creation commits its document), so the log keeps it, with the status the server
// answered and this mark (http/request-logging.ts); before this column it was not logged at all.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { columnTypes } from './column-types.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('request_logs')
    .addColumn('client_closed', columnTypes(dialect).bool, (c) => c.notNull().defaultTo(false))
    .execute()
}
