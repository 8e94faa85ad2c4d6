// Comparing a refused answer with a "missing" one, and searching answers and log rows for another
// account's data.
import type { LightMyRequestResponse } from 'fastify'

/**
 * What a client can observe of an answer, minus what differs on every request (the request id)
 * and the reference the client itself typed, which a not-found `detail` echoes.
 */
export function observable(response: LightMyRequestResponse, typedReferences: string[]): { status: number; contentType: unknown; challenge: unknown; body: unknown } {
  let body: unknown = response.body
  if (String(response.headers['content-type'] ?? '').includes('json') && response.body !== '') {
    const parsed = response.json<Record<string, unknown>>()
    delete parsed.request_id
    if (typeof parsed.detail === 'string') parsed.detail = typedReferences.reduce((detail, reference) => detail.split(reference).join('<ref>'), parsed.detail)
    body = parsed
  }
  return { status: response.statusCode, contentType: response.headers['content-type'], challenge: response.headers['www-authenticate'], body }
}

/** The markers found in `text`, except identifiers the request itself carried (echoing them is no leak). */
export function leakedMarkers(text: string, markers: { secret: string[]; identifiers: string[] }, sent: string): string[] {
  const lowerText = text.toLowerCase()
  const found = markers.secret.filter((marker) => lowerText.includes(marker.toLowerCase()))
  for (const identifier of markers.identifiers) {
    if (!sent.toLowerCase().includes(identifier.toLowerCase()) && lowerText.includes(identifier.toLowerCase())) found.push(identifier)
  }
  return found
}
