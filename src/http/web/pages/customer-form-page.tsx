// Clientes → new and edit: the customer's form and, when editing, the customer's documents and
// who signs for it (the signers of its latest documents).
import type { ProposalListRow } from '../../../modules/proposals/list-proposals.js'
import type { CustomerFieldErrorCode, CustomerFieldErrors, CustomerFormField } from '../../../modules/customers/save-customer.js'
import type { CustomerRow } from '../../../modules/customers/customer-mapper.js'
import type { RecentSigner } from '../../../modules/proposals/recent-signers.js'
import { PageHeader } from '../components/page-header.js'
import { ProposalStatusBadge } from '../components/proposal-status-badge.js'
import { TableWrap } from '../components/table-wrap.js'
import { CsrfField, FormField, type FormFieldProps } from '../form-field.js'
import { formatDate, formatDocument, formatMoney } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

export type CustomerFormValues = Record<CustomerFormField, string>

export const CUSTOMER_FORM_FIELDS: readonly CustomerFormField[] = ['name', 'trade_name', 'code', 'document', 'email', 'phone', 'street', 'number', 'complement', 'district', 'city', 'state', 'postal_code']

/** The form's values for a stored customer (the document with its punctuation, as people read it). */
export function customerFormValues(row: CustomerRow | undefined): CustomerFormValues {
  return {
    name: row?.name ?? '',
    trade_name: row?.trade_name ?? '',
    code: row?.code ?? '',
    document: formatDocument(row?.document),
    email: row?.email ?? '',
    phone: row?.phone ?? '',
    street: row?.address_street ?? '',
    number: row?.address_number ?? '',
    complement: row?.address_complement ?? '',
    district: row?.address_district ?? '',
    city: row?.address_city ?? '',
    state: row?.address_state ?? '',
    postal_code: row?.address_postal_code ?? '',
  }
}

export type CustomerDocumentRow = Pick<ProposalListRow, 'id' | 'number' | 'title' | 'status' | 'total_cents' | 'created_at'>

export interface CustomerFormPageProps {
  ctx: PageContext
  /** The customer being edited; absent on the new-customer page. */
  customer?: { id: number; name: string }
  values: CustomerFormValues
  errors?: CustomerFieldErrors
  documents?: { rows: CustomerDocumentRow[]; total: number }
  /** The signers of the customer's latest documents (modules/proposals/recent-signers.ts). */
  signers?: RecentSigner[]
}

function message(code: CustomerFieldErrorCode | undefined): string | undefined {
  return code === undefined ? undefined : t.customers.errors[code]
}

