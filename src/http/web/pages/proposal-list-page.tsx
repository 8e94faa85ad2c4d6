// "Documentos": the account's documents, newest first, with filters kept in the URL; filtered to
// the ones about to expire ("Vencem até", linked from the Painel), soonest first with their validity.
import type { ProposalListRow } from '../../../modules/proposals/list-proposals.js'
import { PROPOSAL_STATUSES } from '../../../platform/db/schema.js'
import { PageHeader } from '../components/page-header.js'
import { pageHref, Pagination } from '../components/pagination.js'
import { FormField, SelectField } from '../form-field.js'
import { formatCalendarDate, formatDate, formatDocument, formatMoney } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { ProposalStatusBadge } from '../components/proposal-status-badge.js'
import { TableWrap } from '../components/table-wrap.js'
import type { DateRangeErrors } from '../date-range-filter.js'

export const PROPOSALS_PER_PAGE = 25

/** The filters as typed (strings), echoed in the form and the pagination links. */
export interface ProposalListQuery {
  number: string
  status: string
  seller_id: string
  customer: string
  customer_id: string
  from: string
  to: string
  /** "Vencem até": the last valid day of the documents still waiting for signatures. */
  expiring_by: string
}

/** The filters' errors: the list is not shown until they are corrected. */
export type ProposalListErrors = DateRangeErrors & { number?: string; expiring_by?: string }

export interface ProposalListPageProps {
  ctx: PageContext
  query: ProposalListQuery
  errors?: ProposalListErrors
  sellers: Array<{ id: number; name: string }>
  rows: ProposalListRow[]
  total: number
  page: number
}

/** What the empty list says while a filter is refused: which one to correct. */
function refusedText(errors: ProposalListErrors): string {
  if (errors.number) return t.proposals.filters.fixNumber
  return errors.from || errors.to ? t.dateFilters.fixPeriod : t.proposals.filters.fixExpiringBy
}

export function ProposalListPage({ ctx, query, errors = {}, sellers, rows, total, page }: ProposalListPageProps) {
  const invalid = Object.keys(errors).length > 0
  const c = t.proposals.columns
  const filtered = Object.values(query).some((value) => value !== '')
  // Filtered to the documents about to expire, the list is theirs in validity order: show it.
  const byValidity = query.expiring_by !== '' && !invalid
  const columns = byValidity ? 8 : 7
  return (
    <AppLayout title={t.proposals.title} ctx={ctx} section="proposals">
      <PageHeader title={t.proposals.title} intro={t.proposals.intro} actions={<a class="button" href="/proposals/new">{t.proposals.newDocument}</a>} />
      <form method="get" action="/proposals" class="filters" role="search" aria-label={t.proposals.filters.label}>
        <FormField name="number" type="text" inputmode="numeric" label={t.proposals.filters.number} value={query.number} error={errors.number} required={false} />
        <SelectField name="status" label={t.proposals.filters.status} value={query.status} required={false} placeholder={t.common.all} options={PROPOSAL_STATUSES.map((status) => ({ value: status, label: t.proposals.status[status]! }))} />
        <SelectField name="seller_id" label={t.proposals.filters.seller} value={query.seller_id} required={false} placeholder={t.common.all} options={sellers.map((seller) => ({ value: String(seller.id), label: seller.name }))} />
        <FormField name="customer" type="search" label={t.proposals.filters.customer} value={query.customer} required={false} placeholder={t.proposals.filters.customerHint} />
        {query.customer_id !== '' && <input type="hidden" name="customer_id" value={query.customer_id} />}
        <FormField name="from" type="date" label={t.proposals.filters.from} value={query.from} error={errors.from} required={false} />
        <FormField name="to" type="date" label={t.proposals.filters.to} value={query.to} error={errors.to} required={false} />
        <FormField name="expiring_by" type="date" label={t.proposals.filters.expiringBy} value={query.expiring_by} error={errors.expiring_by} hint={t.proposals.filters.expiringByHint} required={false} />
        <div class="form-actions">
          <button type="submit" class="button secondary">{t.common.filter}</button>
          {filtered && <a class="button ghost" href="/proposals">{t.common.clearFilters}</a>}
          {total > 0 && <a class="button ghost" href={pageHref('/proposals/export.csv', { ...query }, 1)} title={t.proposals.csv.exportHint} download>{t.proposals.csv.export}</a>}
        </div>
      </form>
      <TableWrap label={t.proposals.title}>
        <table class="table proposal-list">
          <thead>
            <tr>
              <th scope="col">{c.number}</th>
              <th scope="col">{c.title}</th>
              <th scope="col">{c.customer}</th>
              <th scope="col">{c.seller}</th>
              <th scope="col">{c.status}</th>
              <th scope="col" class="num">{c.total}</th>
              <th scope="col">{c.createdAt}</th>
              {byValidity && <th scope="col">{c.validUntil}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr><td class="empty" colSpan={columns}>{invalid ? refusedText(errors) : total > 0 ? t.pagination.noRowsHere : filtered ? t.proposals.emptyFiltered : t.proposals.empty}</td></tr>
            ) : (
              rows.map((row) => (
                <tr>
                  <td><a href={`/proposals/${row.id}/edit`}>{row.number}</a></td>
                  <td>{row.title}</td>
                  <td>
                    {row.customer_name}
                    {row.customer_document && <span class="muted proposal-doc">{formatDocument(row.customer_document)}</span>}
                  </td>
                  <td>{row.seller_name ?? t.proposals.noSeller}</td>
                  <td><ProposalStatusBadge status={row.status} /></td>
                  <td class="num">{formatMoney(row.total_cents)}</td>
                  <td>{formatDate(row.created_at, ctx.session.timeZone)}</td>
                  {byValidity && <td>{row.valid_until === null ? t.common.none : formatCalendarDate(row.valid_until)}</td>}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      <Pagination path="/proposals" query={{ ...query }} page={page} perPage={PROPOSALS_PER_PAGE} total={total} />
    </AppLayout>
  )
}
