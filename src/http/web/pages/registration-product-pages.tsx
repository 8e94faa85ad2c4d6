// Cadastros › Produtos e serviços: the paged list with its search, and the create/edit form.
import type { ProductField, ProductRow } from '../../../modules/catalog/manage-products.js'
import type { FieldErrors } from '../../../modules/catalog/catalog-text.js'
import { PageHeader } from '../components/page-header.js'
import { Pagination } from '../components/pagination.js'
import { CheckboxField, CsrfField, FormField, SelectField, TextAreaField } from '../form-field.js'
import { formatMoney } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { ErrorSummary, HUB_BREADCRUMB, ReadOnlyNotice, StatusBadge, errorText } from './registration-shared.js'

const r = t.registrationData
const p = r.products
const BASE = '/registration-data/products'

export function ProductListPage({ ctx, rows, total, page, perPage, q }: { ctx: PageContext; rows: ProductRow[]; total: number; page: number; perPage: number; q: string }) {
  const admin = ctx.session.role === 'admin'
  return (
    <AppLayout title={p.title} ctx={ctx} section="registrationData">
      <PageHeader title={p.title} breadcrumb={HUB_BREADCRUMB} intro={r.inactiveNotice} actions={admin && <a class="button" href={`${BASE}/new`}>{p.newButton}</a>} />
      <ReadOnlyNotice admin={admin} />
      <form class="filters" method="get" action={BASE} role="search">
        <div class="field grow">
          <label for="filter-q">{p.searchLabel}</label>
          <input id="filter-q" name="q" type="search" value={q} />
        </div>
        <button type="submit" class="button secondary">{t.common.search}</button>
        {q !== '' && <a class="button ghost" href={BASE}>{t.common.clearFilters}</a>}
      </form>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{p.code}</th>
              <th scope="col">{p.name}</th>
              <th scope="col">{p.kind}</th>
              <th scope="col">{p.unit}</th>
              <th scope="col" class="num">{p.price}</th>
              <th scope="col">{r.status}</th>
              {admin && <th scope="col" class="num">{t.common.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td class="empty" colSpan={admin ? 7 : 6}>{r.empty}</td>
              </tr>
            )}
            {rows.map((row) => (
              <tr>
                <td><code>{row.code}</code></td>
                <td>{row.name}</td>
                <td>{p.kinds[row.kind]}</td>
                <td>{row.unit}</td>
                <td class="num">{formatMoney(row.price_cents)}</td>
                <td><StatusBadge active={row.active} /></td>
                {admin && (
                  <td class="num">
                    <a class="button ghost small" href={`${BASE}/${row.id}/edit`} aria-label={`${t.common.edit} ${row.name}`}>{t.common.edit}</a>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination path={BASE} query={{ q }} page={page} perPage={perPage} total={total} />
    </AppLayout>
  )
}

export interface ProductFormValues {
  code: string
  name: string
  kind: string
  unit: string
  price: string
  description: string
  active: boolean
}

export function ProductFormPage({ ctx, id, values, errors }: { ctx: PageContext; id?: number; values: ProductFormValues; errors?: FieldErrors<ProductField> }) {
  const title = id === undefined ? p.newTitle : p.editTitle(values.name)
  const action = id === undefined ? BASE : `${BASE}/${id}`
  return (
    <AppLayout title={title} ctx={ctx} section="registrationData">
      <PageHeader title={title} breadcrumb={{ label: p.title, href: BASE }} />
      <ErrorSummary errors={errors} />
      <form class="card" method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class="form-grid">
          <FormField name="code" label={p.code} value={values.code} error={errorText(errors?.code)} hint={p.codeHint} maxLength={60} />
          <FormField name="name" label={p.name} value={values.name} error={errorText(errors?.name)} maxLength={200} />
          <SelectField name="kind" label={p.kind} value={values.kind} error={errorText(errors?.kind)} options={[{ value: 'product', label: p.kinds.product! }, { value: 'service', label: p.kinds.service! }]} />
          <FormField name="unit" label={p.unit} value={values.unit} error={errorText(errors?.unit)} hint={p.unitHint} maxLength={20} />
          <FormField name="price" label={p.price} value={values.price} error={errorText(errors?.price)} hint={p.priceHint} inputmode="decimal" />
        </div>
        <TextAreaField name="description" label={p.description} value={values.description} error={errorText(errors?.description)} />
        <CheckboxField name="active" label={r.activeField} checked={values.active} hint={r.activeHint} />
        <div class="form-actions">
          <button type="submit" class="button">{t.common.save}</button>
          <a class="button ghost" href={BASE}>{t.common.cancel}</a>
        </div>
      </form>
    </AppLayout>
  )
}
