// A document's status as a coloured badge (colours in the stylesheet's .badge.status-* rules).
import { t } from '../i18n/pt-BR.js'

export function ProposalStatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{t.proposals.status[status] ?? status}</span>
}
