// `vendoc customers export|erase`: a data subject's requests under the LGPD, done by support for
// the account that holds the data (the controller). CUSTOMER is read like the API's
// /customers/{customer_id}: an id, the account's code, a CNPJ or a CPF.
import os from 'node:os'
import { erasePersonalData, ErasureNotPossibleError, type ErasureSummary } from '../modules/privacy/erase-personal-data.js'
import { writePersonalDataExport } from '../modules/privacy/export-personal-data.js'
import { CommandFailure, type CommandContext, requireAccount, type ParsedArgs, parseId, printJson, requiredString, UsageError } from './cli-io.js'

async function accountOf(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const accountId = parseId(requiredString(args, 'account'), '--account')
  await requireAccount(ctx, accountId)
  return accountId
}

function customerReference(args: ParsedArgs): string {
  const reference = args.positionals[0]!.trim()
  if (reference === '') throw new UsageError('CUSTOMER must not be empty')
  return reference
}

export async function exportCustomerCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = await accountOf(ctx, args)
  // The export is data for the subject: JSON with or without --json, written as it is read (a
  // failure past the first document leaves it cut short, and the command fails).
  await writePersonalDataExport(ctx.db, ctx.clock, accountId, customerReference(args), (text) => ctx.io.stdout(text))
}

function describeErasure(summary: ErasureSummary): string {
  const tables = Object.entries(summary.changed).map(([table, rows]) => `  ${table}: ${rows}\n`).join('')
  const what = `customer ${summary.customer_id}, ${summary.documents} document(s), ${summary.signers} signer(s)`
  if (summary.already_erased) return `Nothing to erase for ${what}: already anonymised.\n`
  const head = summary.dry_run ? `Would anonymise ${what}; rows that would change:\n` : `Anonymised ${what}; rows changed:\n`
  const files = `Signed documents' files kept as evidence: ${summary.kept_signed_files}; files of unsigned documents ${summary.dry_run ? 'to delete' : 'deleted'}: ${summary.deleted_files}.\n`
  return `${head}${tables}${files}${summary.dry_run ? 'Nothing was changed. Repeat with --yes to erase.\n' : ''}`
}

/**
 * The operating-system user running the command. os.userInfo() throws in containers started with
 * an arbitrary UID (no passwd entry, e.g. OpenShift): then $USER, or the bare uid.
 */
export function operatorName(): string {
  try {
    return os.userInfo().username
  } catch {
    return process.env.USER || `uid ${process.getuid?.() ?? 'unknown'}`
  }
}

export async function eraseCustomerCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = await accountOf(ctx, args)
  const confirmed = args.values.yes === true
  const erasedBy = `vendoc customers erase (${operatorName()})`
  let summary: ErasureSummary
  try {
    summary = await erasePersonalData(ctx.db, ctx.clock, accountId, customerReference(args), { erasedBy, dryRun: !confirmed })
  } catch (error) {
    if (error instanceof ErasureNotPossibleError) throw new CommandFailure(error.message, 'Make sure the server (its job runner) is running, wait a minute and repeat.')
    throw error
  }
  if (ctx.json) return printJson(ctx.io, summary)
  ctx.io.stdout(describeErasure(summary))
}
