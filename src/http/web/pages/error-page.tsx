// Friendly error pages: inside the app shell for a signed-in user, a plain card otherwise.
import type { WebSession } from '../../../modules/accounts/web-sessions.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout, AuthLayout } from '../layout.js'

export interface ErrorPageProps {
  status: number
  title: string
  text: string
  session?: WebSession | null
  csrfToken?: string
}

export function ErrorPage({ status, title, text, session, csrfToken }: ErrorPageProps) {
  const body = (
    <div class="error-page">
      <p class="code">{status}</p>
      <h1>{title}</h1>
      <p class="muted">{text}</p>
      <a class="button" href="/">{t.errors.backHome}</a>
    </div>
  )
  return session && csrfToken ? (
    <AppLayout title={title} session={session} csrfToken={csrfToken} section={null}>
      {body}
    </AppLayout>
  ) : (
    <AuthLayout title={title}>{body}</AuthLayout>
  )
}
