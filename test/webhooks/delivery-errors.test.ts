// The delivery log's errors: each form written by delivery-errors.ts (and the URL rule's refusals)
// is read back with its parameters, and the delivery page says each in Portuguese, its dates in the
// account's time zone; text of no known form is shown as stored, in <code>.
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { describe, expect, it } from 'vitest'
import { DeliveryErrorText } from '../../src/http/web/pages/webhook-delivery-error.js'
import {
  httpStatusError,
  INACTIVE_ERROR,
  notSentWhilePausedError,
  readDeliveryError,
  timeoutError,
  urlNotAllowedError,
} from '../../src/modules/webhooks/delivery-errors.js'
import { notSentError } from '../../src/modules/webhooks/endpoint-pause.js'
import { addressRefusal, checkWebhookUrl } from '../../src/modules/webhooks/webhook-url-policy.js'

const PAUSED_UNTIL = '2026-12-05T11:44:33.101Z'

/** The page's text for a stored error, in São Paulo unless told. */
function shown(error: string, timeZone = 'America/Sao_Paulo'): string {
  return renderToString(h(DeliveryErrorText, { error, timeZone }))
}

describe('delivery errors', () => {
  it('keeps the documented English text', () => {
    expect(notSentError({ consecutive_failures: 7, paused_until: PAUSED_UNTIL })).toBe(`not sent: the endpoint failed its last 7 attempts and is paused until ${PAUSED_UNTIL}`)
    expect(INACTIVE_ERROR).toBe('endpoint is inactive')
    expect(timeoutError(10_000)).toBe('timed out after 10000 ms')
    expect(httpStatusError(503)).toBe('HTTP 503')
    expect(httpStatusError(302)).toBe('HTTP 302 (redirects are not followed)')
    expect(urlNotAllowedError(addressRefusal.privateAddress())).toBe('URL not allowed: points at a private, loopback or link-local address')
  })

  it('reads back every form it writes, with its parameters', () => {
    expect(readDeliveryError(notSentWhilePausedError(7, PAUSED_UNTIL))).toEqual({ kind: 'not_sent', failures: 7, pausedUntil: PAUSED_UNTIL })
    expect(readDeliveryError(INACTIVE_ERROR)).toEqual({ kind: 'inactive' })
    expect(readDeliveryError(timeoutError(250))).toEqual({ kind: 'timeout', ms: 250 })
    expect(readDeliveryError(httpStatusError(503))).toEqual({ kind: 'http_status', status: 503, redirect: false })
    expect(readDeliveryError(httpStatusError(301))).toEqual({ kind: 'http_status', status: 301, redirect: true })
    expect(readDeliveryError(urlNotAllowedError(addressRefusal.privateAddress()))).toMatchObject({ kind: 'url_not_allowed', refusal: { kind: 'private_address' } })
    expect(readDeliveryError(urlNotAllowedError(addressRefusal.unresolved('crm.example')))).toMatchObject({ kind: 'url_not_allowed', refusal: { kind: 'unresolved', host: 'crm.example' } })
    expect(readDeliveryError(urlNotAllowedError(addressRefusal.resolvesToPrivate('crm.example')))).toMatchObject({ kind: 'url_not_allowed', refusal: { kind: 'resolves_to_private', host: 'crm.example' } })
    expect(readDeliveryError(urlNotAllowedError('must use https:// or http://'))).toEqual({ kind: 'url_not_allowed', reason: 'must use https:// or http://', refusal: null })
    expect(readDeliveryError(addressRefusal.resolvesToPrivate('crm.example'))).toEqual({ kind: 'address_refused', refusal: { kind: 'resolves_to_private', host: 'crm.example' } })
    expect(readDeliveryError('connect ECONNREFUSED 93.184.216.34:443')).toEqual({ kind: 'connection_refused', address: '93.184.216.34:443' })
    expect(readDeliveryError('getaddrinfo ENOTFOUND crm.example')).toEqual({ kind: 'host_not_found', host: 'crm.example' })
    expect(readDeliveryError('socket hang up')).toEqual({ kind: 'connection_reset' })
    expect(readDeliveryError('unable to verify the first certificate')).toEqual({ kind: 'other', text: 'unable to verify the first certificate' })
  })

  it('the URL rule words its refusals with the writers the reader knows', async () => {
    const refused = await checkWebhookUrl('http://127.0.0.1/x', { allowPrivate: false })
    expect(refused).toMatchObject({ ok: false, reason: addressRefusal.privateAddress() })
    const unresolved = await checkWebhookUrl('https://crm.example/x', { allowPrivate: false, resolve: async () => [] })
    expect(unresolved).toMatchObject({ ok: false, reason: addressRefusal.unresolved('crm.example') })
    const rebound = await checkWebhookUrl('https://crm.example/x', { allowPrivate: false, resolve: async () => [{ address: '10.0.0.1', family: 4 }] })
    expect(rebound).toMatchObject({ ok: false, reason: addressRefusal.resolvesToPrivate('crm.example') })
  })

  it('shows each known form in Portuguese, dates in the account time zone', () => {
    expect(shown(notSentWhilePausedError(7, PAUSED_UNTIL))).toMatch(/^Não enviada: o webhook falhou nas últimas 7 tentativas e está pausado até 05\/12\/2026,? 08:44\.$/)
    expect(shown(notSentWhilePausedError(7, PAUSED_UNTIL), 'Asia/Tokyo')).toMatch(/pausado até 05\/12\/2026,? 20:44\.$/)
    expect(shown(INACTIVE_ERROR)).toBe('Não enviada: o webhook está inativo.')
    expect(shown(timeoutError(10_000))).toBe('O destino não respondeu em 10 s (tempo esgotado).')
    expect(shown(timeoutError(1_500))).toBe('O destino não respondeu em 1.500 ms (tempo esgotado).')
    expect(shown(httpStatusError(503))).toBe('O destino respondeu HTTP 503.')
    expect(shown(httpStatusError(302))).toBe('O destino respondeu HTTP 302, um redirecionamento (redirecionamentos não são seguidos).')
    expect(shown(urlNotAllowedError(addressRefusal.privateAddress()))).toBe('URL não permitida: ela aponta para um endereço privado, de loopback ou link-local.')
    expect(shown(urlNotAllowedError(addressRefusal.unresolved('crm.example')))).toBe('URL não permitida: o nome “crm.example” não resolve no DNS.')
    expect(shown(urlNotAllowedError(addressRefusal.resolvesToPrivate('crm.example')))).toBe('URL não permitida: o nome “crm.example” aponta para um endereço privado, de loopback ou link-local.')
    expect(shown(urlNotAllowedError('must use https:// or http://'))).toBe('URL não permitida: <code>must use https:// or http://</code>')
    expect(shown(addressRefusal.resolvesToPrivate('crm.example'))).toBe('Conexão não feita: o nome “crm.example” aponta para um endereço privado, de loopback ou link-local.')
    expect(shown('connect ECONNREFUSED 93.184.216.34:443')).toBe('O destino recusou a conexão (93.184.216.34:443).')
    expect(shown('getaddrinfo ENOTFOUND crm.example')).toBe('O nome “crm.example” não foi encontrado no DNS.')
    expect(shown('read ECONNRESET')).toBe('O destino encerrou a conexão antes de responder.')
    // Unknown text is shown as stored (escaped), in <code>.
    expect(shown('unexpected <b>thing</b>')).toBe('<code>unexpected &lt;b>thing&lt;/b></code>')
  })
})
