// Cadastros → Modelos → new/edit: name, description, status and the Liquid body in a code
// editor, with the documented variables beside it. "Pré-visualizar" posts the typed body to the
// preview route, which answers this same page with the body rendered below it (nothing saved).
import type { ComponentChildren } from 'preact'
import type { TemplateInputErrors } from '../../../modules/catalog/template-input.js'
import { MAX_TEMPLATE_LENGTH } from '../../../modules/rendering/liquid-engine.js'
import type { TemplateProblem } from '../../../modules/rendering/template-error.js'
import { reviewTemplateBody, type TemplateNotice } from '../../../modules/rendering/template-review.js'
import { TEMPLATE_FILTERS, TEMPLATE_VARIABLES, variableUsage } from '../../../modules/rendering/template-variables.js'
import type { TemplateVersionSummary } from '../../../modules/catalog/template-versions.js'
import { formatDateTime } from '../format.js'
import { versionPath, versionsPath } from './template-versions-page.js'
import { ActivityItemLink } from '../components/activity-item-link.js'
import { PageHeader } from '../components/page-header.js'
import { CheckboxField, CsrfField, FormField, describedBy } from '../form-field.js'
import { t } from '../i18n/pt-BR.js'
import { AppLayout } from '../layout.js'
import type { PageContext } from '../page-context.js'
import { templateProblemText } from '../template-problem-text.js'

const m = t.templates

export interface TemplateFormValues {
  name: string
  description: string
  body: string
  active: boolean
}

/**
 * What the preview produced: the standalone document for the sandboxed frame (with the account's
 * document it shows, when one was asked for; else sample data), or why it failed.
 */
export type TemplatePreview = { srcdoc: string; document?: { number: number; customer: string; otherTemplate: string | null } } | { problem: TemplateProblem }

export interface TemplateFormPageProps {
  ctx: PageContext
  /** undefined for a new template. */
  templateId?: number
  /** The stored name of the template being edited (the heading keeps it while the field changes). */
  storedName?: string
  values: TemplateFormValues
  errors?: TemplateInputErrors
  preview?: TemplatePreview
  /** "Duplicar": the name of the template this new one starts as a copy of. */
  copiedFrom?: string
  /** The document number typed for the preview ('' or absent: sample data), and why it names none. */
  previewNumber?: string
  previewNumberError?: string
  /** How many of the account's drafts render from this template (an edit changes them). */
  draftsUsingIt?: number
  /** The version the form was filled from (template-versions.ts); a save over a newer one is refused. */
  editedFrom?: number
  /** The old version whose content the form holds, when an admin chose to restore it. */
  restoring?: TemplateVersionSummary
  /** Another admin's save came first: what it saved, and the version this form was filled from. */
  conflict?: { current: TemplateVersionSummary; editedFrom: number }
}

export function bodyError(error: TemplateInputErrors['body']): ComponentChildren {
  if (!error) return undefined
  if (error.kind === 'required') return m.bodyRequired
  if (error.kind === 'too_long') return m.bodyTooLong(MAX_TEMPLATE_LENGTH)
  return templateProblemText(error.problem)
}

/**
 * The body's code editor: form-field's TextAreaField, written out because its error may hold markup
 * (the engine's own words as code, when they could not be said in Portuguese).
 */
