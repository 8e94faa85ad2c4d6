// Configurações → Integrações, admin only: the account's API tokens (create, regenerate, revoke),
// this month's API usage against the limit, and links to the API docs and the request log. A
// token's secret appears only on the response to the POST that issued it, never on a GET.
import type { AccountSummary } from '../../../modules/accounts/accounts.js'
import type { IssuedToken } from '../../../modules/integrations/api-tokens.js'
import type { ApiTokenSummary } from '../../../modules/integrations/list-api-tokens.js'
import type { QuotaState } from '../../../modules/integrations/monthly-quota.js'
import { PageHeader } from '../components/page-header.js'
import { SecretShownOnce } from '../components/secret-shown-once.js'
import { TableWrap } from '../components/table-wrap.js'
import { formatDateTime } from '../format.js'
import { ActivityItemLink } from '../components/activity-item-link.js'
import { CsrfField, FormField, SelectField } from '../form-field.js'
import { TOKEN_ACCESSES } from '../../../platform/db/schema.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const ti = t.integrations

export const TOKEN_NAME_MAX = 100

export interface IssuedSecret {
  token: IssuedToken
  kind: 'created' | 'regenerated'
}

export interface IntegrationsPageProps {
  ctx: PageContext
  account: AccountSummary
  tokens: ApiTokenSummary[]
  /** Null when the plan has no API access (no meter then). */
  usage: QuotaState | null
  /** Only on the response to the POST that issued it. */
  issued?: IssuedSecret
  /** The create form after a validation error. */
  /** A refused creation: what was typed and chosen, with each field's error. */
  createForm?: CreateTokenForm
}

export function planName(code: string): string {
  return t.plans[code] ?? code
}

/** "2026-11" → "novembro de 2026". */
export function monthName(period: string): string {
  const [year = '', month = ''] = period.split('-')
  return ti.usage.monthOf(ti.usage.months[Number(month) - 1] ?? month, year)
}

export function IntegrationsPage({ ctx, account, tokens, usage, issued, createForm }: IntegrationsPageProps) {
  return (
    <AppLayout title={ti.title} ctx={ctx} section="integrations" scripts={issued ? ['copy-button'] : []}>
      <PageHeader
        title={ti.title}
        breadcrumb={{ label: ti.breadcrumb }}
        intro={ti.intro}
        actions={
          <>
            <a class="button secondary" href="/settings/integrations/requests">{ti.requestLogLink}</a>
            <a class="button ghost" href="/api-docs/index.html">{ti.apiDocs}</a>
          </>
        }
      />
      {issued && <IssuedSecretCard issued={issued} />}
      {account.api_access ? (
        <>
          <TokensCard ctx={ctx} tokens={tokens} canIssue={true} />
          <CreateTokenCard ctx={ctx} form={createForm} />
          {usage && <UsageCard ctx={ctx} account={account} usage={usage} />}
        </>
      ) : (
        <>
          <NoApiCard account={account} />
          {tokens.length > 0 && <TokensCard ctx={ctx} tokens={tokens} canIssue={false} />}
        </>
      )}
      <section class="card" aria-labelledby="integrations-links">
        <h2 id="integrations-links">{ti.links.heading}</h2>
        <ul class="integrations-links">
          <li>
            <a href="/api-docs/index.html">{ti.apiDocs}</a> <span class="muted">— {ti.links.apiDocsHint}</span>
          </li>
          <li>
            <a href="/settings/integrations/requests">{ti.requestLogLink}</a> <span class="muted">— {ti.links.requestLogHint}</span>
          </li>
        </ul>
      </section>
    </AppLayout>
  )
}

function IssuedSecretCard({ issued }: { issued: IssuedSecret }) {
  const { token, kind } = issued
  const heading = kind === 'created' ? ti.tokens.issuedCreated(token.name) : ti.tokens.issuedRegenerated(token.name)
  return <SecretShownOnce id="issued-token" heading={heading} warning={ti.tokens.secretWarning} label={ti.tokens.secretLabel} secret={token.token} />
}

