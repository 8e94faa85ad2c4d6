// Security keys' pages: their part of the two-step verification card on Minha conta (the keys,
// removing one, adding one with a name and the password), the page where the browser asks the
// key to register, and the login code page's "use your key" form. The WebAuthn calls are
// security-key-js.ts's; without it (or without WebAuthn) the buttons that ask a key stay hidden,
// the registration page says why, and the codes work.
import { MAX_SECURITY_KEYS, SECURITY_KEY_NAME_MAX, type SecurityKeySummary } from '../../../modules/accounts/security-keys.js'
import { PageHeader } from '../components/page-header.js'
import { TableWrap } from '../components/table-wrap.js'
import { CsrfField, FormField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const tk = t.ownPassword.twoFactor.keys

export type SecurityKeyError = keyof typeof tk.errors | 'required' | 'wrong_password' | 'throttled'

/** A refused "add a key" form: what was typed as the name, and the errors by field. */
export interface KeyFormRefusal {
  name: string
  nameError?: SecurityKeyError | undefined
  passwordError?: SecurityKeyError | undefined
}

export function securityKeyErrorText(code: SecurityKeyError | undefined): string | undefined {
  if (code === undefined) return undefined
  return code in tk.errors ? tk.errors[code as keyof typeof tk.errors] : t.ownPassword.twoFactor.errors[code as 'required' | 'wrong_password' | 'throttled']
}

export interface SecurityKeysView {
  keys: SecurityKeySummary[]
  /** False where browsers refuse keys: PUBLIC_URL on an IP address, or plain http off localhost. */
  available: boolean
}

export function SecurityKeysSection({ ctx, view, refusal }: { ctx: PageContext; view: SecurityKeysView; refusal?: KeyFormRefusal | undefined }) {
  const tz = ctx.session.timeZone
  return (
    <section aria-labelledby="security-keys-heading" id="chaves">
      <h3 id="security-keys-heading">{tk.heading}</h3>
      <p class="muted">{tk.intro}</p>
      {view.keys.length === 0 ? (
        <p class="muted">{tk.none}</p>
      ) : (
        <TableWrap label={tk.registered}>
          <table class="table" aria-labelledby="security-keys-heading">
            <thead>
              <tr>
                <th scope="col">{tk.name}</th>
                <th scope="col">{tk.added}</th>
                <th scope="col">{tk.lastUsed}</th>
                <th scope="col">{t.common.actions}</th>
              </tr>
            </thead>
            <tbody>
              {view.keys.map((key) => (
                <tr>
                  <td>{key.name}</td>
                  <td>{formatDateTime(key.createdAt, tz)}</td>
                  <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt, tz) : <span class="muted">{tk.neverUsed}</span>}</td>
                  <td>
                    <form method="post" action={`/account/security-keys/${key.id}/remove`}>
                      <CsrfField token={ctx.csrfToken} />
                      <button type="submit" class="button ghost" aria-label={tk.removeLabel(key.name)}>{tk.remove}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {!view.available ? (
        <p class="muted">{tk.unavailable}</p>
      ) : view.keys.length >= MAX_SECURITY_KEYS ? (
        <p class="muted">{tk.limit(MAX_SECURITY_KEYS)}</p>
      ) : (
        <form method="post" action="/account/security-keys/new" novalidate>
          <h4>{tk.addHeading}</h4>
          <CsrfField token={ctx.csrfToken} />
          <FormField name="name" id="field-key-name" label={tk.addName} value={refusal?.name ?? ''} hint={tk.addNameHint} maxLength={SECURITY_KEY_NAME_MAX} error={securityKeyErrorText(refusal?.nameError)} />
          <FormField name="password" id="field-key-password" type="password" label={tk.addPassword} value="" autocomplete="current-password" error={securityKeyErrorText(refusal?.passwordError)} />
          <div class="form-actions">
            <button type="submit" class="button secondary">{tk.add}</button>
          </div>
        </form>
      )}
    </section>
  )
}

/** The page where the browser asks the key to register (after the name and password were accepted). */
export function SecurityKeyRegistrationPage({ ctx, name, optionsJson }: { ctx: PageContext; name: string; optionsJson: string }) {
  return (
    <AppLayout title={tk.registerTitle} ctx={ctx} section={null} scripts={['security-key']}>
      <PageHeader title={tk.registerTitle} />
      <form method="post" action="/account/security-keys" class="card" data-webauthn="create" data-webauthn-options={optionsJson}>
        <p>{tk.registerIntro(name)}</p>
        <p class="muted">{tk.registerTime}</p>
        <p class="alert error" data-webauthn-unsupported>{tk.registerUnsupported}</p>
        <p class="alert error" role="alert" data-webauthn-status hidden>{tk.registerFailed}</p>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="name" value={name} />
        <input type="hidden" name="response" value="" />
        <div class="form-actions">
          <button type="submit" class="button" data-webauthn-section hidden>{tk.registerButton}</button>
          <a class="button secondary" href="/account/password#chaves">{t.ownPassword.twoFactor.cancel}</a>
        </div>
      </form>
    </AppLayout>
  )
}

const tl = t.login.twoFactor

/** The login code page's other way: touch a key (shown only where the browser can ask one). */
export function SecurityKeySignInForm({ csrfToken, optionsJson, error }: { csrfToken: string; optionsJson: string; error?: string | undefined }) {
  return (
    <section class="security-key-sign-in" aria-labelledby="security-key-sign-in" data-webauthn-section hidden>
      <h2 id="security-key-sign-in">{tl.keyHeading}</h2>
      <p class="muted">{tl.keyIntro}</p>
      <form method="post" action="/login/two-factor/key" data-webauthn="get" data-webauthn-options={optionsJson}>
        {error && <p class="alert error" role="alert">{error}</p>}
        <p class="alert error" role="alert" data-webauthn-status hidden>{tl.keyFailed}</p>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="response" value="" />
        <button type="submit" class="button secondary block">{tl.useKey}</button>
      </form>
    </section>
  )
}
