// Cadastros → Modelos → Histórico: a template's versions (/registration-data/templates/:id/versions)
// and one version compared with another (…/versions/:version?against=N). Admin only, as the editor
// is: a version holds the whole body. Restoring is the editor's (`…/edit?from_version=N`).
import type { FastifyInstance } from 'fastify'
import { findTemplate } from '../../../modules/catalog/template-admin.js'
import { findTemplateVersion, templateVersionPage } from '../../../modules/catalog/template-versions.js'
import { pageNumber } from '../components/pagination.js'
import { requireRole, sendNotFound } from '../guards.js'
import { pageContext, sessionOf } from '../page-context.js'
import { TemplateVersionPage, TemplateVersionsPage, templatesPath } from '../pages/template-versions-page.js'
import { sendPage } from '../render.js'
import { idParam, type WebRoutesOptions } from './route-options.js'

export function registerTemplateVersionRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db } = options
  const adminOnly = { preHandler: requireRole('admin') }

  app.get(`${templatesPath}/:id/versions`, adminOnly, async (request, reply) => {
    const accountId = sessionOf(request).accountId
    const id = idParam(request.params)
    const template = id === null ? undefined : await findTemplate(db, accountId, id)
    if (!template) return sendNotFound(request, reply)
    const page = pageNumber((request.query as Record<string, unknown> | undefined)?.page)
    const { versions, before } = await templateVersionPage(db, accountId, template.id, page)
    return sendPage(reply, <TemplateVersionsPage ctx={pageContext(request)} template={template} versions={versions} before={before} page={page} total={template.version} />)
  })

  app.get(`${templatesPath}/:id/versions/:version`, adminOnly, async (request, reply) => {
    const accountId = sessionOf(request).accountId
    const id = idParam(request.params)
    const number = idParam(request.params, 'version')
    const template = id === null ? undefined : await findTemplate(db, accountId, id)
    const version = template && number !== null ? await findTemplateVersion(db, accountId, template.id, number) : undefined
    if (!template || !version) return sendNotFound(request, reply)
    // Compared with the version asked for, or else the one before it; an unknown number is ignored, as a stale link.
    const asked = idParam(request.query, 'against')
    const askedVersion = asked !== null && asked !== version.version ? await findTemplateVersion(db, accountId, template.id, asked) : undefined
    const against = askedVersion ?? (version.version > 1 ? await findTemplateVersion(db, accountId, template.id, version.version - 1) : undefined)
    return sendPage(reply, <TemplateVersionPage ctx={pageContext(request)} template={template} version={version} against={against} />)
  })
}
