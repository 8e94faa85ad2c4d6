// `vendoc requests …`: an account's API request log, for support. An integrator reports a
// request id (every response's `X-Request-Id`, every error body's `request_id`); support finds the
// call and reads what was sent and answered without going to SQL. The same entries, masked the
// same way, as the account's admins see under Configurações → Integrações; the log only holds
// what it was configured to keep (docs/DECISIONS.md, "Request log").
import { getRequestLog } from '../modules/integrations/request-log/get-request-log.js'
import { listRequestLogs } from '../modules/integrations/request-log/list-request-logs.js'
import { ERROR_CODE_MAX, ERROR_CODE_PATTERN, HTTP_STATUS_MAX, HTTP_STATUS_MIN, REQUEST_ID_MAX, REQUEST_ID_PATTERN, type RequestLogFilters } from '../modules/integrations/request-log/request-log-entry.js'
import type { RequestLogDetail } from '../modules/integrations/request-log/request-log-mapper.js'
import { AppError } from '../platform/errors.js'
import { CommandFailure, type CommandContext, formatTable, type ParsedArgs, parseId, printJson, requireAccount, stringOption, UsageError } from './cli-io.js'

const DEFAULT_LIMIT = 20
const MAX_LIMIT = 200

/** An option that must match `pattern` (and stay short), or undefined when not given. */
function patternOption(args: ParsedArgs, name: string, pattern: string, maxLength: number, example: string): string | undefined {
  const value = stringOption(args, name)?.trim()
  if (value === undefined) return undefined
  if (value.length > maxLength || !new RegExp(pattern).test(value)) throw new UsageError(`--${name} must look like "${example}", got "${value}"`)
  return value
}

function integerOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = stringOption(args, name)?.trim()
  if (raw === undefined) return undefined
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  return Number(raw)
}

function filtersOf(args: ParsedArgs): RequestLogFilters {
  const filters: RequestLogFilters = {}
  const requestId = patternOption(args, 'request-id', REQUEST_ID_PATTERN, REQUEST_ID_MAX, 'req_4k9Tq2Zc8YwB')
  const errorCode = patternOption(args, 'error-code', ERROR_CODE_PATTERN, ERROR_CODE_MAX, 'validation_failed')
  const status = integerOption(args, 'status', HTTP_STATUS_MIN, HTTP_STATUS_MAX)
  const path = stringOption(args, 'path')?.trim()
  if (path !== undefined && (!path.startsWith('/') || path.length > 2000)) throw new UsageError(`--path must start with "/", got "${path}"`)
  if (requestId !== undefined) filters.requestId = requestId
  if (errorCode !== undefined) filters.errorCode = errorCode
  if (status !== undefined) filters.status = status
  if (path !== undefined) filters.pathPrefix = path
  return filters
}

export async function listRequestsCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = parseId(stringOption(args, 'account'), '--account')
  const filters = filtersOf(args)
  const limit = integerOption(args, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT
  const account = await requireAccount(ctx, accountId)
  const { data, meta } = await listRequestLogs(ctx.db, accountId, filters, { page: 1, perPage: limit })
  if (ctx.json) return printJson(ctx.io, { data, total: meta.total })
  if (data.length === 0) return ctx.io.stdout(`No logged API request of account ${accountId} "${account.name}" matches.\n`)
  ctx.io.stdout(printable(formatTable(
    ['ID', 'TIME (UTC)', 'REQUEST ID', 'METHOD', 'PATH', 'STATUS', 'ERROR', 'MS', 'TOKEN'],
    data.map((entry) => [
      String(entry.id), entry.created_at, entry.request_id, entry.method, entry.path, String(entry.status), entry.error_code ?? '', String(entry.duration_ms),
      entry.token_prefix === null ? '' : `${entry.token_prefix}…`,
    ]),
  )))
  if (meta.total > data.length) ctx.io.stdout(`${data.length} of ${meta.total}, newest first; narrow with --request-id, --error-code, --status or --path, or raise --limit (at most ${MAX_LIMIT}).\n`)
}

/**
 * What an integrator sent, made safe for support's terminal: control characters (escape sequences
 * could repaint the screen, retitle the window or write the clipboard) shown as \u001b and so on.
 */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function detailText(entry: RequestLogDetail): string {
  const lines = [
    `Entry ${entry.id}  ${entry.request_id}`,
    `${entry.method} ${entry.path}${entry.query ? `?${entry.query}` : ''}`,
    `Status ${entry.status}${entry.error_code ? ` (${entry.error_code})` : ''} in ${entry.duration_ms} ms, at ${entry.created_at}${entry.client_closed ? '; the client closed the connection first' : ''}`,
    `Token ${entry.token_prefix === null ? 'none' : `${entry.token_prefix}… (id ${entry.token_id})`} · IP ${entry.ip ?? 'unknown'} · ${entry.user_agent ?? 'no user agent'}`,
  ]
  if (entry.idempotency_key) lines.push(`Idempotency-Key ${entry.idempotency_key}`)
  lines.push('', 'Request headers:', ...Object.entries(entry.request_headers).map(([name, value]) => `  ${name}: ${value}`))
  lines.push('', 'Request body:', entry.request_body ?? '  (none kept)', '', 'Response body:', entry.response_body ?? '  (none kept)')
  return `${printable(lines.join('\n'))}\n`
}

export async function showRequestCommand(ctx: CommandContext, args: ParsedArgs): Promise<void> {
  const accountId = parseId(stringOption(args, 'account'), '--account')
  const entryId = parseId(args.positionals[0], 'ENTRY_ID')
  await requireAccount(ctx, accountId)
  const entry = await getRequestLog(ctx.db, accountId, String(entryId)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'request_log_not_found') {
      throw new CommandFailure(`Account ${accountId} has no request log entry ${entryId}`, `Run \`vendoc requests list --account ${accountId}\` to find it (by --request-id, --error-code or --status).`)
    }
    throw error
  })
  if (ctx.json) return printJson(ctx.io, entry)
  ctx.io.stdout(detailText(entry))
}
