// Documentos as a spreadsheet: the list's rows with its filters, every page of them, as CSV a
// Brazilian Excel or LibreOffice opens by a double click (platform/csv.ts). Produced batch by
// batch as the response is sent, so an account with 100,000 documents never holds them all.
import { allListedProposals, type ProposalListFilters } from '../../modules/proposals/list-proposals.js'
import type { Db } from '../../platform/db/connect.js'
import { CSV_BOM, csvAmount, csvLine } from '../../platform/csv.js'
import { formatDateTime, formatDocument } from '../../platform/pt-br-format.js'
import { t } from './i18n/pt-BR.js'

export async function* proposalsCsv(db: Db, account: { id: number; timeZone: string }, filters: ProposalListFilters): AsyncGenerator<string> {
  const c = t.proposals.columns
  yield CSV_BOM + csvLine([c.number, c.title, c.customer, t.proposals.csv.customerDocument, c.seller, c.status, t.proposals.csv.total, c.createdAt])
  for await (const rows of allListedProposals(db, account, filters)) {
    yield rows
      .map((row) =>
        csvLine([
          row.number,
          row.title,
          row.customer_name,
          row.customer_document === null ? null : { own: formatDocument(row.customer_document) },
          row.seller_name ?? t.proposals.noSeller,
          t.proposals.status[row.status] ?? row.status,
          csvAmount(row.total_cents),
          // "20/11/2026 15:30", which a pt-BR spreadsheet reads as a date and time ("20/11/2026, 15:30" it keeps as text).
          { own: formatDateTime(row.created_at, account.timeZone).replace(',', '') },
        ]),
      )
      .join('')
  }
}
