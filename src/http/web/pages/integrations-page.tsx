// Configurações → Integrações, admin only. A placeholder until the tokens and request log screens.
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

export function IntegrationsPage({ ctx }: { ctx: PageContext }) {
  return (
    <AppLayout title={t.integrations.title} ctx={ctx} section="integrations">
      <div class="page-header">
        <p class="breadcrumb">{t.integrations.breadcrumb}</p>
        <h1>{t.integrations.title}</h1>
        <p class="muted">{t.integrations.intro}</p>
      </div>
      <section class="card">
        <p>{t.integrations.comingSoon}</p>
        <a href="/api-docs/index.html">{t.integrations.apiDocs}</a>
      </section>
    </AppLayout>
  )
}
