// TOTP (RFC 6238) against the RFC's own test vectors, base32 both ways, the drift window, replay
// refusal and what a typed code may look like.
import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep } from '../../src/modules/accounts/totp.js'
import { normalizeSixDigitCode } from '../../src/platform/one-time-code.js'

// RFC 6238 appendix B, SHA-1: the secret is the ASCII "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'))
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

describe('TOTP', () => {
  it('gives the RFC 6238 codes (eight digits as the RFC prints them, and their last six)', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    for (const [seconds, code] of RFC_VECTORS) {
      const step = totpStep(new Date(seconds * 1000))
      expect(totpCode(RFC_SECRET, step, 8), String(seconds)).toBe(code)
      expect(totpCode(RFC_SECRET, step), String(seconds)).toBe(code.slice(2))
    }
  })

  it('encodes and decodes base32 (RFC 4648 vectors, lower case and padding forgiven)', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']]
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded)
      expect(base32Decode(encoded).toString()).toBe(plain)
    }
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar')
    expect(() => base32Decode('MZXW1')).toThrow()
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Decode(secret)).toHaveLength(20)
  })

  it('accepts the code of the step before, now and after, and no other; a used step never again', () => {
    const at = new Date(1_800_000_000_000)
    const now = totpStep(at)
    const codeOf = (step: number) => totpCode(RFC_SECRET, step)
    expect(matchTotp(RFC_SECRET, codeOf(now), at, null)).toBe(now)
    expect(matchTotp(RFC_SECRET, codeOf(now - 1), at, null)).toBe(now - 1)
    expect(matchTotp(RFC_SECRET, codeOf(now + 1), at, null)).toBe(now + 1)
    for (const step of [now - 3, now - 2, now + 2, now + 3]) if (![now - 1, now, now + 1].some((near) => codeOf(near) === codeOf(step))) expect(matchTotp(RFC_SECRET, codeOf(step), at, null)).toBeNull()
    // Replay: the step already used, or an earlier one, is refused; a later one is fine.
    expect(matchTotp(RFC_SECRET, codeOf(now), at, now)).toBeNull()
    expect(matchTotp(RFC_SECRET, codeOf(now - 1), at, now)).toBeNull()
    expect(matchTotp(RFC_SECRET, codeOf(now + 1), at, now)).toBe(now + 1)
  })

  it('forgives spaces, a hyphen or a dot in a typed code, and nothing else', () => {
    expect(normalizeSixDigitCode(' 123 456 ')).toBe('123456')
    expect(normalizeSixDigitCode('123-456')).toBe('123456')
    expect(normalizeSixDigitCode('123.456')).toBe('123456')
    for (const typed of ['12345', '1234567', '12345a', '１２３４５６', '', '12_3456']) expect(normalizeSixDigitCode(typed), typed).toBeNull()
  })

  it('writes the otpauth URI the apps read', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'Vendoc (Acme)', 'ana@acme.com.br')).toBe(
      'otpauth://totp/Vendoc%20(Acme)%3Aana%40acme.com.br?secret=JBSWY3DPEHPK3PXP&issuer=Vendoc%20(Acme)&algorithm=SHA1&digits=6&period=30',
    )
  })
})
