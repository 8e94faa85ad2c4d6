// Friendly error pages: inside the app shell for a signed-in user, a plain card otherwise.
import { t } from '../i18n/pt-BR.js'
import { AppLayout, AuthLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

export interface ErrorPageProps {
  status: number
  title: string
  text: string
  /** The signed-in user's context, or null for a visitor. */
  ctx: PageContext | null
}

export function ErrorPage({ status, title, text, ctx }: ErrorPageProps) {
  const body = (
    <div class="error-page">
      <p class="code">{status}</p>
      <h1>{title}</h1>
      <p class="muted">{text}</p>
      <a class="button" href="/">{t.errors.backHome}</a>
    </div>
  )
  return ctx ? (
    <AppLayout title={title} ctx={ctx} section={null}>
      {body}
    </AppLayout>
  ) : (
    <AuthLayout title={title}>{body}</AuthLayout>
  )
}
