// The receiver's side of a webhook signature, written exactly as docs/WEBHOOKS.md tells integrators
// to write it, so the tests check the documented algorithm rather than our own signing code.
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Whether `header` (Vendoc-Signature) signs `rawBody` with `secret`, within 5 minutes of `nowSeconds`. */
export function verifyWebhookSignature(secret: string, rawBody: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)
  if (!match) return false
  const t = Number(match[1])
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest()
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))
}
