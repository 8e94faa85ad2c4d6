// Cadastros → Modelos: the account's templates. Members read the list; admins also create and edit.
import type { TemplateSummary } from '../../../modules/catalog/template-admin.js'
import { PageHeader } from '../components/page-header.js'
import { TableWrap } from '../components/table-wrap.js'
import { formatDate } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const m = t.templates

export const TEMPLATES_BREADCRUMB = { label: m.breadcrumb, href: '/registration-data' }

export function TemplateStatus({ active }: { active: boolean }) {
  return active ? <span class="badge ok">{t.common.active}</span> : <span class="badge">{t.common.inactive}</span>
}

export function TemplateListPage({ ctx, templates }: { ctx: PageContext; templates: TemplateSummary[] }) {
  const admin = ctx.session.role === 'admin'
  return (
    <AppLayout title={m.title} ctx={ctx} section="registrationData">
      <PageHeader
        title={m.title}
        breadcrumb={TEMPLATES_BREADCRUMB}
        intro={m.intro}
        actions={admin ? <a class="button" href="/registration-data/templates/new">{m.newButton}</a> : undefined}
      />
      {!admin && <p class="alert info">{m.readOnly}</p>}
      <TableWrap label={m.tableCaption}>
        <table class="table" aria-label={m.tableCaption}>
          <thead>
            <tr>
              <th scope="col">{m.name}</th>
              <th scope="col">{m.description}</th>
              <th scope="col">{m.status}</th>
              <th scope="col">{m.updated}</th>
            </tr>
          </thead>
          <tbody>
            {templates.length === 0 && (
              <tr>
                <td class="empty" colSpan={4}>{m.empty}</td>
              </tr>
            )}
            {templates.map((template) => (
              <tr>
                <td>
                  {admin ? <a href={`/registration-data/templates/${template.id}/edit`}>{template.name}</a> : template.name}
                  {template.notices > 0 && <> <span class="badge warn" title={m.review.heading}>{m.noticesBadge(template.notices)}</span></>}
                </td>
                <td>{template.description ?? t.common.none}</td>
                <td><TemplateStatus active={template.active} /></td>
                <td>{formatDate(template.updated_at, ctx.session.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </AppLayout>
  )
}
