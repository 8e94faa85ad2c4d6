// A process that creates documents the way POST /api/v1/proposals does — claim the Idempotency-Key,
// create the document in one transaction (number, quota, customer, rows, history, key binding),
// read it back and store the response on the key — with the server's own modules and database
// settings, but without Fastify: its start costs a fraction of a server's (the app's schema
// compilation dominates that), so it can be killed hundreds of times in a CI run.
// Protocol on stdout: "warm", then after "go" on stdin "ready", then after "write" for each request
// "sent <json of the planned request>" before it starts and "ack <tag> <id> <number>" once the
// response is complete (the moment the server would send its 201).
// Environment: DATABASE_URL, CRASH_ACCOUNT (JSON CrashAccount), CRASH_SEED, CRASH_RUN.
import { loadConfig } from '../../../src/config.js'
import { bindIdempotencyResource, claimIdempotencyKey, completeIdempotencyKey } from '../../../src/modules/integrations/idempotency.js'
import { createProposal } from '../../../src/modules/proposals/create-proposal.js'
import { getProposalDetail } from '../../../src/modules/proposals/get-proposal.js'
import { systemClock } from '../../../src/platform/clock.js'
import { connectDatabase } from '../../../src/platform/db/connect.js'
import { migrateToLatest } from '../../../src/platform/migrations/index.js'
import { waitForCommand } from './stdin-commands.js'
import { seededRandom } from '../../../src/platform/seeded-random.js'
import type { CrashAccount } from './crash-account.js'
import { CreationPlanner, type PlannedCreation } from './creation-plan.js'

/** Creations in flight at once, like concurrent requests to one server. */
const CONCURRENCY = 3
const PATH = '/api/v1/proposals'

process.stdout.write('warm\n')
await waitForCommand('go')

const account = JSON.parse(process.env.CRASH_ACCOUNT!) as CrashAccount
const planner = new CreationPlanner(seededRandom(Number(process.env.CRASH_SEED)), account, process.env.CRASH_RUN!)
const config = loadConfig()
// The server's read thread, and with it its group commit (src/platform/db/sqlite-group-commit.ts),
// so the kills land on transactions committed the way the server commits them.
const database = connectDatabase(config.database, { sqliteReadThread: config.sqliteReadThread })
await migrateToLatest(database.db, database.dialect)
const db = database.db
const clock = systemClock
process.stdout.write('ready\n')
// The parent checks the recovered database first, then lets the writing start.
await waitForCommand('write')

async function create(planned: PlannedCreation): Promise<{ id: number; number: number }> {
  const claim = planned.key === null ? null : await claimIdempotencyKey(db, clock, { accountId: account.accountId, key: planned.key, method: 'POST', path: PATH, body: planned.body })
  if (claim !== null && claim.kind !== 'claimed') throw new Error(`fresh key ${planned.key} answered ${claim.kind}`)
  const created = await createProposal(
    db,
    {
      accountId: account.accountId,
      timeZone: account.timeZone,
      clock,
      via: 'api',
      actor: { type: 'api_token', id: account.tokenId, name: account.tokenName },
      countsAgainstQuota: true,
      onCreated: claim === null ? undefined : (trx, { id }) => bindIdempotencyResource(trx, claim.claimId, id),
    },
    planned.body,
  )
  const detail = await getProposalDetail(db, account.accountId, { by: 'id', id: created.id }, config.publicUrl)
  if (claim !== null) await completeIdempotencyKey(db, claim.claimId, { status: 201, headers: { 'content-type': 'application/json; charset=utf-8', location: detail!.links.self }, body: JSON.stringify(detail) })
  return created
}

await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (;;) {
      const planned = planner.next()
      process.stdout.write(`sent ${JSON.stringify(planned)}\n`)
      try {
        const created = await create(planned)
        process.stdout.write(`ack ${planned.tag} ${created.id} ${created.number}\n`)
      } catch (error) {
        process.stdout.write(`failed ${planned.tag} ${error instanceof Error ? error.message : String(error)}\n`)
        process.exit(1)
      }
    }
  }),
)
