// Migration 057 on both databases, over signers written before it: a signer who had opened the
// document counts one visit at their first open (viewed_at), all that was recorded; one who had
// not stays at none. The migration is undone on this file's own database and run again.
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { migrateToLatest } from '../../src/platform/migrations/index.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { sentDigitalDocument } from '../support/signing.js'

describeEachDialect('migration 057: the visits of signers who opened before it', (env) => {
  it('counts one visit at the first open of those who had opened, none for the others', async () => {
    const account = await makeAccount(env)
    const doc = await sentDigitalDocument(env, account, [{ name: 'Antes Abriu', cpf: validCpf(), order: 1 }, { name: 'Antes Não Abriu', cpf: validCpf(), order: 1 }])
    const [opened, unopened] = doc.signers as [(typeof doc.signers)[number], (typeof doc.signers)[number]]
    const viewedAt = '2026-11-20T14:05:00.000Z'
    await env.db.updateTable('proposal_signers').set({ status: 'viewed', viewed_at: viewedAt }).where('id', '=', opened.id).execute()

    await sql`drop index proposal_signers_opened_idx`.execute(env.db)
    for (const column of ['open_count', 'last_opened_at']) await sql`alter table proposal_signers drop column ${sql.ref(column)}`.execute(env.db)
    await sql`delete from kysely_migration where name = '057-signer-opens'`.execute(env.db)
    expect(await migrateToLatest(env.db, env.dialect)).toEqual(['057-signer-opens'])

    const rows = await env.db.selectFrom('proposal_signers').select(['id', 'open_count', 'last_opened_at']).where('proposal_id', '=', doc.id).orderBy('id').execute()
    expect(rows).toEqual([
      { id: opened.id, open_count: 1, last_opened_at: viewedAt },
      { id: unopened.id, open_count: 0, last_opened_at: null },
    ])
  })
})
