// A data subject's requests under the LGPD, through the `vendoc customers export|erase` commands
// (runCli, the code bin/vendoc.js runs): the export holds the subject's data and nobody else's; the
// erasure leaves no copy of the customer's or its signers' identifiers in any text column of any
// table, keeps the signed PDF byte for byte with its recorded hash, keeps the API working, and a
// second erasure changes nothing.
import { createHash } from 'node:crypto'
import { type SelectQueryNode, sql, TableNode } from 'kysely'
import { expect, it } from 'vitest'
import { runCli } from '../../src/cli/run-cli.js'
import { maskCpf } from '../../src/modules/integrations/request-log/mask-sensitive.js'
import { openSigningLink, signAsSigner } from '../../src/modules/lifecycle/signing.js'
import { erasePersonalData } from '../../src/modules/privacy/erase-personal-data.js'
import type { Db } from '../../src/platform/db/connect.js'
import { formatDocument } from '../../src/platform/pt-br-format.js'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount, makeCustomer, makeProposal, proposalBody, type TestAccount, uniqueSuffix } from '../support/factories.js'
import type { TestApp } from '../support/test-app.js'

const CLIENT = { ip: '203.0.113.77', userAgent: 'Mozilla/5.0 (LGPD test; Titular)' }

async function vendoc(env: TestApp, ...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { io: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, env: { DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'silent' }, clock: env.clock })
  return { code, stdout, stderr }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

interface Person {
  name: string
  email: string
  cpf: string
}

function person(label: string): Person {
  const suffix = uniqueSuffix()
  return { name: `${label} Quaresma ${suffix}`, email: `${label.toLowerCase()}.${suffix}@titular.test`, cpf: validCpf() }
}

/** A digital document for `customer` with these signers, sent, and (when `sign`) signed by all and finalized. */
async function documentFor(env: TestApp, account: TestAccount, customer: { id: number }, signers: Person[], sign: boolean, beforeJobs?: () => Promise<void>) {
  const created = await makeProposal(env, account, customer, {
    signature_type: 'digital',
    notes: `Contato: ${signers[0]!.name}`,
    signers: signers.map((signer, index) => ({ ...signer, role_id: account.roles.party.id, signing_order: index + 1 })),
  })
  const sent = await env.app.inject({ method: 'POST', url: `/api/v1/proposals/${created.id}/send`, headers: account.auth, payload: {} })
  expect(sent.statusCode, sent.body).toBe(200)
  if (sign) {
    for (const signer of signers) {
      const row = await env.db.selectFrom('proposal_signers').select('sign_token').where('proposal_id', '=', created.id).where('email', '=', signer.email).executeTakeFirstOrThrow()
      expect((await openSigningLink(env.db, env.clock, row.sign_token!, CLIENT, { baseUrl: 'http://vendoc.test' })).outcome).toBe('ok')
      const signed = await signAsSigner(env.db, env.clock, row.sign_token!, { name: signer.name, cpf: signer.cpf, consent: true, signatureKind: 'typed', signatureData: signer.name }, CLIENT, { baseUrl: 'http://vendoc.test' })
      expect(signed.outcome).toBe('signed')
    }
  }
  await beforeJobs?.()
  // Invitations, completion e-mails (signed PDF attached) and the finalize job.
  await env.app.jobs.runDueJobs()
  return created
}

/** Every row of every table (storage shapes), read generically from the catalogue of the database. */
async function everyRow(db: Db, dialect: TestApp['dialect']): Promise<Array<{ table: string; row: Record<string, unknown> }>> {
  const tables = dialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows.map((row) => row.name)
    : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db)).rows.map((row) => row.name)
  const rows: Array<{ table: string; row: Record<string, unknown> }> = []
  for (const table of tables.sort()) {
    for (const row of (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows) rows.push({ table, row })
  }
  return rows
}

