// Configurações → Conta (admins): the company name and the account's time zone.
import { BRAZIL_TIME_ZONES, type AccountSettingsErrors } from '../../../modules/accounts/account-settings.js'
import { PageHeader } from '../components/page-header.js'
import { CsrfField, FormField, SelectField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const a = t.accountSettings

export interface AccountSettingsValues {
  name: string
  timeZone: string
}

/** Brazil's zones, and the account's own first when it is another (set by support). */
function zoneOptions(current: string): Array<{ value: string; label: string }> {
  const zones: Record<string, string> = a.zones
  const brazil = BRAZIL_TIME_ZONES.map((zone) => ({ value: zone, label: zones[zone]! }))
  return zones[current] === undefined && current !== '' ? [{ value: current, label: current }, ...brazil] : brazil
}

export function AccountSettingsPage({ ctx, values, savedZone, errors = {} }: { ctx: PageContext; values: AccountSettingsValues; savedZone: string; errors?: AccountSettingsErrors }) {
  const hasErrors = Object.keys(errors).length > 0
  return (
    <AppLayout title={a.title} ctx={ctx} section="account">
      <PageHeader title={a.title} intro={a.intro} />
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <form method="post" action="/settings/account" class="card" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormField name="name" label={a.name} value={values.name} error={errors.name && a.errors[errors.name]} autocomplete="organization" maxLength={120} />
        <SelectField name="time_zone" label={a.timeZone} value={values.timeZone} options={zoneOptions(savedZone)} hint={a.timeZoneHint} error={errors.time_zone && a.errors[errors.time_zone]} />
        <div class="form-actions">
          <button type="submit" class="button">{a.save}</button>
        </div>
      </form>
    </AppLayout>
  )
}
