// Configurações → Integrações: tokens, usage and the request log (/settings/integrations…), admin only.
// Creating or regenerating a token answers the page itself (200, no redirect): the secret is shown
// once in that response and never travels in a flash cookie or a URL.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyInstance } from 'fastify'
import { findAccount } from '../../../modules/accounts/accounts.js'
import { ApiTokenNotFoundError, ApiTokenRevokedError, createApiToken } from '../../../modules/integrations/api-tokens.js'
import { listApiTokens } from '../../../modules/integrations/list-api-tokens.js'
import { monthlyUsage } from '../../../modules/integrations/monthly-quota.js'
import { regenerateApiToken } from '../../../modules/integrations/regenerate-api-token.js'
import { getRequestLog } from '../../../modules/integrations/request-log/get-request-log.js'
import { listRequestLogs } from '../../../modules/integrations/request-log/list-request-logs.js'
import { revokeApiToken } from '../../../modules/integrations/revoke-api-token.js'
import { AppError } from '../../../platform/errors.js'
import { pageNumber } from '../components/pagination.js'
import { formString } from '../form-data.js'
import { requireRole, sendForbidden, sendNotFound } from '../guards.js'
import { t } from '../i18n/pt-BR.js'
import { activityActorOf, pageContext, sessionOf } from '../page-context.js'
import { type CreateTokenForm, IntegrationsPage, type IntegrationsPageProps, TOKEN_NAME_MAX } from '../pages/integrations-page.js'
import { isTokenAccess } from '../../../platform/db/schema.js'
import { RequestLogDetailPage } from '../pages/request-log-detail-page.js'
import { parseRequestLogFilters } from '../pages/request-log-filters.js'
import { REQUEST_LOG_PATH, REQUEST_LOG_PER_PAGE, RequestLogListPage } from '../pages/request-log-list-page.js'
import { sendPage } from '../render.js'
import { idParam, redirectWithFlash, type WebRoutesOptions } from './route-options.js'

const INTEGRATIONS_PATH = '/settings/integrations'
const ti = t.integrations