/** Text cells (every string value of every column) containing any needle, ignoring case. */
async function textHits(db: Db, dialect: TestApp['dialect'], needles: string[]) {
  const lowered = needles.map((needle) => needle.toLowerCase())
  const hits: Array<{ table: string; column: string; needle: string; account_id: unknown }> = []
  let cells = 0
  for (const { table, row } of await everyRow(db, dialect)) {
    for (const [column, value] of Object.entries(row)) {
      if (typeof value !== 'string') continue
      cells += 1
      const text = value.toLowerCase()
      lowered.forEach((needle, index) => {
        if (text.includes(needle)) hits.push({ table, column, needle: needles[index]!, account_id: row.account_id })
      })
    }
  }
  return { hits, cells }
}

/** A comparable picture of the whole database (blobs as their hash), for "changes nothing". */
async function snapshot(db: Db, dialect: TestApp['dialect']): Promise<string[]> {
  return (await everyRow(db, dialect)).map(({ table, row }) => `${table} ${JSON.stringify(row, (_key, value) => (value instanceof Uint8Array ? sha256(value) : value))}`).sort()
}

describeEachDialect('LGPD: vendoc customers export and erase', (env) => {
  it('exports the subject\'s data only, erases it everywhere while the signed PDF keeps its hash, and is idempotent', async () => {
    const account = await makeAccount(env)
    const other = await makeAccount(env)
    // A trade name that a neighbour's name also contains: the erasure must not rewrite the neighbour's copies.
    const subject = await makeCustomer(env, account, { email: `compras.${uniqueSuffix()}@titular.test`, phone: '+55 11 98765-4321', trade_name: 'Padaria Central' })
    const signers = [person('Heloisa'), person('Joaquim')]
    const pendingSigner = person('Otacilio')
    const signedDoc = await documentFor(env, account, subject, signers, true, async () => {
      // Signed, but the evidence page is not built yet: erasing now would freeze placeholders into it.
      const early = await vendoc(env, 'customers', 'erase', '--account', String(account.id), String(subject.id), '--yes')
      expect(early.code).toBe(1)
      expect(early.stderr).toMatch(/signed PDF is not built yet; nothing was changed/)
    })
    const pendingDoc = await documentFor(env, account, subject, [pendingSigner], false)
    // A draft created with an Idempotency-Key: its stored response repeats the customer's data.
    const idempotent = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'idempotency-key': `lgpd-${uniqueSuffix()}` }, payload: proposalBody(account, subject) })
    expect(idempotent.statusCode, idempotent.body).toBe(201)
    const draftId = idempotent.json<{ id: number }>().id
    // Nobody else's data may be touched or exported: another customer of the account, and a customer
    // of another account with the very same CNPJ.
    const neighbour = await makeCustomer(env, account, { name: `Padaria Central Filial ${uniqueSuffix()} Ltda` })
    const neighbourSigner = person('Vizinha')
    await documentFor(env, account, neighbour, [neighbourSigner], false)
    const neighbourIdempotent = await env.app.inject({ method: 'POST', url: '/api/v1/proposals', headers: { ...account.auth, 'idempotency-key': `lgpd-n-${uniqueSuffix()}` }, payload: proposalBody(account, neighbour) })
    expect(neighbourIdempotent.statusCode, neighbourIdempotent.body).toBe(201)
    // Request log entries an export must not list (LIKE alone would: "CLI-1" is in "CLI-10",
    // "/proposals/12" in "/proposals/123"), and one naming a signer in capitals (PostgreSQL's LIKE is case-sensitive).
    const logRow = { account_id: account.id, method: 'POST', status: 200, duration_ms: 1, created_at: env.clock.now().toISOString() }
    await env.db.insertInto('request_logs').values([
      { ...logRow, request_id: `lgpd-longer-path-${uniqueSuffix()}`, path: `/api/v1/proposals/${signedDoc.id}7/send` },
      { ...logRow, request_id: `lgpd-longer-code-${uniqueSuffix()}`, path: '/api/v1/proposals', request_body: JSON.stringify({ customer: `${subject.code}0` }) },
      { ...logRow, request_id: `lgpd-capitals-${uniqueSuffix()}`, path: `/api/v1/proposals/${signedDoc.id}/notes`, request_body: JSON.stringify({ note: `Falar com ${signers[0]!.name.toUpperCase()}` }) },
    ]).execute()
    const foreign = await makeCustomer(env, other, { document: subject.document, name: `Homônimo ${uniqueSuffix()} Ltda` })
    // A request log entry naming the subject by its CNPJ.
    const lookup = await env.app.inject({ method: 'GET', url: `/api/v1/customers/${subject.document}/proposals`, headers: account.auth })
    expect(lookup.statusCode).toBe(200)
    await env.app.requestLog.flush()

    const signedBefore = await env.db.selectFrom('proposals').select(['signed_sha256', 'original_sha256', 'status']).where('id', '=', signedDoc.id).executeTakeFirstOrThrow()
    expect(signedBefore.status).toBe('signed')
    expect(signedBefore.signed_sha256).toMatch(/^[0-9a-f]{64}$/)

    // Export: everything about the subject, nothing about anyone else.
    const exported = await vendoc(env, 'customers', 'export', '--account', String(account.id), subject.document!)
    expect(exported.code, exported.stderr).toBe(0)
    const data = JSON.parse(exported.stdout)
    // Written piece by piece, exactly as the whole document would print.
    expect(exported.stdout).toBe(`${JSON.stringify(data, null, 2)}\n`)
    expect(data.customer).toMatchObject({ id: subject.id, name: subject.name, document: subject.document, email: subject.email })
    expect(data.documents.map((doc: { id: number }) => doc.id)).toEqual([signedDoc.id, pendingDoc.id, draftId])
    const exportedSigned = data.documents[0]
    expect(exportedSigned.items.length).toBeGreaterThan(0)
    expect(exportedSigned.signed_sha256).toBe(signedBefore.signed_sha256)
    expect(exportedSigned.signers.map((signer: { name: string; email: string; cpf: string }) => [signer.name, signer.email, signer.cpf])).toEqual(signers.map((signer) => [signer.name, signer.email, signer.cpf]))
    expect(exportedSigned.signers[0].evidence).toMatchObject({ ip: CLIENT.ip, user_agent: CLIENT.userAgent, signed_name: signers[0]!.name, authentication: 'link' })
    // Their visits to the signing page are theirs too (lifecycle/signer-opens.ts): each opened it once before signing.
    expect(exportedSigned.signers.map((signer: { open_count: number; last_opened_at: string | null; viewed_at: string | null }) => [signer.open_count, signer.viewed_at !== null && signer.last_opened_at! >= signer.viewed_at])).toEqual([[1, true], [1, true]])
    // How a signature was confirmed exists only once there is one (lifecycle/signed-authentication.ts).
    expect(data.documents[1].signers.map((signer: { evidence: { authentication: unknown } }) => signer.evidence.authentication)).toEqual([null])
    expect(exportedSigned.files.map((file: { kind: string }) => file.kind).sort()).toEqual(['html', 'original', 'signed'])
    const subjectAddresses = [...signers, pendingSigner].map((signer) => signer.email)
    expect(data.emails.filter((email: { to_address: string | null }) => email.to_address !== null).every((email: { to_address: string }) => subjectAddresses.includes(email.to_address))).toBe(true)
    expect(data.emails.filter((email: { kind: string }) => email.kind === 'invitation').length).toBe(3)
    expect(data.request_log.some((entry: { path: string }) => entry.path.includes(subject.document!))).toBe(true)
    const exportedRequests = data.request_log.map((entry: { request_id: string }) => entry.request_id)
    expect(exportedRequests.filter((id: string) => id.startsWith('lgpd-longer-'))).toEqual([])
    expect(exportedRequests.filter((id: string) => id.startsWith('lgpd-capitals-'))).toHaveLength(1)
    for (const stranger of [neighbour.name, neighbour.document!, neighbourSigner.name, neighbourSigner.email, foreign.name, account.seller.email, other.account.name]) {
      expect(exported.stdout, stranger).not.toContain(stranger)
    }

    // Another account's customer reads exactly like a missing one.
    const foreignTry = await vendoc(env, 'customers', 'export', '--account', String(other.id), String(subject.id))
    const missingTry = await vendoc(env, 'customers', 'export', '--account', String(other.id), '99999999')
    expect(foreignTry.code).toBe(1)
    expect(foreignTry.stderr.replace(String(subject.id), 'X')).toBe(missingTry.stderr.replace('99999999', 'X'))
    const foreignErase = await vendoc(env, 'customers', 'erase', '--account', String(other.id), String(subject.id), '--yes')
    expect(foreignErase.code).toBe(1)
    expect(foreignErase.stderr.replace(String(subject.id), 'X')).toBe(missingTry.stderr.replace('99999999', 'X'))

    // Without --yes: what would change, and nothing changed.
    await env.app.requestLog.flush()
    // The neighbour's copies that share the subject's trade name, byte for byte, to compare after the erasure.
    const neighbourCopies = async () => (await everyRow(env.db, env.dialect))
      .filter(({ table, row }) => ['request_logs', 'jobs', 'idempotency_keys', 'outbox_emails', 'proposals', 'customers'].includes(table) && JSON.stringify(row).includes(neighbour.name))
      .map(({ table, row }) => `${table} ${JSON.stringify(row)}`).sort()
    const neighbourBefore = await neighbourCopies()
    expect(neighbourBefore.filter((row) => /^(request_logs|idempotency_keys) /.test(row)).length).toBeGreaterThanOrEqual(2)
    const untouched = await snapshot(env.db, env.dialect)
    const dryRun = await vendoc(env, 'customers', 'erase', '--account', String(account.id), subject.code!, '--json')
    expect(dryRun.code, dryRun.stderr).toBe(0)
    expect(JSON.parse(dryRun.stdout)).toMatchObject({ dry_run: true, already_erased: false, customer_id: subject.id })
    expect(await snapshot(env.db, env.dialect)).toEqual(untouched)

    const erased = await vendoc(env, 'customers', 'erase', '--account', String(account.id), subject.code!, '--yes', '--json')
    expect(erased.code, erased.stderr).toBe(0)
    const summary = JSON.parse(erased.stdout)
    expect(summary).toMatchObject({ customer_id: subject.id, documents: 3, signers: 3, already_erased: false, dry_run: false, kept_signed_files: 3, deleted_files: 2 })

    // The neighbour's rows naming "Padaria Central" are untouched.
    expect(await neighbourCopies()).toEqual(neighbourBefore)
    // No text column of any table holds the subject's identifiers, except the other account's own
    // customer row (the trade name, shared with the neighbour's name, is checked on the subject's row).
    expect(await env.db.selectFrom('customers').select('trade_name').where('id', '=', subject.id).executeTakeFirstOrThrow()).toEqual({ trade_name: null })
    const needles = [
      subject.name, subject.document!, formatDocument(subject.document), subject.email!, '98765-4321',
      ...[...signers, pendingSigner].flatMap((signer) => [signer.name, signer.email, signer.cpf, formatDocument(signer.cpf), maskCpf(signer.cpf), maskCpf(formatDocument(signer.cpf))]),
      CLIENT.ip, CLIENT.userAgent,
    ]
    const { hits, cells } = await textHits(env.db, env.dialect, needles)
    console.info(`[lgpd ${env.dialect}] ${JSON.stringify({ textCellsSearched: cells, needles: needles.length, changed: summary.changed })}`)
    expect(summary.changed.idempotency_keys).toBe(1)
    expect(hits.filter((hit) => hit.account_id !== other.id)).toEqual([])
    expect(hits.every((hit) => hit.table === 'customers' && hit.needle === subject.document)).toBe(true)
    expect(await env.db.selectFrom('customers').select(['name', 'document']).where('id', '=', foreign.id).executeTakeFirstOrThrow()).toEqual({ name: foreign.name, document: subject.document })
    // The neighbour keeps everything.
    expect((await textHits(env.db, env.dialect, [neighbour.name, neighbourSigner.name, neighbourSigner.email])).hits.length).toBeGreaterThanOrEqual(3)

    // The signed PDF is kept byte for byte: its stored hash and the document's signed_sha256 still match its bytes.
    const signedAfter = await env.db.selectFrom('proposals').select(['signed_sha256', 'original_sha256']).where('id', '=', signedDoc.id).executeTakeFirstOrThrow()
    expect(signedAfter).toEqual({ signed_sha256: signedBefore.signed_sha256, original_sha256: signedBefore.original_sha256 })
    const files = await env.db.selectFrom('proposal_files').select(['kind', 'bytes', 'sha256']).where('proposal_id', '=', signedDoc.id).execute()
    const signedFile = files.find((file) => file.kind === 'signed')!
    expect(sha256(signedFile.bytes)).toBe(signedBefore.signed_sha256)
    for (const file of files) expect(sha256(file.bytes), file.kind).toBe(file.sha256)
    expect(sha256(files.find((file) => file.kind === 'original')!.bytes)).toBe(signedBefore.original_sha256)
    // …and the API's download verifies: the bytes served hash to the header and to the recorded hash.
    const pdf = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${signedDoc.id}/pdf`, headers: account.auth })
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['x-document-sha256']).toBe(signedBefore.signed_sha256)
    expect(sha256(pdf.rawPayload)).toBe(signedBefore.signed_sha256)
    // The unsigned document lost its frozen files and still downloads (rendered from anonymised data).
    expect(await env.db.selectFrom('proposal_files').select('id').where('proposal_id', '=', pendingDoc.id).execute()).toEqual([])
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${pendingDoc.id}/pdf`, headers: account.auth })).statusCode).toBe(200)

    // The API still answers, with anonymised fields.
    const detail = await env.app.inject({ method: 'GET', url: `/api/v1/proposals/${signedDoc.id}`, headers: account.auth })
    expect(detail.statusCode, detail.body).toBe(200)
    const body = detail.json()
    expect(body.customer).toMatchObject({ id: subject.id, name: `Titular anonimizado #${subject.id}`, document: null })
    expect(body.signers.map((signer: { name: string }) => signer.name)).toEqual(body.signers.map((signer: { id: number }) => `Signatário anonimizado #${signer.id}`))
    expect(body.status).toBe('signed')
    expect(body.signed_sha256 ?? signedBefore.signed_sha256).toBe(signedBefore.signed_sha256)

    // The history records who and when, without personal data, and is append-only again.
    const events = await env.db.selectFrom('proposal_events').select(['proposal_id', 'actor_name', 'data_json']).where('type', '=', 'personal_data_erased').orderBy('proposal_id').execute()
    expect(events.map((event) => event.proposal_id)).toEqual([signedDoc.id, pendingDoc.id, draftId])
    expect(events[0]!.actor_name).toMatch(/^vendoc customers erase/)
    expect(JSON.parse(events[0]!.data_json)).toEqual({ customer_id: subject.id, signers: 2 })
    await expect(env.db.updateTable('proposal_events').set({ actor_name: 'x' }).where('proposal_id', '=', signedDoc.id).execute()).rejects.toThrow(/append-only/)

    // Erasing again (by id now: the code stayed) changes nothing, not even the history.
    await env.app.requestLog.flush()
    const before = await snapshot(env.db, env.dialect)
    const again = await vendoc(env, 'customers', 'erase', '--account', String(account.id), String(subject.id), '--yes', '--json')
    expect(again.code, again.stderr).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ already_erased: true, changed: {} })
    expect(await snapshot(env.db, env.dialect)).toEqual(before)
  }, 60_000)

  it('erases a customer without documents, and refuses bad arguments', async () => {
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account, { document: validCpf(), document_type: 'cpf', name: `Pessoa Física ${uniqueSuffix()}` })
    // Its export: the customer and empty lists, in the same layout.
    const exported = await vendoc(env, 'customers', 'export', '--account', String(account.id), String(customer.id))
    const data = JSON.parse(exported.stdout) as { customer: { id: number }; documents: unknown[]; emails: unknown[] }
    expect(exported.stdout).toBe(`${JSON.stringify(data, null, 2)}\n`)
    expect(data).toMatchObject({ customer: { id: customer.id }, documents: [], emails: [] })
    const erased = await vendoc(env, 'customers', 'erase', '--account', String(account.id), formatDocument(customer.document), '--yes')
    expect(erased.code, erased.stderr).toBe(0)
    expect(erased.stdout).toMatch(/Anonymised customer/)
    const row = await env.db.selectFrom('customers').selectAll().where('id', '=', customer.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ name: `Titular anonimizado #${customer.id}`, document: null, email: null, phone: null, address_city: null })
    const recorded = await env.db.selectFrom('domain_events').select('payload_json').where('account_id', '=', account.id).where('type', '=', 'customer.personal_data_erased').execute()
    expect(recorded).toHaveLength(1)
    expect(recorded[0]!.payload_json).not.toContain(customer.name)
    expect((await vendoc(env, 'customers', 'erase', '--account', String(account.id), String(customer.id), '--yes')).stdout).toMatch(/already anonymised/)

    expect((await vendoc(env, 'customers', 'erase', String(customer.id))).code).toBe(2)
    expect((await vendoc(env, 'customers', 'export', '--account', 'abc', String(customer.id))).code).toBe(2)
    expect((await vendoc(env, 'customers', 'export', '--account', '99999999', String(customer.id))).stderr).toMatch(/Account 99999999 does not exist/)
  }, 60_000)

  it('reads of each signer only what it erases or searches for, not the dates, statuses and hashes', async () => {
    // Building every column of a signer row was most of the read's time (~0.7 s against ~0.25 s
    // for 40,000 signers), and the erasure reads the signers twice, once holding SQLite's write lock.
    const account = await makeAccount(env)
    const customer = await makeCustomer(env, account)
    const signer = person('Leitura')
    await documentFor(env, account, customer, [signer], true)
    const selections: string[][] = []
    const recorded = env.db.withPlugin({
      transformQuery: (args) => {
        const node = args.node as SelectQueryNode
        const from = node.kind === 'SelectQueryNode' ? node.from?.froms[0] : undefined
        if (from !== undefined && TableNode.is(from) && from.table.identifier.name === 'proposal_signers') {
          selections.push((node.selections ?? []).map((selection) => {
            const column = selection.selection
            return column.kind === 'ReferenceNode' && column.column.kind === 'ColumnNode' ? column.column.column.name : column.kind
          }))
        }
        return args.node
      },
      transformResult: async (args) => args.result,
    })
    const summary = await erasePersonalData(recorded, env.clock, account.id, String(customer.id), { erasedBy: 'test' })
    expect(summary).toMatchObject({ signers: 1, already_erased: false })
    // Once before the transaction (the search terms), once inside it.
    expect(selections).toHaveLength(2)
    for (const columns of selections) {
      expect(columns.sort()).toEqual([
        'consent_text', 'cpf', 'email', 'id', 'name', 'phone', 'proposal_id', 'reject_reason', 'sign_token',
        'signature_data', 'signature_kind', 'signed_cpf', 'signed_ip', 'signed_name', 'signed_user_agent',
      ])
    }
    const row = await env.db.selectFrom('proposal_signers').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'signed', cpf: null, signed_cpf: null, signed_ip: null, signed_user_agent: null, sign_token: null })
    expect(row.signed_at).not.toBeNull()
    expect(row.signed_document_sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(row)).not.toContain(signer.name)
  }, 60_000)
})
