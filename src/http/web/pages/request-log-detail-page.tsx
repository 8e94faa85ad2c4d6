// One API call of the request log: what was asked, what was answered, with the stored headers
// (credentials are never stored) and the bodies pretty-printed when they are JSON.
import type { RequestLogDetail } from '../../../modules/integrations/request-log/request-log-mapper.js'
import { PageHeader } from '../components/page-header.js'
import { TableWrap } from '../components/table-wrap.js'
import { RequestToken } from '../components/request-token.js'
import { formatDateTimeSeconds } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { REQUEST_LOG_PATH, statusBadgeClass } from './request-log-list-page.js'

const tq = t.integrations.request

/** A stored body as people read it: indented when it is JSON, as stored otherwise. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}

function Body({ id, label, body, notStored }: { id: string; label: string; body: string | null; notStored?: string | null }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{label}</h2>
      {body === null || body === '' ? <p class="muted">{notStored ?? tq.noBody}</p> : <pre>{prettyBody(body)}</pre>}
    </section>
  )
}

/**
 * Why a response has no stored body: reading the log through the API does not copy its answer into
 * the log (request-logs.ts), and successful reads are stored without their answer (request-logging.ts).
 */
function whyResponseNotStored(entry: RequestLogDetail): string | null {
  if (entry.path.startsWith('/api/v1/request-logs')) return tq.notStored
  // HEAD answers never carry a body, so "no body" is the truth for them.
  if (entry.method === 'GET' && entry.status < 400) return tq.readNotStored
  return null
}

export function RequestLogDetailPage({ ctx, entry, tokenNames }: { ctx: PageContext; entry: RequestLogDetail; tokenNames: ReadonlyMap<number, string> }) {
  const none = <span class="muted">{t.common.none}</span>
  const headers = Object.entries(entry.request_headers)
  const responseNotStored = entry.response_body === null ? whyResponseNotStored(entry) : null
  return (
    <AppLayout title={tq.title(entry.method, entry.path)} ctx={ctx} section="integrations">
      <PageHeader
        title={tq.title(entry.method, entry.path)}
        breadcrumb={{ label: tq.breadcrumb, href: REQUEST_LOG_PATH }}
        actions={<a class="button ghost" href={REQUEST_LOG_PATH}>{tq.backToList}</a>}
      />
      <section class="card" aria-labelledby="request-summary">
        <h2 id="request-summary">{tq.summary}</h2>
        <dl class="request-facts">
          <dt>{tq.requestId}</dt>
          <dd>
            <code>{entry.request_id}</code>
          </dd>
          <dt>{tq.time}</dt>
          <dd>{formatDateTimeSeconds(entry.created_at, ctx.session.timeZone)}</dd>
          <dt>{tq.method}</dt>
          <dd>
            <code>{entry.method}</code>
          </dd>
          <dt>{tq.path}</dt>
          <dd>
            <code>{entry.path}</code>
          </dd>
          <dt>{tq.query}</dt>
          <dd>{entry.query ? <code>?{entry.query}</code> : none}</dd>
          <dt>{tq.status}</dt>
          <dd>
            <span class={statusBadgeClass(entry.status)}>{entry.status}</span>
            {entry.client_closed ? <p class="muted">{tq.clientClosed}</p> : null}
          </dd>
          <dt>{tq.duration}</dt>
          <dd>{t.integrations.requests.durationMs(entry.duration_ms)}</dd>
          <dt>{tq.ip}</dt>
          <dd>{entry.ip ?? none}</dd>
          <dt>{tq.userAgent}</dt>
          <dd>{entry.user_agent ?? none}</dd>
          <dt>{tq.token}</dt>
          <dd>
            <RequestToken tokenId={entry.token_id} prefix={entry.token_prefix} names={tokenNames} />
          </dd>
          <dt>{tq.idempotencyKey}</dt>
          <dd>{entry.idempotency_key ? <code>{entry.idempotency_key}</code> : none}</dd>
          <dt>{tq.errorCode}</dt>
          <dd>{entry.error_code ? <code>{entry.error_code}</code> : none}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="request-headers">
        <h2 id="request-headers">{tq.headers}</h2>
        <p class="muted">{tq.headersNote}</p>
        {headers.length === 0 ? (
          <p class="muted">{tq.noHeaders}</p>
        ) : (
          <TableWrap labelledBy="request-headers">
            <table class="table" aria-labelledby="request-headers">
              <thead>
                <tr>
                  <th scope="col">{tq.headerName}</th>
                  <th scope="col">{tq.headerValue}</th>
                </tr>
              </thead>
              <tbody>
                {headers.map(([name, value]) => (
                  <tr>
                    <td>
                      <code>{name}</code>
                    </td>
                    <td class="header-value">{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <Body id="request-body" label={tq.requestBody} body={entry.request_body} />
      <Body id="response-body" label={tq.responseBody} body={entry.response_body} notStored={responseNotStored} />
    </AppLayout>
  )
}
