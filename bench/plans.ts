// The requests of each scenario of issue 6, drawn at random from the generated dataset so no
// answer can come from a cache warmed by the request before it.
import { creationBody } from './creation-body.js'
import type { Dataset } from './datasets.js'
import type { RequestPlan } from './load.js'

export type ScenarioKind = 'floor' | 'detail' | 'detail-log-off' | 'detail-read-thread-off' | 'list-random' | 'list-big' | 'registration-data' | 'create' | 'create-idempotent'

function pick<T>(values: readonly T[]): T {
  return values[Math.floor(Math.random() * values.length)]!
}

function randomProposalId(dataset: Dataset): number {
  const { min, max } = dataset.summary.proposal_ids
  return min + Math.floor(Math.random() * (max - min + 1))
}

function documents(dataset: Dataset): string[] {
  const sample = dataset.summary.customer_documents_sample
  if (sample.length === 0) throw new Error(`dataset ${dataset.spec.label} has no customer with a document`)
  return sample
}

let idempotencyKeys = 0

/** The plan of a scenario kind on a dataset, or null when the dataset cannot serve it (no big customer). */
export function planFor(kind: ScenarioKind, dataset: Dataset | null): RequestPlan | null {
  if (kind === 'floor' || dataset === null) return { method: 'GET', path: () => '/api/v1/proposals/1', expectedStatus: 200 }
  switch (kind) {
    case 'detail':
    case 'detail-log-off':
    case 'detail-read-thread-off':
      return { method: 'GET', path: () => `/api/v1/proposals/${randomProposalId(dataset)}`, expectedStatus: 200 }
    case 'list-random': {
      const sample = documents(dataset)
      return { method: 'GET', path: () => `/api/v1/customers/${pick(sample)}/proposals?per_page=50`, expectedStatus: 200 }
    }
    case 'list-big': {
      const big = dataset.summary.big_customer
      if (big === null) return null
      return { method: 'GET', path: () => `/api/v1/customers/${big.document}/proposals?per_page=50`, expectedStatus: 200 }
    }
    case 'registration-data':
      return { method: 'GET', path: () => '/api/v1/registration-data', expectedStatus: 200 }
    case 'create':
    case 'create-idempotent': {
      const sample = documents(dataset)
      return {
        method: 'POST',
        path: () => '/api/v1/proposals',
        body: () => creationBody(dataset.creation, pick(sample)),
        // Unique per request (and per run: the pid), so every request is a first claim, never a replay.
        headers: kind === 'create-idempotent' ? () => ({ 'idempotency-key': `bench-${process.pid}-${(idempotencyKeys += 1)}` }) : undefined,
        expectedStatus: 201,
      }
    }
  }
}

export const KIND_NAMES: Record<ScenarioKind, string> = {
  floor: 'floor: bare Fastify, fixed JSON',
  detail: 'GET /proposals/{id}',
  'detail-log-off': 'GET /proposals/{id}, request log off',
  'detail-read-thread-off': 'GET /proposals/{id}, SQLite read thread off',
  'list-random': 'GET /customers/{doc}/proposals, random customers',
  'list-big': 'GET /customers/{doc}/proposals, big customer',
  'registration-data': 'GET /registration-data',
  create: 'POST /proposals',
  'create-idempotent': 'POST /proposals with Idempotency-Key',
}
