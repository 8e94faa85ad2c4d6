// The document form, shared by "Novo documento" and the edit page: general data, item rows,
// signer rows and custom field rows. Rows are plain fields named items[0][product_id]…; the
// 'proposal-form' script adds and removes rows from the <template>s and previews the totals, but
// the form works without it (a few blank rows; the server computes the totals on saving).
import { PaymentTermsFields } from './proposal-terms-fields.js'
import type { ComponentChildren } from 'preact'
import type { ProposalFormOptions } from '../../../modules/proposals/proposal-form-options.js'
import { PageHeader } from '../components/page-header.js'
import { CheckboxField, CsrfField, FieldFrame, FormField, SelectField, TextAreaField, describedBy } from '../form-field.js'
import { formatDocument, formatMoney } from '../format.js'
import { formatFileSize } from '../../../platform/pt-br-format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import { SIGNER_SUGGESTIONS_PATH } from './signer-suggestions.js'
import type { PageContext } from '../page-context.js'
import {
  blankField,
  blankItem,
  blankSigner,
  installmentCount,
  type CustomFieldValues,
  type FormErrors,
  type ItemValues,
  previewTotals,
  type ProposalFormValues,
  type SignerValues,
} from './proposal-form-values.js'

const f = t.proposals.form
/** Stands for the row index inside a <template>; the script replaces it with the next index. */
const INDEX = '__INDEX__'
/** Stands for the row's ordinal in a <template>'s legend. */
const NUMBER = '__NUMBER__'

interface RowInputProps {
  group: string
  index: string
  field: string
  label: string
  value: string
  errors: FormErrors
  type?: 'text' | 'email' | 'tel'
  hint?: string
  inputmode?: 'numeric' | 'decimal'
  data?: Record<string, string>
  maxLength?: number
}

function RowInput({ group, index, field, label, value, errors, type = 'text', hint, inputmode, data = {}, maxLength }: RowInputProps) {
  const id = `field-${group}-${index}-${field}`
  const error = errors[`${group}[${index}][${field}]`]
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={`${group}[${index}][${field}]`}
        // preact's input types are a union keyed on `type`; these share the same attributes.
        type={type as 'text'}
        value={value}
        inputMode={inputmode}
        maxLength={maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...data}
      />
    </FieldFrame>
  )
}