function CustomerDocuments({ customerId, documents, timeZone }: { customerId: number; documents: { rows: CustomerDocumentRow[]; total: number }; timeZone: string }) {
  const text = t.customers.documents
  const columns = text.columns
  return (
    <section class="card customer-documents" aria-labelledby="customer-documents-title">
      <div class="customer-documents-header">
        <h2 id="customer-documents-title">{text.title}</h2>
        <a class="button secondary small" href={`/proposals/new?customer_id=${customerId}`}>
          {text.newDocument}
        </a>
      </div>
      {documents.rows.length === 0 ? (
        <p class="muted">{text.empty}</p>
      ) : (
        <TableWrap labelledBy="customer-documents-caption">
          <table class="table">
            <caption class="customer-caption" id="customer-documents-caption">{text.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{columns.number}</th>
                <th scope="col">{columns.title}</th>
                <th scope="col">{columns.status}</th>
                <th scope="col" class="num">
                  {columns.total}
                </th>
                <th scope="col">{columns.createdAt}</th>
              </tr>
            </thead>
            <tbody>
              {documents.rows.map((row) => (
                <tr>
                  <td>
                    <a href={`/proposals/${row.id}/edit`}>{row.number}</a>
                  </td>
                  <td>
                    <a href={`/proposals/${row.id}/edit`}>{row.title}</a>
                  </td>
                  <td>
                    <ProposalStatusBadge status={row.status} />
                  </td>
                  <td class="num">{formatMoney(row.total_cents)}</td>
                  <td>{formatDate(row.created_at, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {documents.total > documents.rows.length && (
        <p class="muted customer-documents-more">
          {text.more(documents.rows.length, documents.total)} <a href={`/proposals?customer_id=${customerId}`}>{text.seeAll}</a>
        </p>
      )}
    </section>
  )
}

function CustomerSigners({ signers }: { signers: RecentSigner[] }) {
  const text = t.customers.signers
  const columns = text.columns
  return (
    <section class="card customer-signers" aria-labelledby="customer-signers-title">
      <h2 id="customer-signers-title">{text.title}</h2>
      {signers.length === 0 ? (
        <p class="muted">{text.empty}</p>
      ) : (
        <>
          <p class="muted">{text.hint}</p>
          <TableWrap labelledBy="customer-signers-caption">
            <table class="table">
              <caption class="customer-caption" id="customer-signers-caption">{text.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{columns.name}</th>
                  <th scope="col">{columns.email}</th>
                  <th scope="col">{columns.cpf}</th>
                  <th scope="col">{columns.phone}</th>
                  <th scope="col">{columns.role}</th>
                </tr>
              </thead>
              <tbody>
                {signers.map((signer) => (
                  <tr>
                    <td>{signer.name}</td>
                    <td>{signer.email}</td>
                    <td>{formatDocument(signer.cpf)}</td>
                    <td>{signer.phone ?? ''}</td>
                    <td>{signer.role_active ? signer.role_name : text.inactiveRole(signer.role_name ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  )
}

export function CustomerFormPage({ ctx, customer, values, errors = {}, documents, signers }: CustomerFormPageProps) {
  const text = t.customers
  const title = customer ? text.editTitle(customer.name) : text.newTitle
  const hasErrors = Object.keys(errors).length > 0
  const field = (name: CustomerFormField, props: Partial<FormFieldProps> = {}) => (
    <FormField name={name} label={text.fields[name]} value={values[name]} error={message(errors[name])} required={false} {...props} />
  )
  return (
    <AppLayout title={title} ctx={ctx} section="customers">
      <PageHeader title={title} breadcrumb={{ label: text.title, href: '/customers' }} />
      {hasErrors && (
        <p class="alert error" role="alert">
          {t.formHasErrors}
        </p>
      )}
      <form class="card customer-form" method="post" action={customer ? `/customers/${customer.id}` : '/customers'} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <fieldset>
          <legend>{text.sections.identification}</legend>
          <div class="form-grid">
            {field('name', { required: true, maxLength: 200, autocomplete: 'organization' })}
            {field('trade_name', { maxLength: 200 })}
            {field('code', { maxLength: 60, hint: text.hints.code })}
            {field('document', { maxLength: 20, hint: text.hints.document })}
          </div>
        </fieldset>
        <fieldset>
          <legend>{text.sections.contact}</legend>
          <div class="form-grid">
            {field('email', { type: 'email', maxLength: 254, autocomplete: 'email' })}
            {field('phone', { type: 'tel', maxLength: 30, autocomplete: 'tel' })}
          </div>
        </fieldset>
        <fieldset>
          <legend>{text.sections.address}</legend>
          <div class="form-grid">
            {field('street', { maxLength: 200, autocomplete: 'address-line1' })}
            {field('number', { maxLength: 20 })}
            {field('complement', { maxLength: 100, autocomplete: 'address-line2' })}
            {field('district', { maxLength: 100 })}
            {field('city', { maxLength: 100, autocomplete: 'address-level2' })}
            {field('state', { maxLength: 2, hint: text.hints.state, autocomplete: 'address-level1' })}
            {field('postal_code', { maxLength: 9, inputmode: 'numeric', autocomplete: 'postal-code' })}
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button">
            {t.common.save}
          </button>
          <a class="button ghost" href="/customers">
            {t.common.cancel}
          </a>
        </div>
      </form>
      {customer && documents && <CustomerDocuments customerId={customer.id} documents={documents} timeZone={ctx.session.timeZone} />}
      {/* A customer without documents has no signers either: its documents' card says so already. */}
      {customer && signers && documents && documents.total > 0 && <CustomerSigners signers={signers} />}
    </AppLayout>
  )
}
