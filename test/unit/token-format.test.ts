import { describe, expect, it } from 'vitest'
import { displayPrefix, generateToken, hashToken, isWellFormedToken, TOKEN_PREFIX } from '../../src/modules/integrations/token-format.js'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

describe('API token format', () => {
  it('generates vdc_ + 49 base62 characters that pass the checksum', () => {
    for (let i = 0; i < 20; i++) {
      const token = generateToken()
      expect(token.startsWith(TOKEN_PREFIX)).toBe(true)
      expect(token).toMatch(/^vdc_[0-9A-Za-z]{49}$/)
      expect(isWellFormedToken(token)).toBe(true)
    }
  })

  it('generates distinct tokens', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken()))
    expect(tokens.size).toBe(200)
  })

  it('rejects any one-character change, in the secret or in the checksum', () => {
    const token = generateToken()
    for (let index = TOKEN_PREFIX.length; index < token.length; index++) {
      for (const replacement of [ALPHABET[(ALPHABET.indexOf(token[index]!) + 1) % 62]!, ALPHABET[(ALPHABET.indexOf(token[index]!) + 31) % 62]!]) {
        const changed = `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`
        expect(isWellFormedToken(changed), `position ${index}`).toBe(false)
      }
    }
  })

  it('rejects other prefixes, truncation, extra characters and non-base62 characters', () => {
    const token = generateToken()
    expect(isWellFormedToken(`vdk_${token.slice(4)}`)).toBe(false)
    expect(isWellFormedToken(`VDC_${token.slice(4)}`)).toBe(false)
    expect(isWellFormedToken(token.slice(0, -1))).toBe(false)
    expect(isWellFormedToken(`${token}0`)).toBe(false)
    expect(isWellFormedToken(`${token.slice(0, 10)}-${token.slice(11)}`)).toBe(false)
    expect(isWellFormedToken('')).toBe(false)
  })

  it('shows only a short prefix and hashes with SHA-256', () => {
    const token = generateToken()
    expect(displayPrefix(token)).toBe(token.slice(0, 12))
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(token)).toBe(hashToken(token))
    expect(hashToken(token)).not.toBe(hashToken(generateToken()))
  })
})
