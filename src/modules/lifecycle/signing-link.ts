// Each signer's private link: a 32-byte random secret (base64url) in the path of the signing page.
import { randomBytes } from 'node:crypto'

export function newSignToken(): string {
  return randomBytes(32).toString('base64url')
}

export function signingLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/sign/${token}`
}
