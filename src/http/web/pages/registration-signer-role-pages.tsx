// Cadastros › Papéis de signatários: the list and the create/edit form.
import type { FieldErrors } from '../../../modules/catalog/catalog-text.js'
import type { SignerRoleField, SignerRoleRow } from '../../../modules/catalog/manage-signer-roles.js'
import { CheckboxField, FormField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'
import { RegistrationFormPage, RegistrationListPage, type RegistrationColumn, errorText } from './registration-shared.js'

const r = t.registrationData
const s = r.signerRoles
const BASE = '/registration-data/signer-roles'

const COLUMNS: RegistrationColumn<SignerRoleRow>[] = [{ label: s.name, cell: (row) => row.name }]

export function SignerRoleListPage({ ctx, rows }: { ctx: PageContext; rows: SignerRoleRow[] }) {
  return <RegistrationListPage ctx={ctx} texts={s} base={BASE} columns={COLUMNS} rows={rows} />
}

export function SignerRoleFormPage({ ctx, id, values, errors }: { ctx: PageContext; id?: number; values: { name: string; active: boolean }; errors?: FieldErrors<SignerRoleField> }) {
  return (
    <RegistrationFormPage ctx={ctx} texts={s} base={BASE} id={id} name={values.name} errors={errors} narrow activityKind="signer_role">
      <FormField name="name" label={s.name} value={values.name} error={errorText(errors?.name)} maxLength={120} />
      <CheckboxField name="active" label={r.activeField} checked={values.active} hint={r.activeHint} />
    </RegistrationFormPage>
  )
}
