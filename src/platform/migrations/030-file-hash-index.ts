// proposal_files (sha256): the public verification page ("Verificar documento", /verify) finds the
// document a PDF belongs to by the file's SHA-256, in whichever account issued it. Without the
// index that lookup would read every stored file's row. Re-runnable: `if not exists` lets an
// interrupted run complete.
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/connect.js'
import { analyseIfAnalysedBefore } from './index-statistics.js'

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.createIndex('proposal_files_sha256_idx').ifNotExists().on('proposal_files').column('sha256').execute()
  await analyseIfAnalysedBefore(db, dialect, 'proposal_files')
}
