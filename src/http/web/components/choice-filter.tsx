// A list page's filter by one choice (an e-mail's state): the select, with
// "Todos" for none, "Filtrar", and "Limpar filtros" while one applies. GET, so the link is the filter.
import { SelectField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'

export interface ChoiceFilterProps {
  path: string
  /** The form's accessible name. */
  label: string
  name: string
  fieldLabel: string
  /** The choice as given ('' = all). */
  value: string
  options: { value: string; label: string }[]
}

export function ChoiceFilter({ path, label, name, fieldLabel, value, options }: ChoiceFilterProps) {
  return (
    <form method="get" action={path} class="filters" aria-label={label}>
      <SelectField name={name} label={fieldLabel} required={false} value={value} placeholder={t.common.all} options={options} />
      <div class="form-actions">
        <button type="submit" class="button">{t.common.filter}</button>
        {value !== '' && <a class="button ghost" href={path}>{t.common.clearFilters}</a>}
      </div>
    </form>
  )
}
