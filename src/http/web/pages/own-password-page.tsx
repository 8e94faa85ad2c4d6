// Minha conta: any signed-in user changes their own password (the current one first), turns
// two-step verification on or off (`#duas-etapas`), sees and ends their sessions (`#sessoes`), and
// chooses which e-mail notices they get (Avisos por e-mail, the `#avisos` the notices link to).
import { MIN_PASSWORD_LENGTH } from '../../../modules/accounts/sign-up.js'
import type { NoticePreferences } from '../../../modules/accounts/notice-preferences.js'
import { EXPIRY_WARNING_DAYS } from '../../../modules/lifecycle/expiry-notices.js'
import type { OwnPasswordErrors } from '../../../modules/accounts/own-password.js'
import type { OwnSession } from '../../../modules/accounts/own-sessions.js'
import type { TwoFactorState } from '../../../modules/accounts/two-factor.js'
import { PageHeader } from '../components/page-header.js'
import { CheckboxField, CsrfField, FormField } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { OwnSessionsCard } from './own-sessions-card.js'
import type { SecurityKeysView } from './security-key-pages.js'
import { TwoFactorCard, type TwoFactorCardErrors } from './two-factor-pages.js'

const p = t.ownPassword

function message(code: OwnPasswordErrors[keyof OwnPasswordErrors]): string | undefined {
  if (code === undefined) return undefined
  return code === 'password_too_short' ? p.errors.password_too_short(MIN_PASSWORD_LENGTH) : p.errors[code]
}

export function OwnPasswordPage(props: { ctx: PageContext; notices: NoticePreferences; errors?: OwnPasswordErrors | undefined; twoFactor: TwoFactorState; securityKeys: SecurityKeysView; twoFactorErrors?: TwoFactorCardErrors | undefined; sessions: OwnSession[] }) {
  const { ctx, notices, errors = {}, twoFactor, securityKeys, twoFactorErrors = {}, sessions } = props
  const hasErrors = Object.keys(errors).length > 0 || Object.keys(twoFactorErrors).length > 0
  return (
    <AppLayout title={p.title} ctx={ctx} section={null}>
      <PageHeader title={p.title} />
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      {/* Passwords are never sent back into the page: after an error every field is empty again. */}
      <form method="post" action="/account/password" class="card" novalidate aria-labelledby="password-heading">
        <h2 id="password-heading">{p.passwordHeading}</h2>
        <p class="muted">{p.intro}</p>
        <CsrfField token={ctx.csrfToken} />
        <FormField name="current_password" type="password" label={p.current} value="" error={message(errors.current)} autocomplete="current-password" />
        <FormField name="new_password" type="password" label={p.next} value="" hint={p.nextHint(MIN_PASSWORD_LENGTH)} error={message(errors.next)} autocomplete="new-password" />
        <FormField name="confirmation" type="password" label={p.confirmation} value="" error={message(errors.confirmation)} autocomplete="new-password" />
        <div class="form-actions">
          <button type="submit" class="button">{p.save}</button>
        </div>
      </form>
      <TwoFactorCard ctx={ctx} state={twoFactor} keys={securityKeys} errors={twoFactorErrors} />
      <OwnSessionsCard ctx={ctx} sessions={sessions} />
      <form method="post" action="/account/notifications" class="card" aria-labelledby="avisos">
        <h2 id="avisos">{p.notices.heading}</h2>
        <p class="muted">{p.notices.intro}</p>
        <CsrfField token={ctx.csrfToken} />
        <CheckboxField name="document_activity" label={p.notices.documentActivity} hint={p.notices.documentActivityHint} checked={notices.documentActivity} />
        <CheckboxField name="expiry_warning" label={p.notices.expiryWarning} hint={p.notices.expiryWarningHint(EXPIRY_WARNING_DAYS)} checked={notices.expiryWarning} />
        <div class="form-actions">
          <button type="submit" class="button secondary">{p.notices.save}</button>
        </div>
      </form>
    </AppLayout>
  )
}
