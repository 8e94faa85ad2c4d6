// Configurações → Integrações → Registro de requisições: the account's API calls, newest first,
// with filters and 50 per page. Invalid filters show their errors and no list (never a guess).
import type { ApiTokenSummary } from '../../../modules/integrations/list-api-tokens.js'
import type { RequestLogSummary } from '../../../modules/integrations/request-log/request-log-mapper.js'
import { REQUEST_ID_MAX, STATUS_CLASSES } from '../../../modules/integrations/request-log/request-log-entry.js'
import { ERROR_CODES } from '../../../platform/errors.js'
import { PageHeader } from '../components/page-header.js'
import { Pagination } from '../components/pagination.js'
import { TableWrap } from '../components/table-wrap.js'
import { RequestToken } from '../components/request-token.js'
import { formatDateTimeSeconds } from '../format.js'
import { FormField, SelectField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { PATH_FILTER_MAX, REQUEST_LOG_ERROR_CODES, REQUEST_LOG_METHODS, type RequestLogFilterErrors, type RequestLogFilterForm } from './request-log-filters.js'

const tr = t.integrations.requests

export const REQUEST_LOG_PATH = '/settings/integrations/requests'
export const REQUEST_LOG_PER_PAGE = 50

/** The badge colour of a status: green 2xx, blue 3xx, amber 4xx, red 5xx. */
export function statusBadgeClass(status: number): string {
  if (status >= 500) return 'badge danger'
  if (status >= 400) return 'badge warn'
  if (status >= 300) return 'badge accent'
  return 'badge ok'
}

export interface RequestLogListPageProps {
  ctx: PageContext
  form: RequestLogFilterForm
  errors: RequestLogFilterErrors
  tokens: ApiTokenSummary[]
  /** Null when the filters are invalid (nothing was queried). */
  result: { entries: RequestLogSummary[]; page: number; total: number } | null
}

export function RequestLogListPage({ ctx, form, errors, tokens, result }: RequestLogListPageProps) {
  const tokenNames = new Map(tokens.map((token) => [token.id, token.name]))
  const tz = ctx.session.timeZone
  const filtered = Object.values(form).some((value) => value !== '')
  return (
    <AppLayout title={tr.title} ctx={ctx} section="integrations">
      <PageHeader
        title={tr.title}
        breadcrumb={{ label: t.integrations.title, href: '/settings/integrations' }}
        intro={tr.intro}
        actions={<a class="button ghost" href="/api-docs/index.html">{t.integrations.apiDocs}</a>}
      />
      {result === null && <p class="alert error" role="alert">{tr.filtersInvalid}</p>}
      <form method="get" action={REQUEST_LOG_PATH} class="filters request-log-filters" aria-label={tr.filtersLabel}>
        <FormField
          name="request_id"
          label={tr.requestId}
          type="search"
          required={false}
          value={form.request_id}
          placeholder={tr.requestIdPlaceholder}
          hint={tr.requestIdHint}
          maxLength={REQUEST_ID_MAX}
          error={errors.request_id}
        />
        <SelectField
          name="status"
          label={tr.statusClass}
          required={false}
          value={form.status}
          placeholder={t.common.all}
          options={STATUS_CLASSES.map((value) => ({ value, label: tr.statusClasses[value] ?? value }))}
          error={errors.status}
        />
        <FormField name="status_code" label={tr.statusCode} required={false} inputmode="numeric" value={form.status_code} placeholder="422" maxLength={3} error={errors.status_code} />
        <SelectField
          name="error_code"
          label={tr.errorCode}
          required={false}
          value={form.error_code}
          placeholder={t.common.all}
          options={REQUEST_LOG_ERROR_CODES.map((code) => ({ value: code, label: `${code} (${ERROR_CODES[code].status})` }))}
          error={errors.error_code}
        />
        <SelectField
          name="method"
          label={tr.method}
          required={false}
          value={form.method}
          placeholder={t.common.all}
          options={REQUEST_LOG_METHODS.map((value) => ({ value, label: value }))}
          error={errors.method}
        />
        <FormField name="path" label={tr.path} type="search" required={false} value={form.path} placeholder={tr.pathPlaceholder} maxLength={PATH_FILTER_MAX} error={errors.path} />
        <FormField name="from" label={tr.from} type="date" required={false} value={form.from} error={errors.from} />
        <FormField name="to" label={tr.to} type="date" required={false} value={form.to} error={errors.to} />
        <SelectField
          name="token"
          label={tr.token}
          required={false}
          value={form.token}
          placeholder={t.common.all}
          options={tokens.map((token) => ({ value: String(token.id), label: `${token.name} (${token.prefix}…)` }))}
          error={errors.token}
        />
        <div class="form-actions">
          <button type="submit" class="button">{t.common.filter}</button>
          {filtered && <a class="button ghost" href={REQUEST_LOG_PATH}>{t.common.clearFilters}</a>}
        </div>
      </form>
      {result !== null && (
        <>
          <TableWrap label={tr.tableCaption}>
            <table class="table request-log-table" aria-label={tr.tableCaption}>
              <thead>
                <tr>
                  <th scope="col">{tr.time}</th>
                  <th scope="col">{t.integrations.request.method}</th>
                  <th scope="col">{t.integrations.request.path}</th>
                  <th scope="col">{tr.status}</th>
                  <th scope="col" class="num">{tr.duration}</th>
                  <th scope="col">{tr.token}</th>
                  <th scope="col">{tr.errorCode}</th>
                  <th scope="col">{tr.details}</th>
                </tr>
              </thead>
              <tbody>
                {result.entries.length === 0 && (
                  <tr>
                    <td colSpan={8} class="empty">{result.total > 0 ? t.pagination.noRowsHere : filtered ? tr.emptyFiltered : tr.empty}</td>
                  </tr>
                )}
                {result.entries.map((entry) => (
                  <tr>
                    <td class="request-time">{formatDateTimeSeconds(entry.created_at, tz)}</td>
                    <td>
                      <code>{entry.method}</code>
                    </td>
                    <td class="request-path">
                      <code>{entry.path}</code>
                    </td>
                    <td>
                      <span class={statusBadgeClass(entry.status)}>{entry.status}</span>
                      {entry.client_closed ? (
                        <>
                          {' '}
                          <span class="badge" title={tr.clientClosedHint}>
                            {tr.clientClosed}
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td class="num">{tr.durationMs(entry.duration_ms)}</td>
                    <td>
                      <RequestToken tokenId={entry.token_id} prefix={entry.token_prefix} names={tokenNames} />
                    </td>
                    <td>{entry.error_code ? <code>{entry.error_code}</code> : <span class="muted">{t.common.none}</span>}</td>
                    <td>
                      <a href={`${REQUEST_LOG_PATH}/${entry.id}`} aria-label={tr.detailsOf(entry.method, entry.path)}>
                        {tr.details}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination path={REQUEST_LOG_PATH} query={{ ...form }} page={result.page} perPage={REQUEST_LOG_PER_PAGE} total={result.total} />
        </>
      )}
    </AppLayout>
  )
}