function RowSelect({ group, index, field, label, value, errors, options, data = {} }: { group: string; index: string; field: string; label: string; value: string; errors: FormErrors; options: Array<{ value: string; label: string; data?: Record<string, string> }>; data?: Record<string, string> }) {
  const id = `field-${group}-${index}-${field}`
  const error = errors[`${group}[${index}][${field}]`]
  return (
    <FieldFrame id={id} label={label} error={error}>
      <select id={id} name={`${group}[${index}][${field}]`} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, undefined, error)} {...data}>
        <option value="">{t.common.select}</option>
        {options.map((option) => (
          <option value={option.value} selected={option.value === value} {...(option.data ?? {})}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  )
}

function RemoveButton() {
  // Hidden until the script runs: without it a row is removed by clearing its fields.
  return (
    <button type="button" class="button ghost small" data-remove-row hidden>
      {t.proposals.form.removeRow}
    </button>
  )
}

type ProductOptions = Array<{ value: string; label: string; data: Record<string, string> }>

/** The item rows' product select, built once per form; null where items name a product by code. */
function productOptions(options: ProposalFormOptions): ProductOptions | null {
  return (
    options.products?.map((product) => ({
      value: String(product.id),
      label: `${product.code} · ${product.name} (${formatMoney(product.price_cents)}/${product.unit})`,
      data: { 'data-price-cents': String(product.price_cents) },
    })) ?? null
  )
}

function ProductField({ index, item, errors, products }: { index: string; item: ItemValues; errors: FormErrors; products: ProductOptions | null }) {
  if (products !== null) return <RowSelect group="items" index={index} field="product_id" label={f.product} value={item.product_id} errors={errors} options={products} data={{ 'data-product': '' }} />
  // The module's errors about the product (inactive, say) are keyed by its id: shown here too.
  const codeErrors = { ...errors, [`items[${index}][product_code]`]: errors[`items[${index}][product_code]`] ?? errors[`items[${index}][product_id]`] ?? '' }
  return <RowInput group="items" index={index} field="product_code" label={f.productCode} value={item.product_code} errors={codeErrors} hint={f.productCodeHint} maxLength={64} />
}

function ItemRow({ index, number, item, errors, products, lineTotal }: { index: string; number: string; item: ItemValues; errors: FormErrors; products: ProductOptions | null; lineTotal: number | null }) {
  return (
    <fieldset class="proposal-row" data-row>
      <legend>{f.itemLegend(number)}</legend>
      <div class="proposal-row-grid items">
        <ProductField index={index} item={item} errors={errors} products={products} />
        <RowInput group="items" index={index} field="quantity" label={f.quantity} value={item.quantity} errors={errors} inputmode="decimal" data={{ 'data-quantity': '' }} />
        <RowInput group="items" index={index} field="unit_price" label={f.unitPrice} value={item.unit_price} errors={errors} inputmode="decimal" hint={f.unitPriceHint} data={{ 'data-unit-price': '' }} />
        <RowInput group="items" index={index} field="discount" label={f.discount} value={item.discount} errors={errors} inputmode="decimal" data={{ 'data-discount': '' }} />
        <div class="field line-total">
          <span class="field-label" id={`items-${index}-total-label`}>{f.lineTotal}</span>
          <output data-line-total aria-labelledby={`items-${index}-total-label`}>{lineTotal === null ? t.common.none : formatMoney(lineTotal)}</output>
        </div>
      </div>
      {item.description_product !== '' && (
        <>
          <input type="hidden" name={`items[${index}][description]`} value={item.description} />
          <input type="hidden" name={`items[${index}][description_product]`} value={item.description_product} />
        </>
      )}
      <RemoveButton />
    </fieldset>
  )
}

function SignerRow({ index, number, signer, errors, options }: { index: string; number: string; signer: SignerValues; errors: FormErrors; options: ProposalFormOptions }) {
  const roles = options.signer_roles.map((role) => ({ value: String(role.id), label: role.name }))
  return (
    <fieldset class="proposal-row" data-row>
      <legend>{f.signerLegend(number)}</legend>
      <div class="proposal-row-grid">
        <RowInput group="signers" index={index} field="name" label={f.signerName} value={signer.name} errors={errors} maxLength={200} />
        <RowInput group="signers" index={index} field="email" label={f.signerEmail} value={signer.email} errors={errors} type="email" maxLength={254} />
        <RowInput group="signers" index={index} field="cpf" label={f.signerCpf} value={signer.cpf} errors={errors} inputmode="numeric" maxLength={14} />
        <RowInput group="signers" index={index} field="phone" label={f.signerPhone} value={signer.phone} errors={errors} type="tel" maxLength={30} />
        <RowSelect group="signers" index={index} field="role_id" label={f.signerRole} value={signer.role_id} errors={errors} options={roles} />
        <RowInput group="signers" index={index} field="signing_order" label={f.signingOrder} value={signer.signing_order} errors={errors} inputmode="numeric" />
        <CheckboxField
          name={`signers[${index}][email_code]`}
          id={`field-signers-${index}-email_code`}
          label={f.signerEmailCode}
          hint={f.signerEmailCodeHint}
          checked={signer.email_code !== ''}
          error={errors[`signers[${index}][email_code]`]}
        />
      </div>
      <RemoveButton />
    </fieldset>
  )
}

function CustomFieldRow({ index, number, field, errors }: { index: string; number: string; field: CustomFieldValues; errors: FormErrors }) {
  return (
    <fieldset class="proposal-row" data-row>
      <legend>{f.fieldLegend(number)}</legend>
      <div class="proposal-row-grid">
        <RowInput group="fields" index={index} field="key" label={f.fieldKey} value={field.key} errors={errors} maxLength={64} />
        {/* A text area: a value may hold line breaks (a clause, an address), which an input drops. */}
        <TextAreaField name={`fields[${index}][value]`} id={`field-fields-${index}-value`} label={f.fieldValue} value={field.value} error={errors[`fields[${index}][value]`]} rows={2} />
        <input type="hidden" name={`fields[${index}][type]`} value={field.type} />
      </div>
      <RemoveButton />
    </fieldset>
  )
}

function RowGroup({ group, title, hint, lead, error, addLabel, count, template, children }: { group: string; title: string; hint?: string; lead?: ComponentChildren; error?: string | undefined; addLabel: string; count: number; template: ComponentChildren; children: ComponentChildren }) {
  const errorId = `${group}-error`
  return (
    <section class="card proposal-group" aria-labelledby={`${group}-heading`} aria-describedby={error ? errorId : undefined}>
      <h2 id={`${group}-heading`}>{title}</h2>
      {hint && <p class="field-hint">{hint}</p>}
      {error && <p class="field-error" id={errorId}>{error}</p>}
      {lead}
      <div class="proposal-rows" data-rows={group} data-next-index={String(count)}>
        {children}
      </div>
      <template data-row-template={group}>{template}</template>
      <button type="button" class="button secondary small" data-add-row={group} hidden>
        {addLabel}
      </button>
    </section>
  )
}

/** Rows to show: the typed ones and blank ones up to `minimum` (always at least one blank). */
function withBlanks<T>(rows: T[], minimum: number, blank: () => T): T[] {
  return [...rows, ...Array.from({ length: Math.max(1, minimum - rows.length) }, blank)]
}

export interface ProposalFormProps {
  ctx: PageContext
  action: string
  submitLabel: string
  options: ProposalFormOptions
  values: ProposalFormValues
  errors: FormErrors
  /** The draft this form edits: its own signers are not offered back to it. */
  documentId?: number
  /** "Duplicar" of a document with attachments: whether to copy them too. */
  copyAttachments?: AttachmentCopyOffer
}

/** The source document of a copy, its attachments, and whether the box to copy them is ticked. */
export interface AttachmentCopyOffer {
  from: number
  number: number
  files: Array<{ file_name: string; size: number }>
  checked: boolean
}

/** A copy's offer to bring the source's attachments along (checked unless the user unticked it). */
function CopyAttachments({ offer }: { offer: AttachmentCopyOffer }) {
  const c = t.proposals.copy
  return (
    <section class="card" aria-labelledby="copy-attachments-heading" data-copy-attachments="">
      <h2 id="copy-attachments-heading">{c.attachmentsTitle}</h2>
      <input type="hidden" name="attachments_from" value={String(offer.from)} />
      <CheckboxField name="copy_attachments" label={c.attachmentsLabel(offer.number, offer.files.length)} checked={offer.checked}
        hint={offer.files.map((file) => `${file.file_name} (${formatFileSize(file.size)})`).join(' · ')} />
    </section>
  )
}

export function ProposalForm({ ctx, action, submitLabel, options, values, errors, documentId, copyAttachments }: ProposalFormProps) {
  const items = withBlanks(values.items, 3, blankItem)
  const signers = withBlanks(values.signers, 2, blankSigner)
  const fields = withBlanks(values.fields, 2, blankField)
  const products = productOptions(options)
  const prices = new Map([...(options.products ?? []), ...options.typedProducts].map((product) => [product.id, product.price_cents]))
  const preview = previewTotals({ ...values, items }, (id) => prices.get(id))
  const maxInstallments = Math.max(1, installmentCount(values.installments) ?? 1, ...options.payment_methods.map((method) => method.max_installments))
  const hasErrors = Object.keys(errors).length > 0
  return (
    <form method="post" action={action} class="proposal-form" data-proposal-form>
      <CsrfField token={ctx.csrfToken} />
      {hasErrors && (
        <div class="alert error" role="alert">
          <p>{t.formHasErrors}</p>
          {errors._form && <p>{errors._form}</p>}
        </div>
      )}
      <section class="card" aria-labelledby="general-heading">
        <h2 id="general-heading">{f.general}</h2>
        <div class="form-grid">
          <FormField name="title" label={f.title} value={values.title} error={errors.title} hint={f.titleHint} required={false} maxLength={200} />
          {options.customers === null ? (
            <FormField name="customer_ref" id="field-customer" label={f.customerRef} value={values.customer_ref} error={errors.customer} hint={f.customerRefHint} />
          ) : (
            <SelectField
              name="customer_id"
              id="field-customer"
              label={f.customer}
              value={values.customer_id}
              error={errors.customer}
              placeholder={t.common.select}
              options={options.customers.map((customer) => ({
                value: String(customer.id),
                label: customer.document ? `${customer.name} — ${formatDocument(customer.document)}` : customer.name,
              }))}
            />
          )}
          <SelectField name="template_id" label={f.template} value={values.template_id} error={errors.template_id} placeholder={t.common.select} options={options.templates.map((template) => ({ value: String(template.id), label: template.name }))} />
          <SelectField name="seller_id" label={f.seller} value={values.seller_id} error={errors.seller_id} placeholder={f.sellerDefault} required={false} options={options.sellers.map((seller) => ({ value: String(seller.id), label: seller.name }))} />
          <SelectField name="signature_type" label={f.signatureType} value={values.signature_type} error={errors.signature_type} options={options.signature_types.map((type) => ({ value: type.id, label: type.name }))} />
          <div class="field">
            <label for="field-payment_method_id">{f.paymentMethod}</label>
            <select id="field-payment_method_id" name="payment_method_id" required data-payment-method aria-invalid={errors.payment_method_id ? 'true' : undefined} aria-describedby={errors.payment_method_id ? 'field-payment_method_id-error' : undefined}>
              <option value="">{t.common.select}</option>
              {options.payment_methods.map((method) => (
                <option value={String(method.id)} selected={String(method.id) === values.payment_method_id} data-max-installments={String(method.max_installments)}>
                  {f.paymentMethodOption(method.name, method.max_installments)}
                </option>
              ))}
            </select>
            {errors.payment_method_id && <p class="field-error" id="field-payment_method_id-error">{errors.payment_method_id}</p>}
          </div>
          <div class="field">
            <label for="field-installments">{f.installments}</label>
            <select id="field-installments" name="installments" data-installments aria-invalid={errors.installments ? 'true' : undefined} aria-describedby={errors.installments ? 'field-installments-error' : undefined}>
              {Array.from({ length: maxInstallments }, (_, index) => String(index + 1)).map((count) => (
                <option value={count} selected={count === (values.installments || '1')}>
                  {f.installmentOption(Number(count))}
                </option>
              ))}
            </select>
            {errors.installments && <p class="field-error" id="field-installments-error">{errors.installments}</p>}
          </div>
          <FormField name="down_payment" label={f.downPayment} value={values.down_payment} error={errors.down_payment} hint={f.downPaymentHint} inputmode="decimal" required={false} />
          {/* The script shows it as the template or the down payment change (drawn for the values as
              they are); the region stays, so a screen reader hears the warning when it appears. */}
          <div class="grid-wide" role="status">
            <p
              class="alert info"
              data-down-payment-template-hint
              data-templates={options.templatesOmittingDownPayment.join(' ')}
              hidden={!(preview.down_payment_cents > 0 && options.templatesOmittingDownPayment.includes(Number(values.template_id)))}
            >
              {f.templateOmitsDownPayment}
            </p>
          </div>
          {/* The days of the down payment, then those of the installments: one row of days. */}
          <FormField name="down_payment_due_days" label={f.downPaymentDueDays} value={values.down_payment_due_days} error={errors.down_payment_due_days} hint={f.downPaymentDueDaysHint} inputmode="numeric" maxLength={3} required={false} />
          <PaymentTermsFields values={values} errors={errors} />
          <FormField name="valid_until" type="date" label={f.validUntil} value={values.valid_until} error={errors.valid_until} required={false} />
          <FormField name="external_reference" label={f.externalReference} value={values.external_reference} error={errors.external_reference} hint={f.externalReferenceHint} required={false} maxLength={100} />
        </div>
        <TextAreaField name="notes" label={f.notes} value={values.notes} error={errors.notes} rows={3} />
      </section>

      <RowGroup group="items" title={f.items} error={errors.items} addLabel={f.addItem} count={items.length} template={<ItemRow index={INDEX} number={NUMBER} item={blankItem()} errors={{}} products={products} lineTotal={null} />}>
        {items.map((item, index) => (
          <ItemRow index={String(index)} number={String(index + 1)} item={item} errors={errors} products={products} lineTotal={preview.lines[index] ?? null} />
        ))}
      </RowGroup>

      <section class="card proposal-totals" aria-labelledby="totals-heading" data-totals>
        <h2 id="totals-heading">{f.totals}</h2>
        <dl aria-live="polite">
          <div><dt>{f.subtotal}</dt><dd data-total="subtotal">{formatMoney(preview.subtotal_cents)}</dd></div>
          <div><dt>{f.discounts}</dt><dd data-total="discount">{formatMoney(preview.discount_cents)}</dd></div>
          <div class="grand"><dt>{f.total}</dt><dd data-total="total">{formatMoney(preview.total_cents)}</dd></div>
          <div data-down-payment-row hidden={preview.down_payment_cents === 0}><dt>{f.downPaymentValue}</dt><dd data-total="down-payment">{formatMoney(preview.down_payment_cents)}</dd></div>
          <div><dt>{f.installmentValue}</dt><dd data-total="installment">{formatMoney(preview.installment_cents)}</dd></div>
        </dl>
        <p class="field-hint" data-totals-note>{f.totalsAfterSave}</p>
      </section>

      <RowGroup
        group="signers"
        title={f.signers}
        // Filled by signer-suggestions.js with the customer's earlier signers (SignerSuggestions).
        lead={<div data-signer-suggestions={SIGNER_SUGGESTIONS_PATH} data-exclude={documentId === undefined ? undefined : String(documentId)} aria-live="polite" />}
        error={errors.signers} addLabel={f.addSigner} count={signers.length} template={<SignerRow index={INDEX} number={NUMBER} signer={blankSigner()} errors={{}} options={options} />}>
        {signers.map((signer, index) => (
          <SignerRow index={String(index)} number={String(index + 1)} signer={signer} errors={errors} options={options} />
        ))}
      </RowGroup>

      <section class="card" aria-labelledby="copy-to-heading">
        <h2 id="copy-to-heading">{f.copyTo}</h2>
        <TextAreaField name="copy_to" label={f.copyToLabel} value={values.copy_to} error={errors.copy_to} hint={f.copyToHint} rows={2} />
      </section>

      <RowGroup group="fields" title={f.fields} hint={f.fieldsHint} error={errors.fields} addLabel={f.addField} count={fields.length} template={<CustomFieldRow index={INDEX} number={NUMBER} field={blankField()} errors={{}} />}>
        {fields.map((field, index) => (
          <CustomFieldRow index={String(index)} number={String(index + 1)} field={field} errors={errors} />
        ))}
      </RowGroup>

      {copyAttachments && copyAttachments.files.length > 0 && <CopyAttachments offer={copyAttachments} />}

      <div class="form-actions">
        <button type="submit" class="button">{submitLabel}</button>
        <a class="button ghost" href="/proposals">{t.common.cancel}</a>
      </div>
    </form>
  )
}

/**
 * What a document needs that the account has not registered yet, with where to register it: a new
 * account starts empty, and its form's empty lists had only said "Escolha uma opção" on saving.
 */
function missingRegistrations(options: ProposalFormOptions): Array<{ label: string; href: string }> {
  const m = t.proposals.missing
  const missing: Array<{ label: string; href: string; absent: boolean }> = [
    { label: m.customers, href: '/customers/new', absent: options.customers?.length === 0 },
    { label: m.products, href: '/registration-data/products', absent: options.products?.length === 0 },
    { label: m.templates, href: '/registration-data/templates', absent: options.templates.length === 0 },
    { label: m.paymentMethods, href: '/registration-data/payment-methods', absent: options.payment_methods.length === 0 },
    { label: m.signerRoles, href: '/registration-data/signer-roles', absent: options.signer_roles.length === 0 },
  ]
  return missing.filter((entry) => entry.absent)
}

export function NewProposalPage({ copiedFrom, ...props }: Omit<ProposalFormProps, 'action' | 'submitLabel'> & { copiedFrom?: { id: number; number: number } }) {
  const missing = missingRegistrations(props.options)
  return (
    <AppLayout title={t.proposals.newTitle} ctx={props.ctx} section="proposals" scripts={['proposal-form', 'signer-suggestions']}>
      <PageHeader title={t.proposals.newTitle} breadcrumb={{ label: t.proposals.title, href: '/proposals' }} />
      {copiedFrom && (
        <p class="alert info" role="status" data-copied-from={copiedFrom.number}>
          {t.proposals.copy.intro(copiedFrom.number)} <a href={`/proposals/${copiedFrom.id}/edit`}>{t.proposals.copy.original}</a>
        </p>
      )}
      {missing.length > 0 && (
        <div class="alert info" role="status" data-missing-registrations>
          <p>{t.proposals.missing.intro}</p>
          <ul>{missing.map((entry) => <li><a href={entry.href}>{entry.label}</a></li>)}</ul>
        </div>
      )}
      <ProposalForm {...props} action="/proposals" submitLabel={f.create} />
    </AppLayout>
  )
}
