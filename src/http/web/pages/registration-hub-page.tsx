// Cadastros: one card per kind of registration data, with how many rows the account has.
import type { CatalogCounts } from '../../../modules/catalog/catalog-counts.js'
import { PageHeader } from '../components/page-header.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const r = t.registrationData

export function RegistrationHubPage({ ctx, counts }: { ctx: PageContext; counts: CatalogCounts }) {
  const cards = [
    { key: 'products', href: '/registration-data/products', ...r.cards.products, total: counts.products },
    { key: 'payment-methods', href: '/registration-data/payment-methods', ...r.cards.paymentMethods, total: counts.paymentMethods },
    { key: 'templates', href: '/registration-data/templates', ...r.cards.templates, total: counts.templates },
    { key: 'signer-roles', href: '/registration-data/signer-roles', ...r.cards.signerRoles, total: counts.signerRoles },
    // Managing people is for admins only, so members do not see the card.
    ...(ctx.session.role === 'admin' ? [{ key: 'users', href: '/registration-data/users', ...r.cards.users, total: counts.users }] : []),
  ]
  return (
    <AppLayout title={r.title} ctx={ctx} section="registrationData">
      <PageHeader title={r.title} intro={r.intro} />
      <ul class="grid registration-cards">
        {cards.map((card) => (
          <li class="card registration-card">
            <h2 id={`card-${card.key}`}>
              <a href={card.href}>{card.title}</a>
            </h2>
            <p class="muted">{card.text}</p>
            <p class="stat-value">{r.count(card.total)}</p>
          </li>
        ))}
      </ul>
    </AppLayout>
  )
}
