// Documentos as a spreadsheet: the list's rows with its filters, every page of them (with the
// payment terms, the dates of sending, signature and validity and the integrator's reference,
// which the list leaves out), as CSV a
// Brazilian Excel or LibreOffice opens by a double click (platform/csv.ts). Produced batch by
// batch as the response is sent, so an account with 100,000 documents never holds them all.
import { allListedProposals, listedPaymentTerms, type ProposalListFilters } from '../../modules/proposals/list-proposals.js'
import type { Db } from '../../platform/db/connect.js'
import { CSV_BOM, csvAmount, csvDateTime, csvLine } from '../../platform/csv.js'
import { formatCalendarDate, formatDocument } from '../../platform/pt-br-format.js'
import { t } from './i18n/pt-BR.js'

export async function* proposalsCsv(db: Db, account: { id: number; timeZone: string }, filters: ProposalListFilters): AsyncGenerator<string> {
  const c = t.proposals.columns
  const e = t.proposals.csv
  const instant = (value: string | null) => (value === null ? null : csvDateTime(value, account.timeZone))
  yield CSV_BOM + csvLine([c.number, c.title, c.customer, e.customerDocument, c.seller, c.status, e.total, e.paymentMethod, e.installments, e.downPayment, e.downPaymentDueDays, c.createdAt, e.sentAt, e.signedAt, e.validUntil, e.externalReference])
  for await (const rows of allListedProposals(db, account, filters)) {
    const terms = await listedPaymentTerms(db, account.id, rows.map((row) => row.id))
    yield rows
      .map((row) => {
        const payment = terms.get(row.id)
        return csvLine([
          row.number,
          row.title,
          row.customer_name,
          row.customer_document === null ? null : { own: formatDocument(row.customer_document) },
          row.seller_name ?? t.proposals.noSeller,
          t.proposals.status[row.status] ?? row.status,
          csvAmount(row.total_cents),
          payment?.method_name ?? null,
          payment?.installments ?? null,
          payment === undefined || payment.down_payment_cents === 0 ? null : csvAmount(payment.down_payment_cents),
          payment === undefined || payment.down_payment_cents === 0 ? null : payment.down_payment_due_days,
          instant(row.created_at),
          instant(row.sent_at),
          instant(row.signed_at),
          row.valid_until === null ? null : { own: formatCalendarDate(row.valid_until) },
          row.external_reference,
        ])
      })
      .join('')
  }
}
