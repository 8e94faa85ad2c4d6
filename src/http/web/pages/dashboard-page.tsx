// The dashboard ("Painel"). For now it greets the user and names the account; the indicators of
// DESIGN.md §4 come with the documents screens.
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

export function DashboardPage({ ctx, planName }: { ctx: PageContext; planName: string }) {
  const { session } = ctx
  return (
    <AppLayout title={t.dashboard.title} ctx={ctx} section="dashboard">
      <div class="page-header">
        <h1>{t.dashboard.title}</h1>
        <p class="muted">{t.dashboard.welcome(session.userName)}</p>
      </div>
      <div class="grid">
        <section class="card" aria-labelledby="dashboard-account">
          <p class="stat-label" id="dashboard-account">{t.dashboard.account}</p>
          <p class="stat-value">{session.accountName}</p>
        </section>
        <section class="card" aria-labelledby="dashboard-plan">
          <p class="stat-label" id="dashboard-plan">{t.dashboard.plan}</p>
          <p class="stat-value">{planName}</p>
        </section>
      </div>
      <p class="muted">{t.dashboard.comingSoon}</p>
    </AppLayout>
  )
}
