// The page shell: signed-in pages get the top bar with the main navigation; sign-up, login and
// error pages for visitors get the centred card layout.
import type { ComponentChildren } from 'preact'
import type { Flash } from './flash.js'
import { t } from './i18n/pt-BR.js'
import type { PageContext } from './page-context.js'
import { CSS_HREF, scriptHref, type ScriptName } from './render.js'

export type NavSection = 'dashboard' | 'customers' | 'proposals' | 'registrationData' | 'integrations' | 'emails' | 'webhooks' | 'account' | 'activity' | null

interface DocumentProps {
  title: string
  /** Scripts of this page (progressive enhancement only: every page works without them). */
  scripts?: readonly ScriptName[]
  children: ComponentChildren
}

function HtmlDocument({ title, scripts = [], children }: DocumentProps) {
  return (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t.titleSuffix}`}</title>
        {/* No favicon yet: an empty one spares every page a 404 request. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={CSS_HREF} />
        {scripts.map((name) => (
          <script src={scriptHref(name)} defer />
        ))}
      </head>
      <body>{children}</body>
    </html>
  )
}

function Brand() {
  return (
    <a class="brand" href="/">
      <span class="brand-mark" aria-hidden="true">V</span>
      {t.brand}
    </a>
  )
}

function NavLink({ href, section, current, label }: { href: string; section: NavSection; current: NavSection; label: string }) {
  return (
    <li>
      <a href={href} aria-current={section === current ? 'page' : undefined}>
        {label}
      </a>
    </li>
  )
}

function FlashMessage({ flash }: { flash: Flash }) {
  return (
    <p class={`alert ${flash.kind} flash`} role={flash.kind === 'error' ? 'alert' : 'status'}>
      {flash.text}
    </p>
  )
}

export interface AppLayoutProps {
  title: string
  ctx: PageContext
  section: NavSection
  scripts?: readonly ScriptName[]
  children: ComponentChildren
}

export function AppLayout({ title, ctx, section, scripts, children }: AppLayoutProps) {
  const { session, csrfToken, flash } = ctx
  return (
    <HtmlDocument title={title} scripts={scripts}>
      <a class="skip-link" href="#content">{t.skipToContent}</a>
      <header class="topbar">
        <div class="topbar-inner">
          <Brand />
          <nav class="main-nav" aria-label={t.nav.label}>
            <ul>
              <NavLink href="/dashboard" section="dashboard" current={section} label={t.nav.dashboard} />
              <NavLink href="/customers" section="customers" current={section} label={t.nav.customers} />
              <NavLink href="/proposals" section="proposals" current={section} label={t.nav.proposals} />
              <NavLink href="/registration-data" section="registrationData" current={section} label={t.nav.registrationData} />
              {session.role === 'admin' && (
                <li>
                  <details>
                    <summary>{t.nav.settings}</summary>
                    <ul>
                      <NavLink href="/settings/integrations" section="integrations" current={section} label={t.nav.integrations} />
                      <NavLink href="/settings/emails" section="emails" current={section} label={t.nav.emails} />
                      <NavLink href="/settings/webhooks" section="webhooks" current={section} label={t.nav.webhooks} />
                      <NavLink href="/settings/account" section="account" current={section} label={t.nav.account} />
                      <NavLink href="/settings/activity" section="activity" current={section} label={t.nav.activity} />
                    </ul>
                  </details>
                </li>
              )}
            </ul>
          </nav>
          <div class="user-menu">
            <span class="account-name" title={session.accountName}>{session.accountName}</span>
            <a href="/account/password" class="user-link">{t.ownPassword.link}</a>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit" class="button ghost">{t.nav.logout}</button>
            </form>
          </div>
        </div>
      </header>
      <main id="content">
        {flash && <FlashMessage flash={flash} />}
        {children}
      </main>
    </HtmlDocument>
  )
}

export function AuthLayout({ title, scripts, children }: { title: string; scripts?: readonly ScriptName[]; children: ComponentChildren }) {
  return (
    <HtmlDocument title={title} scripts={scripts}>
      <main id="content" class="auth">
        <div class="card">
          <Brand />
          {children}
        </div>
      </main>
    </HtmlDocument>
  )
}

/**
 * Pages for people outside the account (a signer following their private link): the brand and the
 * content only — no navigation, no account menu.
 */
export function PublicLayout({ title, scripts, children }: { title: string; scripts?: readonly ScriptName[]; children: ComponentChildren }) {
  return (
    <HtmlDocument title={title} scripts={scripts}>
      <header class="topbar">
        <div class="topbar-inner">
          <Brand />
        </div>
      </header>
      <main id="content" class="public">
        {children}
      </main>
    </HtmlDocument>
  )
}
