// The dashboard ("Painel"): this month's documents and value, API usage, the discounts waiting for
// an admin's approval, the comments for the user, the signers' latest visits and the documents
// about to expire (each only when there are some), documents by status, a twelve-month chart and the latest documents.
import type { ComponentChildren } from 'preact'
import type { AccountSummary } from '../../../modules/accounts/accounts.js'
import type { QuotaState } from '../../../modules/integrations/monthly-quota.js'
import { formatShare } from '../../../modules/lifecycle/discount-rule.js'
import { DISCOUNT_REQUESTS_SHOWN, type DiscountRequest } from '../../../modules/lifecycle/discount-requests.js'
import { RECENT_COMMENT_DAYS, RECENT_COMMENTS_SHOWN, type RecentComment } from '../../../modules/reports/recent-comments.js'
import { RECENT_OPEN_DAYS, RECENT_OPENS_SHOWN, type RecentOpen } from '../../../modules/reports/recent-opens.js'
import { type DashboardSummary, EXPIRING_DAYS, EXPIRING_SHOWN, type ExpiringProposal } from '../../../modules/reports/dashboard-summary.js'
import { PROPOSAL_STATUSES } from '../../../platform/db/schema.js'
import { BarChart } from '../components/bar-chart.js'
import { PageHeader } from '../components/page-header.js'
import { ProposalStatusBadge } from '../components/proposal-status-badge.js'
import { TableWrap } from '../components/table-wrap.js'
import { formatCalendarDate, formatDate, formatDateTime, formatMoney } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import { SELLER_REPORT_PATH } from './seller-report-page.js'
import type { PageContext } from '../page-context.js'

export interface DashboardPageProps {
  ctx: PageContext
  account: AccountSummary
  summary: DashboardSummary
  usage: QuotaState
  /** Drafts whose discount waits for an admin's approval (discount-requests.ts). */
  discountRequests?: { shown: DiscountRequest[]; more: boolean }
  /** The recent comments that concern the user (recent-comments.ts). */
  comments?: { shown: RecentComment[]; more: boolean }
  /** The latest visits of signers to documents still waiting (recent-opens.ts). */
  opens?: { shown: RecentOpen[]; more: boolean }
}

/** "2026-11" → "nov/26". */
function monthLabel(period: string): string {
  const [year, month] = period.split('-')
  return `${t.dashboard.monthShort[Number(month) - 1]}/${year!.slice(2)}`
}

function Stat({ id, label, value, detail }: { id: string; label: string; value: string; detail?: string }) {
  return (
    <section class="card stat" aria-labelledby={id}>
      <p class="stat-label" id={id}>{label}</p>
      <p class="stat-value">{value}</p>
      {detail && <p class="stat-detail muted">{detail}</p>}
    </section>
  )
}

function ApiUsage({ ctx, account, usage }: { ctx: PageContext; account: AccountSummary; usage: QuotaState }) {
  const isAdmin = ctx.session.role === 'admin'
  return (
    <section class="card stat" aria-labelledby="dashboard-api">
      <p class="stat-label" id="dashboard-api">{t.dashboard.apiUsage}</p>
      {account.api_access ? (
        <>
          <p class="stat-value">{t.dashboard.apiUsed(usage.used, usage.limit)}</p>
          <meter class="usage-meter" min={0} max={Math.max(1, usage.limit)} low={usage.limit * 0.8} high={usage.limit * 0.95} optimum={0} value={usage.used} aria-labelledby="dashboard-api">
            {usage.used}
          </meter>
          {isAdmin && <a class="stat-detail" href="/settings/integrations">{t.dashboard.manageApi}</a>}
        </>
      ) : (
        <>
          <p class="stat-value">{t.dashboard.noApi}</p>
          <p class="stat-detail muted">{t.dashboard.noApiHint(t.plans[account.plan] ?? account.plan)}</p>
        </>
      )}
    </section>
  )
}

/** The headers over DocumentCells. */
function DocumentHeaderCells() {
  return (
    <>
      <th scope="col">{t.dashboard.number}</th>
      <th scope="col">{t.dashboard.proposalTitle}</th>
      <th scope="col">{t.dashboard.customer}</th>
    </>
  )
}

/** A document's first cells in the dashboard's tables: its number (the link to it), title and customer. */
function DocumentCells({ proposal }: { proposal: { id: number; number: number; title: string; customerName: string } }) {
  return (
    <>
      <td>
        <a href={`/proposals/${proposal.id}/edit`}>#{proposal.number}</a>
      </td>
      <td>{proposal.title}</td>
      <td>{proposal.customerName}</td>
    </>
  )
}

