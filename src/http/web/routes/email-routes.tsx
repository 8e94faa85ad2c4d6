// Configurações → E-mails: the outbox of every message the system sent or kept (/settings/emails…).
// Admin only: messages carry signing links, which are secrets of their signers.
import type { FastifyInstance } from 'fastify'
import { getOutboxEmail, isOutboxEmailState, listOutboxEmails } from '../../../modules/notifications/outbox-emails.js'
import { pageNumber } from '../components/pagination.js'
import { requireRole, sendNotFound } from '../guards.js'
import { pageContext, sessionOf } from '../page-context.js'
import { EmailDetailPage } from '../pages/email-detail-page.js'
import { EMAILS_PATH, EMAILS_PER_PAGE, EmailListPage } from '../pages/email-list-page.js'
import { sendPage } from '../render.js'
import { idParam, type WebRoutesOptions } from './route-options.js'

export function registerEmailRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, config } = options
  const adminOnly = { preHandler: requireRole('admin') }

  app.get(EMAILS_PATH, adminOnly, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>
    // An unknown state is ignored (all states), like any other stale link.
    const state = isOutboxEmailState(query.state) ? query.state : undefined
    const page = pageNumber(query.page)
    const { data, meta } = await listOutboxEmails(db, sessionOf(request).accountId, { state }, { page, perPage: EMAILS_PER_PAGE })
    return sendPage(reply, <EmailListPage ctx={pageContext(request)} state={state ?? ''} emails={data} page={page} total={meta.total} smtpConfigured={config.smtpUrl !== null} />)
  })

  app.get(`${EMAILS_PATH}/:id`, adminOnly, async (request, reply) => {
    const id = idParam(request.params)
    if (id === null) return sendNotFound(request, reply)
    const email = await getOutboxEmail(db, sessionOf(request).accountId, id)
    if (!email) return sendNotFound(request, reply)
    return sendPage(reply, <EmailDetailPage ctx={pageContext(request)} email={email} />)
  })
}
