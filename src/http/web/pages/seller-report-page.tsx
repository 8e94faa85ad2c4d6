// "Desempenho por vendedor" (from the Painel): per seller, the documents created in a period and
// how far they got, with the period's totals; each seller's name opens their documents of the
// period in the Documentos list.
import { averageSigningSeconds, averageTicketCents, type SellerFigures, type SellerSummary, signatureRate } from '../../../modules/reports/seller-summary.js'
import { pageHref } from '../components/pagination.js'
import { PageHeader } from '../components/page-header.js'
import { TableWrap } from '../components/table-wrap.js'
import { SellerOutcomeChart } from './seller-outcome-chart.js'
import type { DateRangeErrors } from '../date-range-filter.js'
import { FormField } from '../form-field.js'
import { formatMoney } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

export const SELLER_REPORT_PATH = '/reports/sellers'
export const SELLER_REPORT_EXPORT_PATH = '/reports/sellers/export.csv'

export interface SellerReportPageProps {
  ctx: PageContext
  /** The period as typed (calendar dates, or what was typed instead). */
  query: { from: string; to: string }
  /** The period's errors: the figures are not shown until they are corrected. */
  errors?: DateRangeErrors
  summary: SellerSummary | null
}

const percent = new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 })

/** The figures' cells, the same for a seller and for the totals. */
function FigureCells({ figures }: { figures: Omit<SellerFigures, 'sellerId' | 'sellerName' | 'sellerActive'> }) {
  const rate = signatureRate(figures)
  const ticket = averageTicketCents(figures)
  const signingSeconds = averageSigningSeconds(figures)
  return (
    <>
      <td class="num">{figures.created}</td>
      <td class="num">{figures.sent}</td>
      <td class="num">{figures.signed}</td>
      <td class="num">{rate === null ? t.common.none : percent.format(rate)}</td>
      <td class="num">{formatMoney(figures.signedValueCents)}</td>
      <td class="num">{ticket === null ? t.common.none : formatMoney(ticket)}</td>
      <td class="num">{signingSeconds === null ? t.common.none : t.sellerReport.signingTime(signingSeconds)}</td>
      <td class="num">{figures.open}</td>
      <td class="num">{figures.lost}</td>
      <td class="num">{figures.cancelled}</td>
    </>
  )
}

export function SellerReportPage({ ctx, query, errors = {}, summary }: SellerReportPageProps) {
  const r = t.sellerReport
  const period = new URLSearchParams({ from: query.from, to: query.to })
  return (
    <AppLayout title={r.title} ctx={ctx} section="dashboard">
      <PageHeader
        title={r.title}
        intro={r.intro}
        actions={
          <>
            {summary !== null && summary.sellers.length > 0 && <a class="button ghost" href={pageHref(SELLER_REPORT_EXPORT_PATH, query, 1)} title={r.csv.exportHint} download>{r.csv.export}</a>}
            <a class="button ghost" href="/dashboard">{r.back}</a>
          </>
        }
      />
      <form method="get" action={SELLER_REPORT_PATH} class="filters" role="search" aria-label={r.period}>
        <FormField name="from" type="date" label={t.proposals.filters.from} value={query.from} error={errors.from} required={false} />
        <FormField name="to" type="date" label={t.proposals.filters.to} value={query.to} error={errors.to} required={false} />
        <div class="form-actions">
          <button type="submit" class="button secondary">{t.common.filter}</button>
        </div>
      </form>
      {summary !== null && summary.sellers.length > 0 && <SellerOutcomeChart sellers={summary.sellers} />}
      <TableWrap label={r.title}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{r.seller}</th>
              <th scope="col" class="num">{r.created}</th>
              <th scope="col" class="num">{r.sent}</th>
              <th scope="col" class="num">{r.signed}</th>
              <th scope="col" class="num">{r.rate}</th>
              <th scope="col" class="num">{r.signedValue}</th>
              <th scope="col" class="num">{r.averageTicket}</th>
              <th scope="col" class="num">{r.averageSigningTime}</th>
              <th scope="col" class="num">{r.open}</th>
              <th scope="col" class="num">{r.lost}</th>
              <th scope="col" class="num">{r.cancelled}</th>
            </tr>
          </thead>
          <tbody>
            {summary === null || summary.sellers.length === 0 ? (
              <tr><td class="empty" colSpan={11}>{summary === null ? t.dateFilters.fixPeriod : r.empty}</td></tr>
            ) : (
              summary.sellers.map((seller) => (
                <tr>
                  <th scope="row">
                    {seller.sellerId === null ? (
                      <span class="muted">{t.proposals.noSeller}</span>
                    ) : (
                      <a href={`/proposals?seller_id=${seller.sellerId}&${period}`}>{seller.sellerName}</a>
                    )}
                    {seller.sellerId !== null && !seller.sellerActive && <span class="muted"> {r.inactive}</span>}
                  </th>
                  <FigureCells figures={seller} />
                </tr>
              ))
            )}
          </tbody>
          {summary !== null && summary.sellers.length > 1 && (
            <tfoot>
              <tr>
                <th scope="row">{r.total}</th>
                <FigureCells figures={summary.total} />
              </tr>
            </tfoot>
          )}
        </table>
      </TableWrap>
      <p class="muted">{r.rateHint}</p>
      <p class="muted">{r.signingTimeHint}</p>
    </AppLayout>
  )
}
