// "Still waiting for signatures" as a SQL term with the statuses written as literals, not bound
// parameters: migration 047's partial index (`where status in ('sent', 'viewed')`) can serve a
// query only where both engines can see, when planning it, that the query asks for no other
// status. The list is OPEN_STATUSES, in its order, as the index names it.
import { sql } from 'kysely'
import { OPEN_STATUSES } from './transitions.js'

export function isOpenStatus(column: string) {
  return sql<boolean>`${sql.ref(column)} in (${sql.join(OPEN_STATUSES.map((status) => sql.lit(status)))})`
}
