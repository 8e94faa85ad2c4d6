// Cadastros › Usuários e vendedores (admins only): the account's people and the create/edit form.
import { MIN_PASSWORD_LENGTH } from '../../../modules/accounts/sign-up.js'
import type { AccountUserRow, UserErrors } from '../../../modules/accounts/manage-users.js'
import type { SessionsSummary } from '../../../modules/accounts/own-sessions.js'
import { CheckboxField, CsrfField, FormField, SelectField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { formatShare } from '../../../modules/lifecycle/discount-rule.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'
import { RegistrationFormPage, RegistrationListPage, type RegistrationColumn, errorText } from './registration-shared.js'

const r = t.registrationData
const u = r.users
const BASE = '/registration-data/users'

export function UserListPage({ ctx, rows }: { ctx: PageContext; rows: AccountUserRow[] }) {
  const columns: RegistrationColumn<AccountUserRow>[] = [
    {
      label: u.name,
      cell: (row) => (
        <>
          {row.name}
          {row.id === ctx.session.userId && <span class="muted"> ({u.you})</span>}
        </>
      ),
    },
    { label: u.email, cell: (row) => row.email },
    { label: u.role, cell: (row) => t.roles[row.role] },
    {
      label: u.seller,
      cell: (row) => (
        <>
          {row.is_seller ? t.common.yes : t.common.no}
          {row.is_default_seller && <> <span class="badge accent">{u.defaultBadge}</span></>}
        </>
      ),
    },
    // A seller's own discount limit, where an admin set one; the others follow the account's.
    { label: u.discountLimitColumn, cell: (row) => (row.discount_approval_above_bp === null ? <span class="muted">{u.accountLimit}</span> : formatShare(row.discount_approval_above_bp)) },
  ]
  return <RegistrationListPage ctx={ctx} texts={u} base={BASE} columns={columns} rows={rows} adminOnly />
}

export interface UserFormValues {
  name: string
  email: string
  role: string
  isSeller: boolean
  isDefaultSeller: boolean
  active: boolean
  /** Their own discount limit as typed ("" follows the account's). */
  discountApprovalAbove: string
  /** A new user: invited by e-mail to choose their password (only when e-mail can be sent). */
  invite: boolean
}

/** Sending an invitation again, below an active user's form: a new link, the earlier ones dead. */
function ResendInvitation({ ctx, id, email }: { ctx: PageContext; id: number; email: string }) {
  return (
    <form method="post" action={`${BASE}/${id}/invite`} class="card action-form">
      <CsrfField token={ctx.csrfToken} />
      <h2>{u.resendHeading}</h2>
      <p class="muted">{u.resendHint(email)}</p>
      <button type="submit" class="button secondary">{u.resend}</button>
    </form>
  )
}

/** Turning off a user's two-step verification (a lost phone), below the form while it is on. */
function ResetTwoFactor({ ctx, id, email }: { ctx: PageContext; id: number; email: string }) {
  return (
    <form method="post" action={`${BASE}/${id}/two-factor/reset`} class="card action-form">
      <CsrfField token={ctx.csrfToken} />
      <h2>{u.twoFactorHeading}</h2>
      <p class="muted">{u.twoFactorHint(email)}</p>
      <button type="submit" class="button secondary">{u.twoFactorReset}</button>
    </form>
  )
}

/** Ending another user's sessions (a lost laptop), with how many they have and their last use. */
function EndUserSessions({ ctx, id, email, sessions }: { ctx: PageContext; id: number; email: string; sessions: SessionsSummary }) {
  return (
    <form method="post" action={`${BASE}/${id}/sessions/end`} class="card action-form">
      <CsrfField token={ctx.csrfToken} />
      <h2>{u.sessionsHeading}</h2>
      <p class="muted">{sessions.lastSeenAt === null ? u.sessionsNone(email) : u.sessionsOpen(email, sessions.count, formatDateTime(sessions.lastSeenAt, ctx.session.timeZone))}</p>
      {sessions.lastSeenAt !== null && <button type="submit" class="button secondary">{u.sessionsEnd}</button>}
    </form>
  )
}

export interface UserFormPageProps {
  ctx: PageContext
  id?: number
  /** The edited user has two-step verification on. */
  twoFactorOn?: boolean
  /** Another user's sessions (absent for one's own, which Minha conta shows). */
  sessions?: SessionsSummary | undefined
  values: UserFormValues
  errors?: UserErrors
  /** Whether e-mail can be sent (SMTP_URL): without it an invitation would never arrive. */
  canInvite: boolean
}

export function UserFormPage({ ctx, id, values, errors, canInvite, twoFactorOn = false, sessions }: UserFormPageProps) {
  const editing = id !== undefined
  const after = editing ? (
    <>
      {canInvite && values.active && <ResendInvitation ctx={ctx} id={id} email={values.email} />}
      {twoFactorOn && <ResetTwoFactor ctx={ctx} id={id} email={values.email} />}
      {sessions && <EndUserSessions ctx={ctx} id={id} email={values.email} sessions={sessions} />}
    </>
  ) : undefined
  return (
    <RegistrationFormPage ctx={ctx} texts={u} base={BASE} id={id} name={values.name} errors={errors} after={after} activityKind="user" scripts={!editing && canInvite ? ['toggle-fields'] : []}>
      <div class="form-grid">
        <FormField name="name" label={u.name} value={values.name} error={errorText(errors?.name)} autocomplete="off" maxLength={120} />
        {editing ? (
          <div class="field">
            <p class="registration-label">{u.email}</p>
            <p>{values.email}</p>
            <p class="field-hint">{u.emailFixed}</p>
          </div>
        ) : (
          <FormField name="email" type="email" label={u.email} value={values.email} error={errorText(errors?.email)} autocomplete="off" />
        )}
        <SelectField name="role" label={u.role} value={values.role} error={errorText(errors?.role)} hint={u.roleHint}
          options={[{ value: 'member', label: t.roles.member }, { value: 'admin', label: t.roles.admin }]} />
        {/* With an invitation the person chooses their own password: the field hides while it is ticked. */}
        <div data-hidden-when-checked={!editing && canInvite ? 'field-invite' : undefined}>
          <FormField name="password" type="password" label={editing ? u.newPassword : u.password} required={!editing && !canInvite} autocomplete="new-password"
            error={errorText(errors?.password)} hint={editing ? u.newPasswordHint(MIN_PASSWORD_LENGTH) : canInvite ? u.passwordHintWithInvite(MIN_PASSWORD_LENGTH) : u.passwordHint(MIN_PASSWORD_LENGTH)} />
        </div>
      </div>
      {!editing && (canInvite ? <CheckboxField name="invite" label={u.invite} checked={values.invite} hint={u.inviteHint} /> : <p class="field-hint">{u.inviteNeedsSmtp}</p>)}
      <CheckboxField name="is_seller" label={u.isSeller} checked={values.isSeller} hint={u.isSellerHint} error={errorText(errors?.is_seller)} />
      <CheckboxField name="is_default_seller" label={u.isDefaultSeller} checked={values.isDefaultSeller} hint={u.isDefaultSellerHint} error={errorText(errors?.is_default_seller)} />
      {editing && <CheckboxField name="active" label={u.active} checked={values.active} hint={u.activeHint} error={errorText(errors?.active)} />}
      <div class="form-grid">
        <FormField name="discount_approval_above" label={u.discountApprovalAbove} value={values.discountApprovalAbove} error={errorText(errors?.discount_approval_above)} hint={u.discountApprovalAboveHint} required={false} inputmode="decimal" maxLength={10} />
      </div>
    </RegistrationFormPage>
  )
}
