// Clientes: the account's customers, searchable by name, trade name, code and CNPJ/CPF, paged.
import type { CustomerRow } from '../../../modules/customers/customer-mapper.js'
import { Pagination } from '../components/pagination.js'
import { PageHeader } from '../components/page-header.js'
import { TableWrap } from '../components/table-wrap.js'
import { FormField } from '../form-field.js'
import { formatDocument } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

export interface CustomerListPageProps {
  ctx: PageContext
  q: string
  customers: CustomerRow[]
  page: number
  perPage: number
  total: number
}

function cityAndState(row: CustomerRow): string {
  return [row.address_city, row.address_state].filter((part) => part !== null && part !== '').join('/')
}

export function CustomerListPage({ ctx, q, customers, page, perPage, total }: CustomerListPageProps) {
  const text = t.customers
  const columns = text.columns
  return (
    <AppLayout title={text.title} ctx={ctx} section="customers">
      <PageHeader
        title={text.title}
        intro={text.intro}
        actions={
          <a class="button" href="/customers/new">
            {text.newCustomer}
          </a>
        }
      />
      <form class="filters customer-search" method="get" action="/customers" role="search">
        <div class="customer-search-text">
          <FormField name="q" type="search" label={text.searchLabel} value={q} placeholder={text.searchPlaceholder} required={false} maxLength={200} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.search}
          </button>
          {q !== '' && (
            <a class="button ghost" href="/customers">
              {t.common.clearFilters}
            </a>
          )}
        </div>
      </form>
      <TableWrap labelledBy="customers-caption">
        <table class="table customer-table">
          <caption class="customer-caption" id="customers-caption">{text.listCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.tradeName}</th>
              <th scope="col">{columns.code}</th>
              <th scope="col">{columns.document}</th>
              <th scope="col">{columns.city}</th>
              <th scope="col">{columns.email}</th>
            </tr>
          </thead>
          <tbody>
            {customers.length === 0 ? (
              <tr>
                <td class="empty" colSpan={6}>
                  {total > 0 ? t.pagination.noRowsHere : q === '' ? text.empty : text.emptySearch(q)}
                </td>
              </tr>
            ) : (
              customers.map((customer) => (
                <tr>
                  <td>
                    <a href={`/customers/${customer.id}/edit`}>{customer.name}</a>
                  </td>
                  <td>{customer.trade_name ?? ''}</td>
                  <td>{customer.code ?? ''}</td>
                  <td class="customer-document">{formatDocument(customer.document)}</td>
                  <td>{cityAndState(customer)}</td>
                  <td>{customer.email ?? ''}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      <Pagination path="/customers" query={{ q }} page={page} perPage={perPage} total={total} />
    </AppLayout>
  )
}
