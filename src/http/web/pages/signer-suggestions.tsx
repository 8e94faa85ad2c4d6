// The customer's earlier signers as buttons (modules/proposals/recent-signers.ts), a fragment the
// document form's script fetches when a customer is chosen and puts above the signer rows; a click
// fills a signer row (assets/scripts/signer-suggestions-js.ts). Without JavaScript the form works
// as before, with nothing offered.
import type { RecentSigner } from '../../../modules/proposals/recent-signers.js'
import { formatDocument } from '../format.js'
import { t } from '../i18n/pt-BR.js'

export const SIGNER_SUGGESTIONS_PATH = '/proposals/signer-suggestions'

const r = t.proposals.form.recentSigners

export function SignerSuggestions({ signers }: { signers: RecentSigner[] }) {
  return (
    <div class="signer-suggestions">
      <p>
        <strong>{r.title}</strong>
      </p>
      <p class="field-hint">{r.hint}</p>
      <ul>
        {signers.map((signer) => (
          <li>
            <button
              type="button"
              class="button secondary small"
              data-signer-suggestion
              data-name={signer.name}
              data-email={signer.email}
              data-cpf={formatDocument(signer.cpf)}
              data-phone={signer.phone ?? ''}
              data-role-id={signer.role_active ? String(signer.role_id) : ''}
              data-email-code={signer.authentication === 'email_code' ? '1' : ''}
            >
              {r.add(signer.name, signer.email, signer.role_active ? signer.role_name : null)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
