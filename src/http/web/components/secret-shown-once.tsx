// A secret (API token, webhook signing key) in the answer to the POST that issued it: the only
// time it is ever shown, in a read-only field with a copy button and a warning saying so.
import { t } from '../i18n/pt-BR.js'

export interface SecretShownOnceProps {
  /** The field's id (tests and the copy button find it by id). */
  id: string
  heading: string
  warning: string
  label: string
  secret: string
}

export function SecretShownOnce({ id, heading, warning, label, secret }: SecretShownOnceProps) {
  return (
    <section class="card issued-token" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p class="alert info" role="alert">{warning}</p>
      <div class="field">
        <label for={id}>{label}</label>
        <div class="copy-row">
          <input id={id} class="input code" type="text" readonly value={secret} autocomplete="off" spellcheck={false} />
          <button type="button" class="button secondary" data-copy-target={id} data-copied-label={t.common.copied}>
            {t.common.copy}
          </button>
        </div>
      </div>
    </section>
  )
}