function TokensCard({ ctx, tokens, canIssue }: { ctx: PageContext; tokens: ApiTokenSummary[]; canIssue: boolean }) {
  const tz = ctx.session.timeZone
  return (
    <section class="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{ti.tokens.heading}</h2>
      <p class="muted">{ti.tokens.intro}</p>
      <TableWrap labelledBy="tokens-heading">
        <table class="table" aria-labelledby="tokens-heading">
          <thead>
            <tr>
              <th scope="col">{ti.tokens.name}</th>
              <th scope="col">{ti.tokens.prefix}</th>
              <th scope="col">{ti.tokens.access}</th>
              <th scope="col">{ti.tokens.created}</th>
              <th scope="col">{ti.tokens.lastUsed}</th>
              <th scope="col">{ti.tokens.status}</th>
              <th scope="col">{t.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 && (
              <tr>
                <td colSpan={7} class="empty">{ti.tokens.none}</td>
              </tr>
            )}
            {tokens.map((token) => (
              <tr>
                <td>{token.name}</td>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td data-token-access={token.access}>{ti.tokens.accesses[token.access]}</td>
                <td>{formatDateTime(token.created_at, tz)}</td>
                <td>{token.last_used_at ? formatDateTime(token.last_used_at, tz) : <span class="muted">{ti.tokens.neverUsed}</span>}</td>
                <td>
                  {token.revoked_at ? (
                    <span class="badge danger" title={ti.tokens.revokedAt(formatDateTime(token.revoked_at, tz))}>{ti.tokens.revoked}</span>
                  ) : (
                    <span class="badge ok">{ti.tokens.active}</span>
                  )}
                </td>
                <td>
                  <div class="token-actions">
                    {token.revoked_at ? null : <TokenActions ctx={ctx} token={token} canRegenerate={canIssue} />}
                    {/* Its changes (created, new secret, revoked), revoked tokens' too. */}
                    <ActivityItemLink kind="api_token" id={token.id} small />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

/** Both actions break the systems using the token, so each asks for a second click (no JavaScript); the row's cell holds them. */
function TokenActions({ ctx, token, canRegenerate }: { ctx: PageContext; token: ApiTokenSummary; canRegenerate: boolean }) {
  return (
    <>
      {canRegenerate && (
        <details class="confirm">
          <summary class="button ghost small">{ti.tokens.regenerate}</summary>
          <form method="post" action={`/settings/integrations/tokens/${token.id}/regenerate`} class="confirm-body">
            <CsrfField token={ctx.csrfToken} />
            <p>{ti.tokens.regenerateConfirm(token.name)}</p>
            <button type="submit" class="button small">{ti.tokens.regenerateSubmit}</button>
          </form>
        </details>
      )}
      <details class="confirm">
        <summary class="button ghost small">{ti.tokens.revoke}</summary>
        <form method="post" action={`/settings/integrations/tokens/${token.id}/revoke`} class="confirm-body">
          <CsrfField token={ctx.csrfToken} />
          <p>{ti.tokens.revokeConfirm(token.name)}</p>
          <button type="submit" class="button danger small">{ti.tokens.revokeSubmit}</button>
        </form>
      </details>
    </>
  )
}

export interface CreateTokenForm {
  name: string
  access: string
  errors: { name?: string; access?: string }
}

function CreateTokenCard({ ctx, form }: { ctx: PageContext; form: CreateTokenForm | undefined }) {
  return (
    <section class="card" aria-labelledby="create-token-heading">
      <h2 id="create-token-heading">{ti.tokens.createHeading}</h2>
      {form && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <form method="post" action="/settings/integrations/tokens" class="create-token-form">
        <CsrfField token={ctx.csrfToken} />
        <FormField name="name" label={ti.tokens.createName} hint={ti.tokens.createNameHint} value={form?.name ?? ''} error={form?.errors.name} maxLength={TOKEN_NAME_MAX} autocomplete="off" />
        <SelectField name="access" label={ti.tokens.access} hint={ti.tokens.accessHint} value={form?.access ?? 'full'} error={form?.errors.access} options={TOKEN_ACCESSES.map((access) => ({ value: access, label: ti.tokens.accesses[access] }))} />
        <div class="form-actions">
          <button type="submit" class="button">{ti.tokens.createSubmit}</button>
        </div>
      </form>
    </section>
  )
}

function UsageCard({ ctx, account, usage }: { ctx: PageContext; account: AccountSummary; usage: QuotaState }) {
  return (
    <section class="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">{ti.usage.heading}</h2>
      <p class="usage-summary" id="usage-summary">{ti.usage.summary(usage.used, usage.limit, monthName(usage.period))}</p>
      <meter class="usage-meter" min={0} max={Math.max(usage.limit, 1)} value={usage.used} high={Math.max(usage.limit, 1) * 0.8} optimum={0} aria-labelledby="usage-summary">
        {usage.used} / {usage.limit}
      </meter>
      {usage.remaining === 0 && <p class="alert error">{ti.usage.over}</p>}
      <p class="muted">{ti.usage.resets(formatDateTime(usage.resets_at, ctx.session.timeZone))}</p>
      <p class="muted">{[ti.usage.plan(planName(account.plan)), account.creation_limit_override !== null ? ti.usage.override : ''].filter(Boolean).join(' ')}</p>
      <p>{ti.usage.raise}</p>
      <pre class="command">
        <code>{ti.usage.command(account.id)}</code>
      </pre>
    </section>
  )
}

function NoApiCard({ account }: { account: AccountSummary }) {
  return (
    <section class="card no-api" aria-labelledby="no-api-heading">
      <h2 id="no-api-heading">{ti.noApi.heading}</h2>
      <p>{ti.noApi.text(planName(account.plan))}</p>
      <p>{ti.noApi.whatToDo}</p>
      <pre class="command">
        <code>{ti.noApi.command(account.id)}</code>
      </pre>
    </section>
  )
}
