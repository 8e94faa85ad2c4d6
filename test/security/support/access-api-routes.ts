// The API half of the access-control matrix, walked from the app's route table: which record each
// path parameter names, every form in which that record can be named (DESIGN.md §3.1, §3.2 and
// openapi/v1.json), and a body that passes validation so a write reaches its lookup. A new route
// with a parameter, or a new write, fails the matrix until it is classified here.
import type { FastifyInstance } from 'fastify'
import type { AccessRecords } from './access-records.js'

export type ParamKind = 'customerReference' | 'proposalReference' | 'signer' | 'attachment' | 'requestLog' | 'webhook' | 'webhookDelivery'

/** Which record a parameter names, by the start of the route's URL and the parameter's name. */
const KIND_OF_PARAM: ReadonlyArray<[prefix: string, param: string, kind: ParamKind]> = [
  ['/api/v1/customers/', 'customer_id', 'customerReference'],
  ['/api/v1/proposals/', 'id', 'proposalReference'],
  ['/api/v1/proposals/', 'signer_id', 'signer'],
  ['/api/v1/proposals/', 'attachment_id', 'attachment'],
  ['/api/v1/request-logs/', 'id', 'requestLog'],
  ['/api/v1/webhooks/', 'id', 'webhook'],
  ['/api/v1/webhooks/', 'delivery_id', 'webhookDelivery'],
]

/**
 * Bodies that pass validation, so the answer shows whether the lookup found anything (a write
 * that 422s before its lookup would prove nothing). Each would change a record it found.
 */
const WRITE_BODIES: Readonly<Record<string, Record<string, unknown> | undefined>> = {
  'PATCH /api/v1/proposals/:id': { title: 'Tomado pela conta A', notes: 'Tomado' },
  'POST /api/v1/proposals/:id/send': {},
  'POST /api/v1/proposals/:id/resend': {},
  'POST /api/v1/proposals/:id/request-discount-approval': {},
  'POST /api/v1/proposals/:id/comments': { text: 'Tomado pela conta A' },
  'POST /api/v1/proposals/:id/cancel': { reason: 'Tomado pela conta A' },
  'POST /api/v1/proposals/:id/mark-signed': {},
  'PATCH /api/v1/proposals/:id/signers/:signer_id': { phone: '+55 11 90000-0000' },
  'POST /api/v1/proposals/:id/attachments': { file_name: 'Tomado pela conta A.pdf', content_base64: Buffer.from('%PDF-1.4\n').toString('base64') },
  'DELETE /api/v1/proposals/:id/attachments/:attachment_id': undefined,
  'PATCH /api/v1/webhooks/:id': { description: 'Tomado pela conta A', active: false },
  'DELETE /api/v1/webhooks/:id': undefined,
  'POST /api/v1/webhooks/:id/rotate-secret': {},
  'POST /api/v1/webhooks/:id/deliveries/:delivery_id/redeliver': {},
}

export const MISSING_ID = '987654321'
const MISSING_UUID = '00000000-0000-4000-8000-00000000abcd'

export interface ApiRouteWithParams {
  method: string
  url: string
  params: string[]
}

export function apiRoutesWithParams(app: FastifyInstance): ApiRouteWithParams[] {
  const seen = new Set<string>()
  const routes: ApiRouteWithParams[] = []
  for (const route of app.routeTable) {
    if (!route.url.startsWith('/api/') || !route.url.includes(':') || route.method === 'HEAD' || route.method === 'OPTIONS') continue
    const key = `${route.method} ${route.url}`
    if (seen.has(key)) continue
    seen.add(key)
    routes.push({ ...route, params: [...route.url.matchAll(/:([a-zA-Z_]+)/g)].map((match) => match[1]!) })
  }
  return routes
}

export function kindOfParam(url: string, param: string): ParamKind | undefined {
  return KIND_OF_PARAM.find(([prefix, name]) => url.startsWith(prefix) && name === param)?.[2]
}

/** `has` tells a classified write whose body is "none" from an unclassified one. */
export function writeBodyOf(method: string, url: string): { known: boolean; body: Record<string, unknown> | undefined } {
  const key = `${method} ${url}`
  return { known: method === 'GET' || key in WRITE_BODIES, body: WRITE_BODIES[key] }
}

/** One way of naming a record in a URL: the path value and any query that selects the reading. */
export interface Reference {
  value: string
  query?: Record<string, string>
}

/** A form of reference to another account's record, with its twin that names nothing at all. */
export interface FormPair {
  label: string
  foreign: Reference
  missing: Reference
}

