// A security key in software, for tests through app.inject: it answers the options a page offers
// the way a browser and a FIDO2 authenticator do (WebAuthn Level 2 §6.1 authenticator data,
// §5.8.1 client data, "none" attestation, an ES256 key, a signature counter), so the server's
// checks run on real signatures. Overrides forge what a phishing site or a replay would send.
// Unlike a browser it checks nothing itself (the RP ID against the origin, allowCredentials), so
// tests can send what a browser never would; and it signs with ES256 only.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { isoCBOR } from '@simplewebauthn/server/helpers'

/** The options a page embeds for the browser (data-webauthn-options), as JSON. */
export interface OfferedOptions {
  challenge: string
  rp?: { id?: string }
  rpId?: string
  allowCredentials?: { id: string }[]
  excludeCredentials?: { id: string }[]
}

export interface Forgery {
  /** Another origin than the page's (a phishing site relaying the challenge). */
  origin?: string
  /** Another relying party's id in the authenticator data. */
  rpId?: string
  /** Another challenge than the one offered (a replay of an older one). */
  challenge?: string
  /** Report this counter instead of the next one (a cloned key lagging behind). */
  counter?: number
  /** The transports the browser reports at registration (default usb). */
  transports?: string[]
}

const FLAG_USER_PRESENT = 0x01
const FLAG_ATTESTED_DATA = 0x40

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16)
  private readonly privateKey: KeyObject
  private readonly x: Buffer
  private readonly y: Buffer
  private counter = 0

  /** `counts`: false for authenticators that keep no counter (always 0, as many passkeys). */
  constructor(private readonly counts = true) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' })
    this.privateKey = privateKey
    this.x = Buffer.from(jwk.x!, 'base64url')
    this.y = Buffer.from(jwk.y!, 'base64url')
  }

  get id(): string {
    return this.credentialId.toString('base64url')
  }

  /** The JSON a browser posts after navigator.credentials.create with these options. */
  register(options: OfferedOptions, origin: string, forgery: Forgery = {}): string {
    const rpId = forgery.rpId ?? options.rp?.id ?? new URL(origin).hostname
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(this.x)],
      [-3, new Uint8Array(this.y)],
    ])
    const credentialLength = Buffer.alloc(2)
    credentialLength.writeUInt16BE(this.credentialId.length)
    const attested = Buffer.concat([Buffer.alloc(16), credentialLength, this.credentialId, Buffer.from(isoCBOR.encode(coseKey))])
    const authData = Buffer.concat([this.authenticatorData(rpId, FLAG_USER_PRESENT | FLAG_ATTESTED_DATA, forgery.counter ?? this.counter), attested])
    const attestationObject = isoCBOR.encode(new Map<string, string | Map<string, string> | Uint8Array>([['fmt', 'none'], ['attStmt', new Map<string, string>()], ['authData', new Uint8Array(authData)]]))
    const clientData = this.clientData('webauthn.create', forgery.challenge ?? options.challenge, forgery.origin ?? origin)
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: clientData.toString('base64url'), attestationObject: Buffer.from(attestationObject).toString('base64url'), transports: forgery.transports ?? ['usb'] },
      clientExtensionResults: {},
    })
  }

  /** The JSON a browser posts after navigator.credentials.get with these options. */
  assert(options: OfferedOptions, origin: string, forgery: Forgery = {}): string {
    const rpId = forgery.rpId ?? options.rpId ?? new URL(origin).hostname
    if (this.counts && forgery.counter === undefined) this.counter += 1
    const authData = this.authenticatorData(rpId, FLAG_USER_PRESENT, forgery.counter ?? this.counter)
    const clientData = this.clientData('webauthn.get', forgery.challenge ?? options.challenge, forgery.origin ?? origin)
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientData).digest()]), this.privateKey)
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: clientData.toString('base64url'), authenticatorData: authData.toString('base64url'), signature: signature.toString('base64url') },
      clientExtensionResults: {},
    })
  }

  private authenticatorData(rpId: string, flags: number, counter: number): Buffer {
    const count = Buffer.alloc(4)
    count.writeUInt32BE(counter)
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count])
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }))
  }
}

/** The options a page embeds in `data-webauthn-options` (HTML-escaped JSON), or null when it has none. */
export function offeredOptionsIn(html: string): OfferedOptions | null {
  const match = /data-webauthn-options="([^"]*)"/.exec(html)
  if (!match) return null
  const json = match[1]!.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')
  return JSON.parse(json) as OfferedOptions
}
