// Which API token made a logged call, as the Integrações page names it: its name, then the prefix
// the call carried. A regenerated token keeps its name and id but not its prefix, so the prefix
// alone (an older one, shown nowhere else) could not be told apart.
import { t } from '../i18n/pt-BR.js'

export function RequestToken({ tokenId, prefix, names }: { tokenId: number | null; prefix: string | null; names: ReadonlyMap<number, string> }) {
  if (prefix === null) return <span class="muted">{t.common.none}</span>
  const name = tokenId === null ? undefined : names.get(tokenId)
  return (
    <>
      {name !== undefined && <>{name} </>}
      <code>{prefix}…</code>
    </>
  )
}
