// Text neither database stores as it is: lone surrogates (found for the request validation, replaced
// for the request log's PostgreSQL batch) and U+0000 (replaced in stored bodies and excerpts).
import { describe, expect, it } from 'vitest'
import { hasLoneSurrogate, withoutLoneSurrogates, withoutNul } from '../../src/platform/storable-text.js'

describe('storable text', () => {
  it('finds a high or low half alone, anywhere, and never a whole pair', () => {
    for (const text of ['\uD800', 'a\uDC00', '\uDBFFz', '😀\uDE00', '\uD83D\uD83D\uDE00']) expect(hasLoneSurrogate(text), JSON.stringify(text)).toBe(true)
    for (const text of ['', 'olá — ✓', '😀', '\uD83D\uDE00\uD83D\uDE00', '\\ud800']) expect(hasLoneSurrogate(text), JSON.stringify(text)).toBe(false)
  })

  it('puts U+FFFD in place of each lone half and keeps every pair', () => {
    expect(withoutLoneSurrogates('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc')
    expect(withoutLoneSurrogates('\uD800\uD800')).toBe('\uFFFD\uFFFD')
    expect(withoutLoneSurrogates('\uD800\uD83D\uDE00')).toBe('\uFFFD😀')
    expect(withoutLoneSurrogates('😀 \\ud800')).toBe('😀 \\ud800')
    // Called twice in a row: no state left between calls (a global pattern's lastIndex).
    expect(withoutLoneSurrogates('x\uDFFF')).toBe('x\uFFFD')
    expect(withoutLoneSurrogates('x\uDFFF')).toBe('x\uFFFD')
  })

  it('puts U+FFFD in place of each U+0000 and leaves other text as it is', () => {
    expect(withoutNul('a\u0000b\u0000\u0000')).toBe('a\uFFFDb\uFFFD\uFFFD')
    expect(withoutNul('olá \\u0000 — 😀')).toBe('olá \\u0000 — 😀')
    expect(withoutNul('')).toBe('')
  })
})
