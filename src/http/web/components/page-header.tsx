// The title block of a page: optional breadcrumb, the h1, a line of help and the page's actions.
import type { ComponentChildren } from 'preact'

export interface PageHeaderProps {
  title: string
  breadcrumb?: { label: string; href?: string }
  intro?: string
  actions?: ComponentChildren
}

export function PageHeader({ title, breadcrumb, intro, actions }: PageHeaderProps) {
  return (
    <div class="page-header">
      <div>
        {breadcrumb && <p class="breadcrumb">{breadcrumb.href ? <a href={breadcrumb.href}>{breadcrumb.label}</a> : breadcrumb.label}</p>}
        <h1>{title}</h1>
        {intro && <p class="muted">{intro}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </div>
  )
}
