// Cadastros → Modelos → Histórico: a template's versions, newest first, each with what it changed
// (TemplateVersionsPage), and one version with its line diff against another and the way to restore
// it (TemplateVersionPage). Restoring opens the editor filled with the old version: a save, reviewed
// and previewed like any other, makes it current again.
import { withContext } from '../../../modules/catalog/line-diff.js'
import { type ComparedField, changedVersionFields, compareVersions, type VersionComparison } from '../../../modules/catalog/template-version-compare.js'
import { TEMPLATE_VERSIONS_PER_PAGE, type TemplateVersion, type TemplateVersionSummary } from '../../../modules/catalog/template-versions.js'
import { PageHeader } from '../components/page-header.js'
import { FormField } from '../form-field.js'
import { Pagination } from '../components/pagination.js'
import { TableWrap } from '../components/table-wrap.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'

const m = t.templates
const v = t.templates.versions

export const templatesPath = '/registration-data/templates'
export const versionsPath = (templateId: number) => `${templatesPath}/${templateId}/versions`
export const versionPath = (templateId: number, version: number, against?: number) => `${versionsPath(templateId)}/${version}${against === undefined ? '' : `?against=${against}`}`
export const restorePath = (templateId: number, version: number) => `${templatesPath}/${templateId}/edit?from_version=${version}`

/** Who saved a version: their name then; for the version the history began with, nobody could know. */
export function savedBy(version: Pick<TemplateVersionSummary, 'saved_by_name' | 'history_start'>): string {
  return version.saved_by_name ?? (version.history_start ? v.beforeHistory : v.notRecorded)
}

/** A field's change in a few words, agreeing with the field's gender. */
function fieldChange(field: ComparedField, version: TemplateVersionSummary): string {
  if (field === 'active') return version.active ? v.activated : v.deactivated
  return v.fieldChanged[field]
}

/** The body's change: lines added and removed, said to be the changed stretch whole when too large to align. */
function linesText(lines: NonNullable<TemplateVersionSummary['lines']>): string {
  const text = v.lines(lines.added, lines.removed)
  return lines.approximate ? v.approximate(text) : text
}

/** What a version changed against the one before it, one line each (taken when it was saved). */
function ChangeSummary({ version, previous }: { version: TemplateVersionSummary; previous: TemplateVersionSummary | undefined }) {
  if (version.history_start) return <>{v.historyStart}</>
  if (version.lines === null || previous === undefined) return <>{v.created}</>
  const items = [
    ...changedVersionFields(previous, version).map((field) => fieldChange(field, version)),
    ...(version.lines.added + version.lines.removed > 0 ? [linesText(version.lines)] : []),
  ]
  return (
    <>
      {version.restored_from !== null && <p class="muted">{v.restoredFrom(version.restored_from)}</p>}
      {items.length === 0 ? <span class="muted">{v.noChange}</span> : <ul class="activity-details">{items.map((item) => <li>{item}</li>)}</ul>}
    </>
  )
}

export interface TemplateVersionsPageProps {
  ctx: PageContext
  template: { id: number; name: string; version: number }
  versions: TemplateVersionSummary[]
  /** The version just before the page's oldest (undefined on the last page). */
  before: TemplateVersionSummary | undefined
  page: number
  total: number
}

