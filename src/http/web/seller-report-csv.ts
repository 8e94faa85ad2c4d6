// "Desempenho por vendedor" as a spreadsheet: the page's table for the same period, a row per
// seller (the documents without a seller on their own, as on the page) and, under more than one row, the totals last, in the
// documents' CSV dialect (platform/csv.ts). Figures are numbers a spreadsheet can sum and chart:
// the rate as a percentage with one decimal, amounts in reais, the time to sign in days with two
// decimals; a figure with nothing to average (no document sent, none signed) is an empty cell.
import { averageSigningSeconds, averageTicketCents, type SellerFigures, type SellerSummary, signatureRate } from '../../modules/reports/seller-summary.js'
import { CSV_BOM, csvAmount, csvDecimal, csvLine, type CsvValue } from '../../platform/csv.js'
import { t } from './i18n/pt-BR.js'

const r = t.sellerReport

function figureCells(figures: Omit<SellerFigures, 'sellerId' | 'sellerName' | 'sellerActive'>): CsvValue[] {
  const rate = signatureRate(figures)
  const ticket = averageTicketCents(figures)
  const seconds = averageSigningSeconds(figures)
  return [
    figures.created,
    figures.sent,
    figures.signed,
    rate === null ? null : csvDecimal(rate * 100, 1),
    csvAmount(figures.signedValueCents),
    ticket === null ? null : csvAmount(ticket),
    seconds === null ? null : csvDecimal(seconds / 86_400, 2),
    figures.open,
    figures.lost,
    figures.cancelled,
  ]
}

export function sellerReportCsv(summary: SellerSummary): string {
  const c = r.csv
  const lines = [csvLine([r.seller, r.created, r.sent, r.signed, c.rate, c.signedValue, c.averageTicket, c.averageSigningDays, r.open, r.lost, r.cancelled])]
  for (const seller of summary.sellers) {
    const name = seller.sellerId === null ? t.proposals.noSeller : `${seller.sellerName ?? ''}${seller.sellerActive ? '' : ` ${r.inactive}`}`
    lines.push(csvLine([name, ...figureCells(seller)]))
  }
  // The totals as the page shows them: under more than one row.
  if (summary.sellers.length > 1) lines.push(csvLine([r.total, ...figureCells(summary.total)]))
  return CSV_BOM + lines.join('')
}