function BodyField({ value, error }: { value: string; error: ComponentChildren }) {
  const id = 'field-body'
  const hasError = error !== undefined && error !== null && error !== ''
  return (
    <div class="field">
      <label for={id}>{m.body}</label>
      <textarea id={id} name="body" rows={22} required class="code" spellcheck={false} aria-invalid={hasError ? 'true' : undefined} aria-describedby={describedBy(id, m.bodyHint, hasError)}>
        {/* HTML drops one line break right after <textarea>: this one, so a body's own first blank line stays (and the review's line numbers with it). */}
        {'\n' + value}
      </textarea>
      <p class="field-hint" id={`${id}-hint`}>{m.bodyHint}</p>
      {hasError && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  )
}

/** The variables and filters at hand; a box that scrolls (max-height), so it takes focus for the keyboard to scroll it. */
function VariableList() {
  return (
    <aside class="card template-variables" aria-labelledby="template-variables-heading" tabIndex={0}>
      <h2 id="template-variables-heading">{m.variablesHeading}</h2>
      <p class="muted">{m.variablesIntro}</p>
      <dl>
        {TEMPLATE_VARIABLES.map((variable) => (
          <>
            <dt><code data-insert={variableUsage(variable)}>{variableUsage(variable)}</code></dt>
            <dd>{m.variables[variable]}</dd>
          </>
        ))}
      </dl>
      <h2>{m.filtersHeading}</h2>
      <dl>
        {TEMPLATE_FILTERS.map((filter) => (
          <>
            <dt><code>{filter}</code></dt>
            <dd>{m.filters[filter]}</dd>
          </>
        ))}
      </dl>
      <p class="muted">{m.docsHint}</p>
    </aside>
  )
}

function noticeText(notice: TemplateNotice): ComponentChildren {
  const r = m.review
  if (notice.kind === 'down_payment_not_stated') return <>{r.downPaymentNotStated} <code>{r.downPaymentExample}</code></>
  return (
    <>
      <span data-notice-goto="">{r.line(notice.line)}</span> <code>{notice.variable}</code> {r.unknownVariable}
      {notice.suggestion !== null && <> {r.didYouMean} <code>{notice.suggestion}</code>?</>}
    </>
  )
}

/** What the editor's script needs of a notice: where the variable is on its line, and what to put in its wrong part's place. */
function noticeData(notice: TemplateNotice) {
  if (notice.kind !== 'unknown_variable') return {}
  const places = notice.places
  return {
    'data-notice-line': String(notice.line),
    'data-notice-variable': notice.variable,
    'data-notice-start': places ? String(places.start) : undefined,
    'data-notice-wrong': places?.wrong,
    'data-notice-columns': places?.columns.join(','),
    'data-notice-replacement': places?.replacement ?? undefined,
  }
}

/** How many unknown variables the page lists: a body pasted from elsewhere may have hundreds, and the first show the pattern. */
const LISTED_NOTICES = 30

/** What the body would print wrong without any error (template-review.ts); nothing when all is well. */
function ReviewSection({ notices }: { notices: readonly TemplateNotice[] }) {
  if (notices.length === 0) return null
  const unknown = notices.filter((notice) => notice.kind === 'unknown_variable')
  const listed = [...unknown.slice(0, LISTED_NOTICES), ...notices.filter((notice) => notice.kind !== 'unknown_variable')]
  return (
    <section class="card template-review" aria-labelledby="template-review-heading">
      <h2 id="template-review-heading">{m.review.heading}</h2>
      <p class="muted">{m.review.intro}</p>
      <ul>
        {listed.map((notice) => <li {...noticeData(notice)}>{noticeText(notice)}</li>)}
      </ul>
      {unknown.length > LISTED_NOTICES && <p class="muted">{m.review.more(unknown.length - LISTED_NOTICES)}</p>}
    </section>
  )
}

function PreviewSection({ preview }: { preview: TemplatePreview }) {
  return (
    <section class="card template-preview" aria-labelledby="template-preview-heading">
      <h2 id="template-preview-heading">{m.previewHeading}</h2>
      {'problem' in preview ? (
        <p class="alert error" role="alert">{m.previewFailed} {templateProblemText(preview.problem)}</p>
      ) : (
        <>
          <p class="muted">
            {preview.document ? m.previewDocumentIntro(preview.document.number, preview.document.customer) : m.previewIntro}
            {preview.document?.otherTemplate != null && <> {m.previewOtherTemplate(preview.document.otherTemplate)}</>}
          </p>
          {/* srcdoc is escaped as an attribute; sandbox (no allow-* token) gives the frame an
              opaque origin with no scripts, forms or top navigation, and it inherits this page's CSP. */}
          <iframe class="document-frame" sandbox="" srcdoc={preview.srcdoc} title={preview.document ? m.previewDocumentFrameTitle(preview.document.number) : m.previewFrameTitle} />
        </>
      )}
    </section>
  )
}

/** Why the form holds what it holds, when it is not simply the stored template: a restoration, or a save refused over a newer version. */
function VersionNotices({ ctx, templateId, restoring, conflict }: Pick<TemplateFormPageProps, 'ctx' | 'templateId' | 'restoring' | 'conflict'>) {
  const tz = ctx.session.timeZone
  return (
    <>
      {conflict !== undefined && templateId !== undefined && (
        <p class="alert error" role="alert" data-version-conflict="">
          {m.versions.conflict(conflict.current.version, conflict.current.saved_by_name ?? m.versions.someone, formatDateTime(conflict.current.saved_at, tz))}{' '}
          <a href={versionPath(templateId, conflict.current.version, conflict.editedFrom >= 1 ? conflict.editedFrom : undefined)}>{m.versions.conflictLink}</a>
        </p>
      )}
      {restoring !== undefined && <p class="alert info" role="status" data-restoring="">{m.versions.restoring(restoring.version, formatDateTime(restoring.saved_at, tz))}</p>}
    </>
  )
}

export function TemplateFormPage({ ctx, templateId, storedName, values, errors, preview, copiedFrom, previewNumber = '', previewNumberError, draftsUsingIt = 0, editedFrom, restoring, conflict }: TemplateFormPageProps) {
  const title = templateId === undefined ? m.newTitle : m.editTitle(storedName ?? values.name)
  const action = templateId === undefined ? '/registration-data/templates' : `/registration-data/templates/${templateId}`
  const hasErrors = errors !== undefined && Object.keys(errors).length > 0
  return (
    <AppLayout title={title} ctx={ctx} section="registrationData" scripts={['template-editor']}>
      <PageHeader
        title={title}
        breadcrumb={{ label: m.title, href: '/registration-data/templates' }}
        actions={templateId === undefined ? undefined : (
          <>
            <a class="button ghost" href={versionsPath(templateId)}>{m.versions.link}</a>
            <ActivityItemLink kind="template" id={templateId} />
            <a class="button secondary" href={`/registration-data/templates/new?from=${templateId}`}>{m.copy}</a>
          </>
        )}
      />
      <VersionNotices ctx={ctx} templateId={templateId} restoring={restoring} conflict={conflict} />
      {copiedFrom !== undefined && <p class="alert info" role="status">{m.copyIntro(copiedFrom)}</p>}
      {draftsUsingIt > 0 && <p class="alert info" data-drafts-using-it="">{m.draftsUsingIt(draftsUsingIt)}</p>}
      {hasErrors && <p class="alert error" role="alert">{t.formHasErrors}</p>}
      <ReviewSection notices={reviewTemplateBody(values.body)} />
      {/* The editor's script (template-editor.js) takes its words from here. */}
      <div class="template-editor" data-editor-labels="" data-insert-label={m.insertVariable} data-goto-label={m.review.goTo} data-fix-label={m.review.fix} data-fixed-label={m.review.fixed} data-not-found-label={m.review.notFound}>
        <form method="post" action={action} class="card">
          <CsrfField token={ctx.csrfToken} />
          {templateId !== undefined && <input type="hidden" name="template_id" value={String(templateId)} />}
          {editedFrom !== undefined && <input type="hidden" name="version" value={String(editedFrom)} />}
          {restoring !== undefined && <input type="hidden" name="restored_from" value={String(restoring.version)} />}
          <div class="form-grid">
            <FormField name="name" label={m.name} value={values.name} maxLength={120} error={errors?.name && t.fieldErrors[errors.name]} />
            <FormField name="description" label={m.description} value={values.description} required={false} maxLength={500} error={errors?.description && t.fieldErrors[errors.description]} />
          </div>
          <BodyField value={values.body} error={bodyError(errors?.body)} />
          <CheckboxField name="active" label={m.active} checked={values.active} hint={m.activeHint} />
          <FormField name="preview_number" label={m.previewNumber} value={previewNumber} required={false} maxLength={20} inputmode="numeric" hint={m.previewNumberHint} error={previewNumberError} />
          <div class="form-actions">
            <button type="submit" class="button">{t.common.save}</button>
            <button type="submit" class="button secondary" formAction="/registration-data/templates/preview" formNoValidate data-preview-button="">{m.preview}</button>
            <a class="button ghost" href="/registration-data/templates">{t.common.cancel}</a>
          </div>
        </form>
        <VariableList />
      </div>
      {preview && <PreviewSection preview={preview} />}
    </AppLayout>
  )
}