export function TemplateVersionsPage({ ctx, template, versions, before, page, total }: TemplateVersionsPageProps) {
  const tz = ctx.session.timeZone
  const title = v.title(template.name)
  return (
    <AppLayout title={title} ctx={ctx} section="registrationData">
      <PageHeader title={title} intro={v.intro} breadcrumb={{ label: m.title, href: templatesPath }} actions={<a class="button secondary" href={`${templatesPath}/${template.id}/edit`}>{t.common.edit}</a>} />
      <TableWrap label={v.tableCaption}>
        <table class="table" aria-label={v.tableCaption}>
          <thead>
            <tr>
              <th scope="col">{v.version}</th>
              <th scope="col">{v.savedAt}</th>
              <th scope="col">{v.savedBy}</th>
              <th scope="col">{v.changes}</th>
            </tr>
          </thead>
          <tbody>
            {versions.length === 0 && <tr><td colSpan={4} class="empty">{t.pagination.noRowsHere}</td></tr>}
            {versions.map((version, index) => {
              const previous = versions[index + 1] ?? before
              return (
                <tr data-version={String(version.version)}>
                  <td>
                    <a href={versionPath(template.id, version.version)} aria-label={v.view(version.version)}>{version.version}</a>
                    {version.version === template.version && <> <span class="badge">{v.current}</span></>}
                  </td>
                  <td>{formatDateTime(version.saved_at, tz)}</td>
                  <td>{savedBy(version)}</td>
                  <td><ChangeSummary version={version} previous={previous} /></td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableWrap>
      <Pagination path={versionsPath(template.id)} query={{}} page={page} perPage={TEMPLATE_VERSIONS_PER_PAGE} total={total} />
    </AppLayout>
  )
}

function shownField(field: 'name' | 'description' | 'active', version: TemplateVersion): string {
  if (field === 'active') return version.active ? t.common.active : t.common.inactive
  return version[field] ?? v.emptyValue
}

function FieldChanges({ against, version, comparison }: { against: TemplateVersion; version: TemplateVersion; comparison: VersionComparison }) {
  if (comparison.fields.length === 0) return null
  return (
    <TableWrap label={v.fieldsCaption}>
      <table class="table" aria-label={v.fieldsCaption}>
        <thead><tr><th scope="col">{v.field}</th><th scope="col">{v.from(against.version)}</th><th scope="col">{v.from(version.version)}</th></tr></thead>
        <tbody>
          {comparison.fields.map((field) => (
            <tr data-field={field}><th scope="row">{v.fields[field]}</th><td>{shownField(field, against)}</td><td>{shownField(field, version)}</td></tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

/** The body's changed lines with three lines of context, as a table a screen reader can walk. */
function BodyDiff({ against, version, comparison }: { against: TemplateVersion; version: TemplateVersion; comparison: VersionComparison }) {
  const { body } = comparison
  if (body.added + body.removed === 0) return <p class="muted" data-same-body="">{v.sameBody}</p>
  const caption = v.bodyCaption(against.version, version.version)
  return (
    <>
      <p class="muted">{linesText({ added: body.added, removed: body.removed, approximate: body.coarse })}</p>
      {body.coarse && <p class="alert info">{v.coarse}</p>}
      <TableWrap label={caption}>
        <table class="diff" aria-label={caption}>
          <thead><tr><th scope="col">{v.lineBefore}</th><th scope="col">{v.lineAfter}</th><th scope="col">{v.change}</th><th scope="col">{v.text}</th></tr></thead>
          <tbody>
            {withContext(body.lines).map((line) => {
              if (line.kind === 'skipped') return <tr class="diff-skipped"><td colSpan={4}>{v.skipped(line.count)}</td></tr>
              const sign = line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ''
              return (
                <tr class={`diff-${line.kind}`}>
                  <td class="diff-number">{line.kind === 'added' ? '' : line.oldLine}</td>
                  <td class="diff-number">{line.kind === 'removed' ? '' : line.newLine}</td>
                  <td class="diff-sign">{sign && <><span aria-hidden="true">{sign}</span><span class="sr-only">{line.kind === 'added' ? v.added : v.removed}</span></>}</td>
                  <td class="diff-text"><code>{line.text}</code></td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableWrap>
    </>
  )
}

export interface TemplateVersionPageProps {
  ctx: PageContext
  template: { id: number; name: string; version: number }
  version: TemplateVersion
  /** The version it is compared with (by default the one before it; undefined for the first). */
  against: TemplateVersion | undefined
}

export function TemplateVersionPage({ ctx, template, version, against }: TemplateVersionPageProps) {
  const tz = ctx.session.timeZone
  const title = v.versionTitle(template.name, version.version)
  const isCurrent = version.version === template.version
  const comparison = against && compareVersions(against, version)
  return (
    <AppLayout title={title} ctx={ctx} section="registrationData">
      <PageHeader
        title={title}
        breadcrumb={{ label: v.title(template.name), href: versionsPath(template.id) }}
        actions={isCurrent ? <span class="badge">{v.current}</span> : (
          <>
            <a class="button ghost" href={versionPath(template.id, template.version, version.version)}>{v.compareWithCurrent}</a>
            <a class="button" href={restorePath(template.id, version.version)}>{v.restore}</a>
          </>
        )}
      />
      <p class="muted">
        {v.savedLine(formatDateTime(version.saved_at, tz), savedBy(version))}
        {version.restored_from !== null && <> · {v.restoredFrom(version.restored_from)}</>}
      </p>
      {!isCurrent && <p class="muted">{v.restoreHint}</p>}
      <section class="card" aria-labelledby="version-changes-heading">
        <h2 id="version-changes-heading">{against ? v.againstHeading(against.version) : v.changes}</h2>
        {/* A number, not a list: a template saved daily for years has thousands of versions (the history lists them with their dates). */}
        {template.version > 1 && (
          <form method="get" action={versionPath(template.id, version.version)} class="filters" aria-label={v.compareLabel}>
            <FormField name="against" label={v.compareLabel} value={against === undefined ? '' : String(against.version)} inputmode="numeric" maxLength={10} hint={v.compareHint(template.version)} />
            <div class="form-actions"><button type="submit" class="button secondary">{v.compare}</button></div>
          </form>
        )}
        {against && comparison ? (
          <>
            <FieldChanges against={against} version={version} comparison={comparison} />
            <BodyDiff against={against} version={version} comparison={comparison} />
          </>
        ) : (
          <p class="muted">{v.firstVersion}</p>
        )}
      </section>
      <details class="card">
        <summary>{v.fullBody}</summary>
        <pre data-version-body="">{version.body}</pre>
      </details>
    </AppLayout>
  )
}
