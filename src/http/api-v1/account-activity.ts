// GET /api/v1/account-activity: the account's record of who changed its governance, as
// Configurações → Atividade shows it, for an integration that keeps audit trails (a SIEM).
import { listActivity } from '../../modules/accounts/account-activity.js'
import { WITHOUT_RESPONSE_BODY } from '../request-logging.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { paginationLinks } from './pagination.js'
import { AccountActivityListSchema, AccountActivityQuery } from './schemas/account-activity.js'
import { AUTH_ERRORS, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'
import { FieldErrors } from '../../platform/errors.js'
import { instantRange } from './instant-range.js'

/** How old an entry must be before an export by id lists it: longer than any transaction that writes one. */
const EXPORT_SETTLE_MS = 5_000

export function accountActivityRoutes(app: ApiInstance, { db, clock, config }: ApiContext): void {
  app.get(
    '/account-activity',
    {
      // The answer names the account's users and their addresses: the request log keeps the call, not a copy of it.
      config: WITHOUT_RESPONSE_BODY,
      schema: {
        operationId: 'listAccountActivity',
        [RESPONSE_HEADERS]: { 200: ['Link'] },
        tags: ['Account activity'],
        summary: "Who changed the account's governance",
        description:
          "Every change to how the account is governed, newest first: its settings, logo, two-step verification requirement, plan and creation limit; its users (created, changed, invited, two-step verification turned off, sessions ended); its API tokens (created, regenerated, revoked); its webhooks (created, changed, secret rotated, deleted); its catalogue (products, payment methods, signer roles and templates created or changed, a template with the version it was saved as). Each with who made it (a user in the web app, an integration's token, or support through the CLI), from which address, and what changed. Filters combine: `subject`, the author (`actor_type`, and `actor_id` for one user or token), one changed thing (`target_type` and `target_id`), and the time (`from` inclusive, `to` exclusive). A change is recorded in the same transaction as itself, only when something changed; entries are kept `ACCOUNT_ACTIVITY_RETENTION_DAYS` (730 by default). The web app shows the same in Configurações → Atividade.",
        querystring: AccountActivityQuery,
        response: { 200: AccountActivityListSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]) },
      },
    },
    async (request, reply) => {
      const { subject, actor_type: actorType, actor_id: actorId, target_type: targetType, target_id: targetId, from, to, after: afterId, page = 1, per_page: perPage = 50 } = request.query
      const errors = new FieldErrors()
      if (actorId !== undefined && (actorType === undefined || actorType === 'support')) errors.add('/actor_id', 'needs `actor_type` `user` or `api_token`', 'query')
      // One thing's changes need both its kind and its id: ids are per table.
      if ((targetType === undefined) !== (targetId === undefined)) errors.add(targetType === undefined ? '/target_type' : '/target_id', 'is required with `' + (targetType === undefined ? 'target_id' : 'target_type') + '`', 'query')
      const { from: madeFrom, to: madeBefore } = instantRange(from, to, errors)
      // The schema fills in `page`'s default: whether it was sent is read from the query string itself.
      if (afterId !== undefined && new URLSearchParams(request.url.split('?')[1] ?? '').has('page')) errors.add('/page', 'cannot be combined with `after`: an export walks by id', 'query')
      errors.throwIfAny()
      const after = afterId === undefined ? undefined : { id: afterId, settledBy: new Date(clock.now().getTime() - EXPORT_SETTLE_MS).toISOString() }
      const actor = actorType === undefined ? undefined : actorId === undefined ? { type: actorType } : { type: actorType, id: actorId }
      const target = targetType !== undefined && targetId !== undefined ? { kind: targetType, id: targetId } : undefined
      const { data, total } = await listActivity(db, principalOf(request).accountId, { subject, actor, target, madeFrom, madeBefore, after }, { page, perPage })
      const totalPages = Math.max(1, Math.ceil(total / perPage))
      reply.header('Link', paginationLinks(request, config.publicUrl, page, totalPages))
      return { data, meta: { page, per_page: perPage, total, total_pages: totalPages } }
    },
  )
}
