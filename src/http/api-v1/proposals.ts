// GET /api/v1/proposals/{id} and POST /api/v1/proposals (DESIGN.md §3.2, §3.4).
import Type from 'typebox'
import { bindIdempotencyResource } from '../../modules/integrations/idempotency.js'
import { monthlyUsage, quotaHeaders } from '../../modules/integrations/monthly-quota.js'
import { createProposal } from '../../modules/proposals/create-proposal.js'
import { getProposalByReference, getProposalDetail } from '../../modules/proposals/get-proposal.js'
import { accountDay, principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { AUTH_ERRORS, WRITE_AUTH_ERRORS, BODY_ERRORS, NoQuery, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { CreateProposalBody, ProposalDetailSchema } from './schemas/proposal.js'
import { RESPONSE_HEADERS } from './schemas/response-headers.js'

export function proposalRoutes(app: ApiInstance, { db, clock, config }: ApiContext): void {
  app.get(
    '/proposals/:id',
    {
      schema: {
        operationId: 'getProposal',
        tags: ['Proposals'],
        summary: 'One whole document',
        description:
          'Everything about one document: customer, seller, template, payment and schedule, items and totals, signers, custom fields, history and links. `id` is the internal ID (the number in `/proposals/{id}/edit`) or the `external_uuid`; with `by=external_reference` it is your own reference. Any other value is a 404.',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 100, description: 'Internal ID or external_uuid (or external_reference with `by`).', example: '44073' }),
        }),
        querystring: Type.Object(
          { by: Type.Optional(Type.Enum(['id', 'external_uuid', 'external_reference'], { description: 'Force how `id` is read.' })) },
          { additionalProperties: false },
        ),
        response: { 200: ProposalDetailSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS, 'proposal_not_found']) },
      },
    },
    async (request) => getProposalByReference(db, principalOf(request).accountId, request.params.id, request.query.by, config.publicUrl, accountDay(request, clock)),
  )

  app.post(
    '/proposals',
    {
      schema: {
        operationId: 'createProposal',
        [RESPONSE_HEADERS]: { 201: ['Location', 'X-Quota-Limit', 'X-Quota-Remaining', 'X-Quota-Reset'], all: ['X-Quota-Limit', 'X-Quota-Remaining', 'X-Quota-Reset'] },
        tags: ['Proposals'],
        summary: 'Create a document',
        description:
          'Creates a draft document from the registration data plus customer and signer data. Prices come from the catalogue unless overridden; totals and the installment schedule are computed here. Every reference must belong to the account and be active; every bad field is reported at once. Each successful creation counts against the monthly quota (`X-Quota-*` headers, `GET /usage`); send an `Idempotency-Key` to retry safely.',
        querystring: NoQuery,
        body: CreateProposalBody,
        response: {
          201: { ...ProposalDetailSchema, description: 'The created document (same body as GET /proposals/{id}); `Location` points at it.' },
          ...problemResponses([...WRITE_AUTH_ERRORS, ...BODY_ERRORS, 'customer_conflict', 'duplicate_external_reference', 'idempotency_key_in_progress', 'idempotency_key_reused', 'quota_exceeded']),
        },
      },
      config: {
        recoverIdempotentResponse: async (request, reply, resourceId) => {
          const detail = await getProposalDetail(db, principalOf(request).accountId, { by: 'id', id: resourceId }, config.publicUrl, accountDay(request, clock))
          return reply.code(201).header('location', detail!.links.self).send(detail!)
        },
      },
      // Every answer to a creation says where the quota stands (a 429 already carries it). The
      // answer is decided here: a failed read (the database gone) leaves the headers out rather
      // than replace the answer (idempotency.ts's onSend says what an error here would do).
      onSend: async (request, reply, payload) => {
        if (request.principal && reply.getHeader('x-quota-limit') === undefined) {
          try {
            reply.headers(quotaHeaders(await monthlyUsage(db, clock, { id: request.principal.accountId, timeZone: request.principal.timeZone })))
          } catch (error) {
            request.log.error({ err: error }, 'quota headers: could not read the usage; the answer goes out without them')
          }
        }
        return payload
      },
    },
    async (request, reply) => {
      const principal = principalOf(request)
      const claimId = request.idempotencyClaim
      const created = await createProposal(
        db,
        {
          accountId: principal.accountId,
          timeZone: principal.timeZone,
          clock,
          via: 'api',
          actor: { type: 'api_token', id: principal.tokenId, name: principal.tokenName },
          countsAgainstQuota: true,
          onCreated: claimId === null ? undefined : (trx, { id }) => bindIdempotencyResource(trx, claimId, id),
        },
        request.body,
      )
      const detail = await getProposalDetail(db, principal.accountId, { by: 'id', id: created.id }, config.publicUrl, accountDay(request, clock))
      if (created.quota) reply.headers(quotaHeaders(created.quota))
      return reply.code(201).header('location', detail!.links.self).send(detail!)
    },
  )
}
