// Cadastros › Produtos e serviços: the paged list with its search, and the create/edit form.
import type { ProductField, ProductRow } from '../../../modules/catalog/manage-products.js'
import type { FieldErrors } from '../../../modules/catalog/catalog-text.js'
import { Pagination } from '../components/pagination.js'
import { CheckboxField, FormField, SelectField, TextAreaField } from '../form-field.js'
import { formatMoney } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'
import { RegistrationFormPage, RegistrationListPage, type RegistrationColumn, errorText } from './registration-shared.js'

const r = t.registrationData
const p = r.products
const BASE = '/registration-data/products'

const COLUMNS: RegistrationColumn<ProductRow>[] = [
  { label: p.code, cell: (row) => <code>{row.code}</code> },
  { label: p.name, cell: (row) => row.name },
  { label: p.kind, cell: (row) => p.kinds[row.kind] },
  { label: p.unit, cell: (row) => row.unit },
  { label: p.price, num: true, cell: (row) => formatMoney(row.price_cents) },
]

export function ProductListPage({ ctx, rows, total, page, perPage, q }: { ctx: PageContext; rows: ProductRow[]; total: number; page: number; perPage: number; q: string }) {
  const search = (
    <form class="filters" method="get" action={BASE} role="search">
      <div class="field grow">
        <label for="filter-q">{p.searchLabel}</label>
        <input id="filter-q" name="q" type="search" value={q} />
      </div>
      <button type="submit" class="button secondary">{t.common.search}</button>
      {q !== '' && <a class="button ghost" href={BASE}>{t.common.clearFilters}</a>}
    </form>
  )
  return (
    <RegistrationListPage ctx={ctx} texts={p} base={BASE} columns={COLUMNS} rows={rows} filters={search}
      pagination={<Pagination path={BASE} query={{ q }} page={page} perPage={perPage} total={total} />} />
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
  return (
    <RegistrationFormPage ctx={ctx} texts={p} base={BASE} id={id} name={values.name} errors={errors} activityKind="product">
      <div class="form-grid">
        <FormField name="code" label={p.code} value={values.code} error={errorText(errors?.code)} hint={p.codeHint} maxLength={60} />
        <FormField name="name" label={p.name} value={values.name} error={errorText(errors?.name)} maxLength={200} />
        <SelectField name="kind" label={p.kind} value={values.kind} error={errorText(errors?.kind)} options={[{ value: 'product', label: p.kinds.product! }, { value: 'service', label: p.kinds.service! }]} />
        <FormField name="unit" label={p.unit} value={values.unit} error={errorText(errors?.unit)} hint={p.unitHint} maxLength={20} />
        <FormField name="price" label={p.price} value={values.price} error={errorText(errors?.price)} hint={p.priceHint} inputmode="decimal" />
      </div>
      <TextAreaField name="description" label={p.description} value={values.description} error={errorText(errors?.description)} />
      <CheckboxField name="active" label={r.activeField} checked={values.active} hint={r.activeHint} />
    </RegistrationFormPage>
  )
}