function withQuery(query: Record<string, string> | undefined, pairs: Array<[string, string, string]>): FormPair[] {
  return pairs.map(([label, foreign, missing]) => ({ label, foreign: { value: foreign, ...(query ? { query } : {}) }, missing: { value: missing, ...(query ? { query } : {}) } }))
}

/** Every form each kind of parameter accepts, aimed at `theirs` (the other account's records). */
export function formsOf(kind: ParamKind, theirs: AccessRecords, missingDocuments: { cnpj: string; cpf: string }): FormPair[] {
  switch (kind) {
    case 'customerReference': {
      const { companyCustomer: company, personCustomer: person } = theirs
      const readings: Array<[string, string, string, 'id' | 'code' | 'document']> = [
        ['internal id', String(company.id), MISSING_ID, 'id'],
        ['code', company.code, `${company.code}-X`, 'code'],
        ['CNPJ digits', company.cnpj, missingDocuments.cnpj, 'document'],
        ['CNPJ punctuated', punctuateCnpj(company.cnpj), punctuateCnpj(missingDocuments.cnpj), 'document'],
        ['CPF digits', person.cpf, missingDocuments.cpf, 'document'],
        ['CPF punctuated', punctuateCpf(person.cpf), punctuateCpf(missingDocuments.cpf), 'document'],
        ['person code', person.code, `${person.code}-X`, 'code'],
      ]
      return readings.flatMap(([label, foreign, missing, lookup]) => [
        ...withQuery(undefined, [[label, foreign, missing]]),
        ...withQuery({ lookup }, [[`${label}, lookup=${lookup}`, foreign, missing]]),
      ])
    }
    case 'proposalReference':
      return theirs.proposals.flatMap((proposal, index) => {
        const doc = `document ${index + 1}`
        return [
          ...withQuery(undefined, [
            [`${doc} internal id`, String(proposal.id), MISSING_ID],
            [`${doc} external_uuid`, proposal.externalUuid, MISSING_UUID],
            [`${doc} external_uuid upper case`, proposal.externalUuid.toUpperCase(), MISSING_UUID.toUpperCase()],
          ]),
          ...withQuery({ by: 'id' }, [[`${doc} by=id`, String(proposal.id), MISSING_ID]]),
          ...withQuery({ by: 'external_uuid' }, [[`${doc} by=external_uuid`, proposal.externalUuid, MISSING_UUID]]),
          ...withQuery({ by: 'external_reference' }, [[`${doc} by=external_reference`, proposal.externalReference, `${proposal.externalReference}-X`]]),
        ]
      })
    case 'signer':
      return withQuery(undefined, [['id', String(theirs.signer), MISSING_ID]])
    case 'attachment':
      return withQuery(undefined, [['id', String(theirs.attachment), MISSING_ID]])
    case 'requestLog':
      return withQuery(undefined, [['id', String(theirs.requestLog), MISSING_ID]])
    case 'webhook':
      return withQuery(undefined, [['id', String(theirs.webhook), MISSING_ID]])
    case 'webhookDelivery':
      return withQuery(undefined, [['id', String(theirs.delivery), MISSING_ID]])
  }
}

/** The caller's own record of that kind, for the other parameters of a route (so only one is foreign). */
export function ownReference(kind: ParamKind, mine: AccessRecords): Reference {
  switch (kind) {
    case 'customerReference':
      return { value: String(mine.companyCustomer.id) }
    case 'proposalReference':
      return { value: String(mine.proposals[0]!.id) }
    case 'signer':
      return { value: String(mine.signer) }
    case 'attachment':
      return { value: String(mine.attachment) }
    case 'requestLog':
      return { value: String(mine.requestLog) }
    case 'webhook':
      return { value: String(mine.webhook) }
    case 'webhookDelivery':
      return { value: String(mine.delivery) }
  }
}

export function punctuateCnpj(cnpj: string): string {
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`
}

export function punctuateCpf(cpf: string): string {
  return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`
}

/** The URL for `route` with each parameter's reference filled in (percent-encoded) and their queries merged. */
export function urlFor(route: ApiRouteWithParams, references: Record<string, Reference>): string {
  const path = route.url.replace(/:([a-zA-Z_]+)/g, (_match, name: string) => encodeURIComponent(references[name]!.value))
  const query = new URLSearchParams()
  for (const name of route.params) for (const [key, value] of Object.entries(references[name]!.query ?? {})) query.set(key, value)
  const search = query.toString()
  return search === '' ? path : `${path}?${search}`
}
