// The signature receivers verify (docs/WEBHOOKS.md): HMAC-SHA256 with the endpoint's secret over
// "<t>.<body>", sent as `Vendoc-Signature: t=<unix seconds>,v1=<hex>`. Binding the timestamp into
// the signed text lets receivers refuse replays older than their tolerance.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`
}

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')
  return `t=${unixSeconds},v1=${digest}`
}

/** The receiver's side, as documented: constant-time compare, timestamp within `toleranceSeconds`. */
export function verifySignatureHeader(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]))
  const t = Number(parts.get('t'))
  const v1 = parts.get('v1') ?? ''
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest()
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'))
}
