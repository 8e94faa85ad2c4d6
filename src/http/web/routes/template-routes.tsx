// Cadastros → Modelos: templates with the Liquid editor and preview (/registration-data/templates…),
// and the document preview of Documentos (/proposals/:id/preview and its framed document).
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { renderToString } from 'preact-render-to-string'
import { findAccount } from '../../../modules/accounts/accounts.js'
import { createTemplate } from '../../../modules/catalog/catalog-admin.js'
import { countDraftsUsingTemplate, findTemplate, listTemplates, type TemplateRecord } from '../../../modules/catalog/template-admin.js'
import { findTemplateVersion, saveTemplate, type TemplateVersion } from '../../../modules/catalog/template-versions.js'
import { checkTemplateInput, TEMPLATE_NAME_MAX, type TemplateInputErrors } from '../../../modules/catalog/template-input.js'
import { findProposalFile } from '../../../modules/documents/proposal-files.js'
import { getProposalDetail } from '../../../modules/proposals/get-proposal.js'
import { DOCUMENT_CSS, documentHtml } from '../../../modules/rendering/document-html.js'
import { renderProposalHtml } from '../../../modules/rendering/render-proposal.js'
import { findProposalIdByNumber } from '../../../modules/proposals/proposal-repository.js'
import { typedDocumentNumber } from '../typed-document-number.js'
import { renderTemplateOffThread } from '../../../modules/document-thread/document-thread.js'
import { TemplateError } from '../../../modules/rendering/template-error.js'
import { buildSampleContext } from '../../../modules/rendering/sample-context.js'
import { storedBodyReview } from '../../../modules/rendering/template-review.js'
import { formChecked, formString } from '../form-data.js'
import { requireRole, requireSession, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { activityActorOf, pageContext, sessionOf } from '../page-context.js'
import { ProposalPreviewPage } from '../pages/proposal-preview-page.js'
import { TemplateFormPage, type TemplateFormPageProps, type TemplateFormValues, type TemplatePreview } from '../pages/template-form-page.js'
import { TemplateListPage } from '../pages/template-list-page.js'
import { sendPage } from '../render.js'
import { templateProblemText } from '../template-problem-text.js'
import { idParam, redirectWithFlash, type WebRoutesOptions } from './route-options.js'

const TEMPLATES = '/registration-data/templates'

/**
 * The framed document's own policy: nothing may load but inline style and data: images, no script
 * at all, only our pages may frame it, and `sandbox` gives it an opaque origin even when opened
 * on its own. The template's HTML is shown as written, so this is what keeps it harmless.
 */
export const DOCUMENT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox"

/** The preview stylesheet (a srcdoc frame inherits our page's CSP, which refuses inline style). */
const DOCUMENT_CSS_PATH = `${TEMPLATES}/document.css`
const DOCUMENT_CSS_HREF = `${DOCUMENT_CSS_PATH}?v=${createHash('sha256').update(DOCUMENT_CSS).digest('hex').slice(0, 12)}`

function formValues(body: unknown): TemplateFormValues {
  return { name: formString(body, 'name'), description: formString(body, 'description'), body: formString(body, 'body'), active: formChecked(body, 'active') }
}

/**
 * The typed body rendered as a standalone document for a sandboxed srcdoc frame: with sample data,
 * or with one of the account's documents (its number typed beside "Pré-visualizar").
 */
async function typedBodyPreview(body: string, previewNumber: string, templateId: number | undefined, options: WebRoutesOptions, request: FastifyRequest): Promise<TemplatePreview | { numberError: string }> {
  const session = sessionOf(request)
  let document: { number: number; customer: string; otherTemplate: string | null } | undefined
  try {
    let html: string | undefined
    if (previewNumber.trim() === '') {
      const account = await findAccount(options.db, session.accountId)
      const sampleAccount = account ?? { name: session.accountName, time_zone: session.timeZone }
      html = await renderTemplateOffThread({ accountId: session.accountId }, body, buildSampleContext(options.clock.now(), sampleAccount), sampleAccount.time_zone)
    } else {
      const number = typedDocumentNumber(previewNumber)
      if (number === null) return { numberError: t.proposals.filters.invalidNumber }
      const found = await findProposalIdByNumber(options.db, session.accountId, number)
      const detail = found && (await getProposalDetail(options.db, session.accountId, { by: 'id', id: found.id }, options.config.publicUrl))
      html = detail && (await renderProposalHtml(options.db, session.accountId, detail, { now: options.clock.now(), body }))
      if (!detail || html === undefined) return { numberError: t.templates.previewDocumentMissing(number) }
      // A document of another template shows this body with its data all the same; the page says whose it is.
      document = { number: detail.number, customer: detail.customer.name, otherTemplate: detail.template.id === templateId ? null : detail.template.name }
    }
    const title = document ? t.templates.previewDocumentFrameTitle(document.number) : t.templates.previewFrameTitle
    return { srcdoc: documentHtml(title, html, { stylesheetHref: DOCUMENT_CSS_HREF }), document }
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error
    return { problem: error.problem }
  }
}

export function registerTemplateRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const adminOnly = { preHandler: requireRole('admin') }
  const signedIn = { preHandler: requireSession }

  app.get(TEMPLATES, signedIn, async (request, reply) => {
    const templates = await listTemplates(options.db, sessionOf(request).accountId)
    return sendPage(reply, <TemplateListPage ctx={pageContext(request)} templates={templates} />)
  })

  app.get(`${TEMPLATES}/new`, adminOnly, async (request, reply) => {
    // "Duplicar": the form filled in with another template of the account, a variant to start from.
    const from = formString(request.query, 'from')
    if (from !== '') {
      const id = idParam({ id: from })
      const source = id === null ? undefined : await findTemplate(options.db, sessionOf(request).accountId, id)
      if (!source) return sendNotFound(request, reply)
      // Cut by characters, not UTF-16 units: a name may hold emoji.
      const name = Array.from(t.templates.copyName(source.name)).slice(0, TEMPLATE_NAME_MAX).join('')
      const values = { name, description: source.description ?? '', body: source.body, active: true }
      return sendPage(reply, <TemplateFormPage ctx={pageContext(request)} values={values} copiedFrom={source.name} />)
    }
    const values = { name: '', description: '', body: t.templates.starterBody, active: true }
    return sendPage(reply, <TemplateFormPage ctx={pageContext(request)} values={values} />)
  })

  app.get(`${TEMPLATES}/:id/edit`, adminOnly, async (request, reply) => {
    const accountId = sessionOf(request).accountId
    const id = idParam(request.params)
    const template = id === null ? undefined : await findTemplate(options.db, accountId, id)
    if (!template) return sendNotFound(request, reply)
    // "Restaurar esta versão" (the history's pages): the editor filled with an old version's
    // content, to review and save as a new version; the status stays as it is now.
    let restoring: TemplateVersion | undefined
    if (formString(request.query, 'from_version') !== '') {
      const number = idParam(request.query, 'from_version')
      restoring = number === null ? undefined : await findTemplateVersion(options.db, accountId, template.id, number)
      if (!restoring) return sendNotFound(request, reply)
    }
    const source = restoring ?? template
    const values = { name: source.name, description: source.description ?? '', body: source.body, active: template.active }
    const drafts = await countDraftsUsingTemplate(options.db, accountId, template.id)
    return sendPage(reply, <TemplateFormPage ctx={pageContext(request)} templateId={template.id} storedName={template.name} values={values} draftsUsingIt={drafts} editedFrom={template.version} restoring={restoring} />)
  })

  app.post(TEMPLATES, adminOnly, async (request, reply) => {
    const values = formValues(request.body)
    const checked = checkTemplateInput(values)
    if (!checked.ok) return sendPage(reply, <TemplateFormPage ctx={pageContext(request)} values={values} errors={checked.errors} />, 422)
    const { id } = await createTemplate(options.db, options.clock, sessionOf(request).accountId, checked.value, activityActorOf(request))
    return afterSave(reply, options, id, checked.value.body, t.templates.created)
  })

  // Static segments win over `:id` in Fastify's router, so /preview never reaches the update route.
  app.post(`${TEMPLATES}/preview`, adminOnly, async (request, reply) => {
    const accountId = sessionOf(request).accountId
    // The edit form says which template it edits; the new-template form sends no id.
    const rawId = formString(request.body, 'template_id')
    let template: TemplateRecord | undefined
    if (rawId !== '') {
      const id = idParam({ id: rawId })
      template = id === null ? undefined : await findTemplate(options.db, accountId, id)
      if (!template) return sendNotFound(request, reply)
    }
    const values = formValues(request.body)
    const previewNumber = formString(request.body, 'preview_number')
    // The drafts an edit would change, said here too: preview, then save, is the usual way.
    const drafts = template ? await countDraftsUsingTemplate(options.db, accountId, template.id) : 0
    const versions = template ? await postedVersions(request.body, options, accountId, template) : {}
    const page = (props: { errors?: ReturnType<typeof bodyOnlyErrors>; preview?: TemplatePreview; previewNumberError?: string }, status: number) =>
      sendPage(reply, <TemplateFormPage ctx={pageContext(request)} templateId={template?.id} storedName={template?.name} values={values} previewNumber={previewNumber} draftsUsingIt={drafts} {...versions} {...props} />, status)
    const checked = checkTemplateInput(values)
    // Only the body matters for a preview; the other fields are checked when saving.
    const errors = bodyOnlyErrors(checked)
    if (errors) return page({ errors }, 422)
    const preview = await typedBodyPreview(values.body.replace(/\r\n?/g, '\n'), previewNumber, template?.id, options, request)
    if ('numberError' in preview) return page({ previewNumberError: preview.numberError }, 422)
    return page({ preview }, 200)
  })

  app.post(`${TEMPLATES}/:id`, adminOnly, async (request, reply) => {
    const accountId = sessionOf(request).accountId
    const id = idParam(request.params)
    const template = id === null ? undefined : await findTemplate(options.db, accountId, id)
    if (!template) return sendNotFound(request, reply)
    const values = formValues(request.body)
    const checked = checkTemplateInput(values)
    const versions = await postedVersions(request.body, options, accountId, template)
    const formAgain = async (props: { errors?: TemplateInputErrors; conflict?: TemplateFormPageProps['conflict']; editedFrom?: number }, status: number) => {
      const drafts = await countDraftsUsingTemplate(options.db, accountId, template.id)
      const page = <TemplateFormPage ctx={pageContext(request)} templateId={template.id} storedName={template.name} values={values} previewNumber={formString(request.body, 'preview_number')} draftsUsingIt={drafts} {...versions} {...props} />
      return sendPage(reply, page, status)
    }
    if (!checked.ok) return formAgain({ errors: checked.errors }, 422)
    // "Restaurada da versão N" only when what is saved is that version's content; edited further, it is a plain edit.
    const { restoring } = versions
    const restored = restoring !== undefined && restoring.name === checked.value.name && restoring.description === checked.value.description && restoring.body === checked.value.body
    const saved = await saveTemplate(options.db, options.clock, accountId, template.id, checked.value, { editedFrom: versions.editedFrom, by: activityActorOf(request), restoredFrom: restored ? restoring.version : null })
    if (saved.outcome === 'missing') return sendNotFound(request, reply)
    // Another admin saved first: nothing written; the form keeps what was typed and now stands on
    // their version, so saving again replaces it knowingly.
    if (saved.outcome === 'stale') return formAgain({ conflict: { current: saved.current, editedFrom: versions.editedFrom }, editedFrom: saved.current.version }, 409)
    // Nothing written: said so, on the list, whatever the body's notices (the editor showed them already).
    if (saved.outcome === 'unchanged') return redirectWithFlash(reply, options, TEMPLATES, { kind: 'info', text: t.templates.unchangedFlash })
    return afterSave(reply, options, template.id, checked.value.body, t.templates.updatedFlash)
  })

  // Static text, fetched by the sandboxed (opaque-origin) preview frame, which sends no session.
  app.get(DOCUMENT_CSS_PATH, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(DOCUMENT_CSS),
  )

  app.get('/proposals/:id/preview', signedIn, async (request, reply) => {
    const detail = await proposalOf(request, options)
    if (!detail) return sendNotFound(request, reply)
    return sendPage(reply, <ProposalPreviewPage ctx={pageContext(request)} proposal={detail} />)
  })

  app.get('/proposals/:id/preview/document', signedIn, async (request, reply) => {
    const detail = await proposalOf(request, options)
    if (!detail) return sendNotFound(request, reply)
    // Once sent, the document is what was frozen then (what the signers see and the PDF holds),
    // not a new rendering from a template edited since.
    const frozen = detail.status === 'draft' ? undefined : await findProposalFile(options.db, sessionOf(request).accountId, detail.id, 'html')
    if (frozen) return sendDocument(reply, Buffer.from(frozen.bytes).toString('utf8'))
    const title = t.preview.frameTitle(detail.number)
    let body: string
    try {
      body = (await renderProposalHtml(options.db, sessionOf(request).accountId, detail, { now: options.clock.now() })) ?? ''
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
      request.log.info({ proposalId: detail.id, problem: error.problem }, 'document template failed to render')
      body = renderToString(<><p>{t.preview.renderFailed}</p><p>{templateProblemText(error.problem)}</p></>)
    }
    return sendDocument(reply, documentHtml(title, body))
  })
}

