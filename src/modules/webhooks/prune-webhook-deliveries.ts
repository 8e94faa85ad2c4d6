// Retention of the delivery log (WEBHOOK_DELIVERY_RETENTION_DAYS, default 90): a settled delivery
// (succeeded or failed) is deleted once both its event and its last change are older than the
// retention. Each delivery keeps the body it sent, one per event and endpoint, so a busy endpoint
// gathered hundreds of thousands for ever, every one counted by its list's total. A pending
// delivery is kept whatever its age (its job still needs it), and a redelivery's change restarts
// the clock, so a delivery sent again stays visible for the whole retention after that.
//
// The deletes walk each endpoint's range of webhook_deliveries_endpoint_listing_idx
// (account_id, endpoint_id, created_at, id, state; migration 016) up to the cut-off: no index of
// its own to write on every delivery, and no scan of the table.
import type { Clock } from '../../platform/clock.js'
import type { Db, Dialect } from '../../platform/db/connect.js'
import { PRUNE_BATCH_SIZE, deleteInBatches, retentionCutoff } from '../../platform/retention.js'


export interface DeliveryPruneOptions {
  retentionDays: number
  batchSize?: number
}

/** Deletes every account's settled deliveries past the retention; returns how many. */
export async function pruneWebhookDeliveries(db: Db, dialect: Dialect, clock: Clock, { retentionDays, batchSize = PRUNE_BATCH_SIZE }: DeliveryPruneOptions): Promise<number> {
  const cutoff = retentionCutoff(clock.now(), retentionDays)
  const endpoints = await db.selectFrom('webhook_endpoints').select(['id', 'account_id']).orderBy('id').execute()
  let total = 0
  for (const endpoint of endpoints) {
    total += await deleteInBatches(batchSize, async (limit) => {
      const result = await db.deleteFrom('webhook_deliveries').where('id', 'in', expiredDeliveries(db, dialect, endpoint.account_id, endpoint.id, cutoff, limit)).executeTakeFirst()
      return Number(result.numDeletedRows)
    })
  }
  return total
}

/** At most `limit` ids of the endpoint's settled deliveries past the cut-off (exported for its plan test). */
export function expiredDeliveries(db: Db, dialect: Dialect, accountId: number, endpointId: number, cutoff: string, limit: number) {
  const query = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('account_id', '=', accountId)
    .where('endpoint_id', '=', endpointId)
    .where('created_at', '<', cutoff)
    .where('state', 'in', ['succeeded', 'failed'])
    .where('updated_at', '<', cutoff)
    .limit(limit)
  // Processes pruning at the same moment split the work instead of waiting on each other's rows,
  // and a delivery being redelivered (its row locked by the update) is left for the next run.
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query
}
