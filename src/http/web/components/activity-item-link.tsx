// "Alterações" on an item's page (a product, payment method, signer role, template, user or
// webhook, all admins' pages; an API token's row in Integrações): the account's activity filtered to that item, which answers "who
// changed this price, and when?" from where the question comes up.
import type { ActivityTargetKind } from '../../../modules/accounts/account-activity.js'
import { activityItemPath } from '../activity-filters.js'
import { t } from '../i18n/pt-BR.js'

export function ActivityItemLink({ kind, id, small = false }: { kind: ActivityTargetKind; id: number; small?: boolean }) {
  return <a class={small ? 'button ghost small' : 'button ghost'} href={activityItemPath(kind, id)} title={t.activity.itemLinkHint}>{t.activity.itemLink}</a>
}