/**
 * A card of the Painel listing documents: its heading, a hint, and a table whose rows start with
 * each document's cells; `columns` are the headers after those, `rows` the rows' own cells.
 */
function DocumentsCard<Row extends { id: number; number: number; title: string; customerName: string }>({ id, title, hint, more, columns, rows, cells, marker }: {
  id: string
  title: string
  hint: ComponentChildren
  /** Said after the hint when the card shows only the first rows of more. */
  more?: string | false
  columns: ComponentChildren
  rows: readonly Row[]
  cells: (row: Row) => ComponentChildren
  /** A data attribute naming the card, for tests and scripts. */
  marker?: string
}) {
  return (
    <section class="card" aria-labelledby={id} {...(marker ? { [`data-${marker}`]: '' } : {})}>
      <h2 id={id}>{title}</h2>
      <p class="muted">{hint}{more && ` ${more}`}</p>
      <TableWrap labelledBy={id} flat>
        <table class="table">
          <thead>
            <tr>
              <DocumentHeaderCells />
              {columns}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr {...(marker ? { [`data-${marker}-row`]: '' } : {})}>
                <DocumentCells proposal={row} />
                {cells(row)}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

/** Documents waiting for signatures whose validity ends soon, soonest first: what to chase this week. */
function Expiring({ proposals, more, by }: { proposals: ExpiringProposal[]; more: boolean; by: string }) {
  const d = t.dashboard
  return (
    <DocumentsCard
      id="dashboard-expiring"
      title={d.expiring(EXPIRING_DAYS)}
      hint={<>{d.expiringHint}{more && ` ${d.expiringMore(EXPIRING_SHOWN)}`} <a href={`/proposals?${new URLSearchParams({ expiring_by: by })}`}>{d.expiringAll}</a></>}
      columns={<><th scope="col">{d.seller}</th><th scope="col" class="num">{d.total}</th><th scope="col">{d.validUntil}</th></>}
      rows={proposals}
      cells={(proposal) => (
        <>
          <td>{proposal.sellerName ?? t.common.none}</td>
          <td class="num">{formatMoney(proposal.totalCents)}</td>
          <td>
            {formatCalendarDate(proposal.validUntil)} <span class={proposal.daysLeft <= 1 ? 'badge danger' : 'badge warn'}>{d.expiresIn(proposal.daysLeft)}</span>
          </td>
        </>
      )}
    />
  )
}

/** Drafts that cannot go until an admin approves their discount, oldest request first. */
function DiscountRequests({ ctx, requests, more }: { ctx: PageContext; requests: DiscountRequest[]; more: boolean }) {
  const d = t.dashboard.discountRequests
  return (
    <DocumentsCard
      id="dashboard-discounts"
      marker="discount-requests"
      title={d.title}
      hint={ctx.session.role === 'admin' ? d.hintAdmin : d.hintMember}
      more={more && d.more(DISCOUNT_REQUESTS_SHOWN)}
      columns={<><th scope="col" class="num">{d.discount}</th><th scope="col">{d.requested}</th></>}
      rows={requests}
      cells={(request) => (
        <>
          <td class="num">{formatShare(request.shareBp)}</td>
          <td>{d.by(request.requestedBy, formatDateTime(request.requestedAt, ctx.session.timeZone))}</td>
        </>
      )}
    />
  )
}

/** The comments that concern the user (recent-comments.ts), newest first, each linking to its document's comments. */
function RecentComments({ ctx, comments, more }: { ctx: PageContext; comments: RecentComment[]; more: boolean }) {
  const c = t.dashboard.comments
  return (
    <DocumentsCard
      id="dashboard-comments"
      marker="recent-comments"
      title={c.title}
      hint={c.hint(RECENT_COMMENT_DAYS)}
      more={more && c.more(RECENT_COMMENTS_SHOWN)}
      columns={<th scope="col">{c.comment}</th>}
      rows={comments.map((comment) => ({ ...comment, id: comment.proposalId }))}
      cells={(comment) => (
        <td>
          <a href={`/proposals/${comment.proposalId}/edit#comentarios`}>{comment.excerpt}</a>
          <br />
          <small class="muted">
            {c.by(comment.author.name, formatDateTime(comment.at, ctx.session.timeZone), comment.author.type === 'api_token')} · {comment.reason === 'named' ? c.named : c.seller}
          </small>
        </td>
      )}
    />
  )
}

/** Signers who came back to a document still waiting, the latest visit first: whom to call today. */
function RecentOpens({ ctx, opens, more }: { ctx: PageContext; opens: RecentOpen[]; more: boolean }) {
  const o = t.dashboard.opens
  return (
    <DocumentsCard
      id="dashboard-opens"
      marker="recent-opens"
      title={o.title}
      hint={o.hint(RECENT_OPEN_DAYS)}
      more={more && o.more(RECENT_OPENS_SHOWN)}
      columns={<><th scope="col">{o.signer}</th><th scope="col">{t.dashboard.seller}</th><th scope="col" class="num">{o.visits}</th><th scope="col">{o.lastVisit}</th></>}
      rows={opens}
      cells={(open) => (
        <>
          <td>{open.signerName}</td>
          <td>{open.sellerName ?? t.common.none}</td>
          <td class="num">{open.openCount}</td>
          <td>{formatDateTime(open.lastOpenedAt, ctx.session.timeZone)}</td>
        </>
      )}
    />
  )
}

export function DashboardPage({ ctx, account, summary, usage, discountRequests, comments, opens }: DashboardPageProps) {
  const { session } = ctx
  const { thisMonth } = summary
  return (
    <AppLayout title={t.dashboard.title} ctx={ctx} section="dashboard">
      <PageHeader
        title={t.dashboard.title}
        intro={t.dashboard.welcome(session.userName, session.accountName)}
        actions={
          <>
            <a class="button ghost" href={SELLER_REPORT_PATH}>{t.dashboard.sellerReport}</a>
            <a class="button" href="/proposals/new">{t.dashboard.newProposal}</a>
          </>
        }
      />
      <div class="grid">
        <Stat id="dashboard-month-count" label={t.dashboard.monthCount} value={String(thisMonth.count)} detail={t.dashboard.totalCount(summary.total)} />
        <Stat id="dashboard-month-value" label={t.dashboard.monthValue} value={formatMoney(thisMonth.valueCents)} detail={t.dashboard.planLine(t.plans[account.plan] ?? account.plan)} />
        <Stat id="dashboard-month-signed" label={t.dashboard.monthSigned} value={formatMoney(thisMonth.signedValueCents)} detail={t.dashboard.signedCount(thisMonth.signedCount)} />
        <ApiUsage ctx={ctx} account={account} usage={usage} />
      </div>
      {discountRequests && discountRequests.shown.length > 0 && <DiscountRequests ctx={ctx} requests={discountRequests.shown} more={discountRequests.more} />}
      {comments && comments.shown.length > 0 && <RecentComments ctx={ctx} comments={comments.shown} more={comments.more} />}
      {opens && opens.shown.length > 0 && <RecentOpens ctx={ctx} opens={opens.shown} more={opens.more} />}
      {summary.expiring.length > 0 && <Expiring proposals={summary.expiring} more={summary.moreExpiring} by={summary.expiringBy} />}
      <div class="dashboard-columns">
        <section class="card" aria-labelledby="dashboard-chart">
          <h2 id="dashboard-chart">{t.dashboard.chartTitle}</h2>
          <BarChart
            caption={t.dashboard.chartCaption}
            labelHeader={t.dashboard.month}
            valueHeader={t.dashboard.documents}
            bars={summary.monthly.map((month) => ({ label: monthLabel(month.period), value: month.count, valueLabel: String(month.count) }))}
          />
        </section>
        <section class="card" aria-labelledby="dashboard-status">
          <h2 id="dashboard-status">{t.dashboard.byStatus}</h2>
          <ul class="status-list">
            {PROPOSAL_STATUSES.map((status) => (
              <li>
                <a href={`/proposals?status=${status}`}>
                  <ProposalStatusBadge status={status} />
                  <span class="status-count">{summary.byStatus[status]}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section class="card" aria-labelledby="dashboard-recent">
        <h2 id="dashboard-recent">{t.dashboard.recent}</h2>
        {summary.recent.length === 0 ? (
          <p class="muted">
            {t.dashboard.noProposals} <a href="/proposals/new">{t.dashboard.firstProposal}</a>
          </p>
        ) : (
          <TableWrap labelledBy="dashboard-recent" flat>
            <table class="table">
              <thead>
                <tr>
                  <DocumentHeaderCells />
                  <th scope="col">{t.dashboard.status}</th>
                  <th scope="col" class="num">{t.dashboard.total}</th>
                  <th scope="col">{t.dashboard.createdAt}</th>
                </tr>
              </thead>
              <tbody>
                {summary.recent.map((proposal) => (
                  <tr>
                    <DocumentCells proposal={proposal} />
                    <td>
                      <ProposalStatusBadge status={proposal.status} />
                    </td>
                    <td class="num">{formatMoney(proposal.totalCents)}</td>
                    <td>{formatDate(proposal.createdAt, session.timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </AppLayout>
  )
}
