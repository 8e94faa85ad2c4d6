// GET /api/v1/usage: this month's document creations through the API against the account's limit.
import Type from 'typebox'
import { monthlyUsage } from '../../modules/integrations/monthly-quota.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { AUTH_ERRORS, Instant, problemResponses, QUERY_ERRORS } from './schemas/common.js'

export const UsageSchema = Type.Object({
  period: Type.String({ description: "Calendar month in the account's time zone.", example: '2026-11' }),
  used: Type.Integer({ description: 'Documents created through the API this month (replays and failures do not count).', example: 42 }),
  limit: Type.Integer({ description: "The account's monthly limit (support's override, else the plan's).", example: 200 }),
  remaining: Type.Integer({ example: 158 }),
  resets_at: Instant('When the next month starts in the account\'s time zone.'),
}, { title: 'Usage' })

export function usageRoutes(app: ApiInstance, { db, clock }: ApiContext): void {
  app.get(
    '/usage',
    {
      schema: {
        operationId: 'getUsage',
        tags: ['Usage'],
        summary: "This month's creation quota",
        description:
          'How many documents the account created through `POST /proposals` this calendar month (in its time zone), against its monthly limit. Over the limit a creation answers 429 `quota_exceeded`; support raises the limit.',
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: UsageSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]) },
      },
    },
    async (request) => {
      const principal = principalOf(request)
      return monthlyUsage(db, clock, { id: principal.accountId, timeZone: principal.timeZone })
    },
  )
}
