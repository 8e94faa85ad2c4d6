// GET /api/v1/registration-data (DESIGN.md §3.3).
import Type from 'typebox'
import { RegistrationDataCache } from '../../modules/catalog/registration-data-cache.js'
import { principalOf } from './authenticate.js'
import type { ApiContext, ApiInstance } from './context.js'
import { AUTH_ERRORS, problemResponses, QUERY_ERRORS } from './schemas/common.js'
import { RegistrationDataSchema } from './schemas/registration-data.js'
import { WITHOUT_RESPONSE_BODY } from '../request-logging.js'

export function registrationDataRoutes(app: ApiInstance, { db }: ApiContext): void {
  const cache = new RegistrationDataCache(db)
  app.get(
    '/registration-data',
    {
      // The whole catalogue, the API's largest answer (~100 KB with 500 products) and no data of
      // the call itself: the log keeps the call without a copy of the catalogue each time.
      config: WITHOUT_RESPONSE_BODY,
      schema: {
        operationId: 'getRegistrationData',
        tags: ['Registration data'],
        summary: 'Everything a document can be created from',
        description:
          'Signature types, payment methods, products/services, templates, signer roles and sellers of the account — active entries only, each with the id that `POST /proposals` takes.',
        // No parameters: an unknown one (e.g. account_id) is a 422 like on every other route.
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: RegistrationDataSchema, ...problemResponses([...AUTH_ERRORS, ...QUERY_ERRORS]) },
      },
    },
    // Already JSON (built from the same fields the schema lists), as bytes: sent as they are.
    async (request, reply) => reply.type('application/json; charset=utf-8').send((await cache.body(principalOf(request).accountId)) as never),
  )
}