/** Back to the list once saved; to the editor when the saved body has notices, which it shows (template-review.ts). */
function afterSave(reply: FastifyReply, options: WebRoutesOptions, id: number, body: string, saved: string): FastifyReply {
  const { notices } = storedBodyReview(body)
  if (notices === 0) return redirectWithFlash(reply, options, TEMPLATES, { kind: 'success', text: saved })
  return redirectWithFlash(reply, options, `${TEMPLATES}/${id}/edit`, { kind: 'info', text: t.templates.savedWithNotices(notices) })
}

/**
 * The version fields the edit form carries: the version it was filled from (0 when missing or
 * malformed, which any stored version is newer than: refused as a conflict, never saved blind),
 * and the old version it restores, when it names one of the template's (else it is ignored).
 */
async function postedVersions(body: unknown, options: WebRoutesOptions, accountId: number, template: TemplateRecord): Promise<{ editedFrom: number; restoring: TemplateVersion | undefined }> {
  const editedFrom = idParam(body, 'version') ?? 0
  const restoredFrom = idParam(body, 'restored_from')
  const restoring = restoredFrom === null ? undefined : await findTemplateVersion(options.db, accountId, template.id, restoredFrom)
  return { editedFrom, restoring }
}

function bodyOnlyErrors(checked: ReturnType<typeof checkTemplateInput>) {
  return !checked.ok && checked.errors.body ? { body: checked.errors.body } : undefined
}

function proposalOf(request: FastifyRequest, options: WebRoutesOptions) {
  const id = idParam(request.params)
  return id === null ? Promise.resolve(undefined) : getProposalDetail(options.db, sessionOf(request).accountId, { by: 'id', id }, options.config.publicUrl)
}

/**
 * The rendered document as its own HTML response: the one place where HTML written by people
 * (the account's admins) is sent as-is, under DOCUMENT_CONTENT_SECURITY_POLICY. The headers are
 * set here, before sending; applyPageHeaders keeps them and adds the rest.
 */
function sendDocument(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .header('content-security-policy', DOCUMENT_CONTENT_SECURITY_POLICY)
    .header('x-frame-options', 'SAMEORIGIN')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html)
}
