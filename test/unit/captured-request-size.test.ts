// The size the request log's writer bounds its batches and its queue with: the texts a captured
// request holds (URL, headers, bodies) plus a fixed overhead.
import { describe, expect, it } from 'vitest'
import { cutBeforeMasking } from '../../src/modules/integrations/request-log/cap-body.js'
import { type CapturedRequest, sizeOfCapturedRequest } from '../../src/modules/integrations/request-log/captured-request.js'

describe('sizeOfCapturedRequest', () => {
  const read: CapturedRequest = {
    created_at: '2026-11-30T00:00:00.000Z', request_id: 'req_x', account_id: 1, api_token_id: 1, token_prefix: 'vdc_abcd', method: 'GET',
    url: '/api/v1/proposals/123', status: 200, duration_ms: 1, ip: '127.0.0.1', user_agent: 'crm-sync/1.0', idempotency_key: null,
    request_headers: { host: 'localhost:3000', accept: 'application/json', 'user-agent': 'crm-sync/1.0' }, request_body: null, response_body: null, response_content_type: null, client_closed: false,
  }
  const base = sizeOfCapturedRequest(read)

  it('keeps a read without bodies small, so batches of reads are bounded by their count', () => {
    expect(base).toBeLessThan(1_000)
  })

  it('counts the URL and every header, the user agent once', () => {
    expect(sizeOfCapturedRequest({ ...read, url: `${read.url}?page=2&per_page=50` })).toBe(base + '?page=2&per_page=50'.length)
    expect(sizeOfCapturedRequest({ ...read, request_headers: { ...read.request_headers, 'x-extra': 'v'.repeat(500) } })).toBe(base + 'x-extra'.length + 500)
    const longAgent = 'a'.repeat(300)
    expect(sizeOfCapturedRequest({ ...read, user_agent: longAgent, request_headers: { ...read.request_headers, 'user-agent': longAgent } })).toBe(base + 300 - 'crm-sync/1.0'.length)
  })

  it('counts both bodies, so entries with bodies weigh what they hold', () => {
    const withBodies = { ...read, method: 'POST', request_body: cutBeforeMasking('r'.repeat(2_000)), response_body: cutBeforeMasking('s'.repeat(5_000)) }
    expect(sizeOfCapturedRequest(withBodies)).toBe(base + 7_000)
  })
})