export function registerIntegrationRoutes(app: FastifyInstance, options: WebRoutesOptions): void {
  const { db, clock } = options
  const adminOnly = { preHandler: requireRole('admin') }

  /** The integrations page with the account's current tokens and usage, plus what this request adds. */
  async function sendIntegrationsPage(request: FastifyRequest, reply: FastifyReply, extra: Pick<IntegrationsPageProps, 'issued' | 'createForm'> = {}, status = 200) {
    const session = sessionOf(request)
    const account = await findAccount(db, session.accountId)
    if (!account) return sendNotFound(request, reply)
    const [tokens, usage] = await Promise.all([
      listApiTokens(db, account.id),
      account.api_access ? monthlyUsage(db, clock, { id: account.id, timeZone: account.time_zone }) : Promise.resolve(null),
    ])
    return sendPage(reply, <IntegrationsPage ctx={pageContext(request)} account={account} tokens={tokens} usage={usage} {...extra} />, status)
  }

  /** Plans without API access cannot issue secrets: the same story the API tells (403 plan_without_api). */
  async function refuseWithoutApiAccess(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const account = await findAccount(db, sessionOf(request).accountId)
    if (account?.api_access) return false
    await sendForbidden(request, reply, ti.noApi.refusedTitle, ti.noApi.refusedText)
    return true
  }

  app.get(INTEGRATIONS_PATH, adminOnly, async (request, reply) => sendIntegrationsPage(request, reply))

  app.post(`${INTEGRATIONS_PATH}/tokens`, adminOnly, async (request, reply) => {
    if (await refuseWithoutApiAccess(request, reply)) return reply
    const name = formString(request.body, 'name').trim()
    // The select always sends one; a post without it (a script) gets the select's default.
    const access = formString(request.body, 'access') || 'full'
    const errors: CreateTokenForm['errors'] = {}
    const nameError = name === '' ? t.fieldErrors.required : [...name].length > TOKEN_NAME_MAX ? ti.tokens.nameTooLong(TOKEN_NAME_MAX) : undefined
    if (nameError) errors.name = nameError
    if (!isTokenAccess(access)) errors.access = ti.tokens.invalidAccess
    if (Object.keys(errors).length > 0 || !isTokenAccess(access)) return sendIntegrationsPage(request, reply, { createForm: { name, access, errors } }, 422)
    const token = await createApiToken(db, clock, sessionOf(request).accountId, name, activityActorOf(request), access)
    return sendIntegrationsPage(request, reply, { issued: { token, kind: 'created' } })
  })

  app.post(`${INTEGRATIONS_PATH}/tokens/:id/regenerate`, adminOnly, async (request, reply) => {
    const id = idParam(request.params)
    if (id === null) return sendNotFound(request, reply)
    if (await refuseWithoutApiAccess(request, reply)) return reply
    try {
      const token = await regenerateApiToken(db, clock, sessionOf(request).accountId, id, activityActorOf(request))
      return await sendIntegrationsPage(request, reply, { issued: { token, kind: 'regenerated' } })
    } catch (error) {
      if (error instanceof ApiTokenNotFoundError) return sendNotFound(request, reply)
      if (error instanceof ApiTokenRevokedError) return redirectWithFlash(reply, options, INTEGRATIONS_PATH, { kind: 'error', text: ti.tokens.cannotRegenerateRevoked })
      throw error
    }
  })

  // Revoking only takes a credential away, so it stays allowed on plans without API access.
  app.post(`${INTEGRATIONS_PATH}/tokens/:id/revoke`, adminOnly, async (request, reply) => {
    const id = idParam(request.params)
    if (id === null) return sendNotFound(request, reply)
    try {
      const { token, alreadyRevoked } = await revokeApiToken(db, clock, sessionOf(request).accountId, id, activityActorOf(request))
      const text = alreadyRevoked ? ti.tokens.alreadyRevokedFlash(token.name) : ti.tokens.revokedFlash(token.name)
      return redirectWithFlash(reply, options, INTEGRATIONS_PATH, { kind: alreadyRevoked ? 'info' : 'success', text })
    } catch (error) {
      if (error instanceof ApiTokenNotFoundError) return sendNotFound(request, reply)
      throw error
    }
  })

  app.get(`${INTEGRATIONS_PATH}/requests`, adminOnly, async (request, reply) => {
    const session = sessionOf(request)
    const tokens = await listApiTokens(db, session.accountId)
    const { form, filters, errors } = parseRequestLogFilters(
      request.query,
      session.timeZone,
      tokens.map((token) => token.id),
    )
    const ctx = pageContext(request)
    if (Object.keys(errors).length > 0) {
      return sendPage(reply, <RequestLogListPage ctx={ctx} form={form} errors={errors} tokens={tokens} result={null} />, 422)
    }
    const page = pageNumber((request.query as Record<string, unknown> | undefined)?.page)
    const { data, meta } = await listRequestLogs(db, session.accountId, filters, { page, perPage: REQUEST_LOG_PER_PAGE })
    // A request id pasted from an error goes straight to its entry when the filters leave just it.
    const [only] = data
    if (filters.requestId !== undefined && meta.total === 1 && only !== undefined) return reply.redirect(`${REQUEST_LOG_PATH}/${only.id}`, 303)
    return sendPage(reply, <RequestLogListPage ctx={ctx} form={form} errors={errors} tokens={tokens} result={{ entries: data, page, total: meta.total }} />)
  })

  app.get(`${INTEGRATIONS_PATH}/requests/:id`, adminOnly, async (request, reply) => {
    const reference = (request.params as { id?: unknown }).id
    if (typeof reference !== 'string') return sendNotFound(request, reply)
    try {
      const accountId = sessionOf(request).accountId
      const [entry, tokens] = await Promise.all([getRequestLog(db, accountId, reference), listApiTokens(db, accountId)])
      const tokenName = tokens.find((token) => token.id === entry.token_id)?.name
      return await sendPage(reply, <RequestLogDetailPage ctx={pageContext(request)} entry={entry} tokenNames={new Map(tokenName === undefined ? [] : [[entry.token_id!, tokenName]])} />)
    } catch (error) {
      if (error instanceof AppError && error.code === 'request_log_not_found') return sendNotFound(request, reply)
      throw error
    }
  })
}
