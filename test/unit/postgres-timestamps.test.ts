// PostgreSQL timestamp text → the API's ISO strings: the fast path for UTC text must give exactly
// what Date gives (the reference it replaces), and everything else must still go through Date.
import { describe, expect, it } from 'vitest'
import { isoFromPostgresTimestamp } from '../../src/platform/db/postgres-timestamps.js'
import { seededRandom } from '../../src/platform/seeded-random.js'

const reference = (text: string, withZone: boolean) => new Date(withZone ? text : `${text}Z`).toISOString()

describe('isoFromPostgresTimestamp', () => {
  it('rewrites UTC text, padding or cutting the fraction to milliseconds', () => {
    expect(isoFromPostgresTimestamp('2026-11-30 12:34:56+00', true)).toBe('2026-11-30T12:34:56.000Z')
    expect(isoFromPostgresTimestamp('2026-11-30 12:34:56.7+00', true)).toBe('2026-11-30T12:34:56.700Z')
    expect(isoFromPostgresTimestamp('2026-11-30 12:34:56.789+00', true)).toBe('2026-11-30T12:34:56.789Z')
    expect(isoFromPostgresTimestamp('2026-11-30 12:34:56.789999+00', true)).toBe('2026-11-30T12:34:56.789Z')
    expect(isoFromPostgresTimestamp('2026-11-30 12:34:56.05', false)).toBe('2026-11-30T12:34:56.050Z')
  })

  it('gives what Date gives for thousands of random instants and fractions', () => {
    const random = seededRandom(20261201)
    for (let index = 0; index < 5_000; index += 1) {
      const instant = new Date(random.int(0, 8_000_000_000_000)) // 1970 to ~2223
      const [date, time] = instant.toISOString().slice(0, 19).split('T')
      const digits = random.int(0, 6)
      const fraction = digits === 0 ? '' : `.${String(random.int(0, 10 ** digits - 1)).padStart(digits, '0')}`
      for (const withZone of [true, false]) {
        const text = `${date} ${time}${fraction}${withZone ? '+00' : ''}`
        expect(isoFromPostgresTimestamp(text, withZone), text).toBe(reference(text, withZone))
      }
    }
  })

  it('leaves other zones, years past 9999 and mismatched kinds to Date', () => {
    for (const [text, withZone] of [
      ['2026-11-30 09:34:56.7-03', true],
      ['2026-11-30 18:04:56+05:30', true],
      ['12026-11-30 12:34:56+00', true],
      ['2026-11-30 12:34:56+00', false],
    ] as const) {
      expect(isoFromPostgresTimestamp(text, withZone), text).toBe(reference(text, withZone))
    }
    expect(isoFromPostgresTimestamp('2026-11-30 09:34:56.7-03', true)).toBe('2026-11-30T12:34:56.700Z')
  })

  it("reads a year below 100 as written, where Date's legacy parser reads 0099 as 1999 (and 0001 as 2001)", () => {
    expect(isoFromPostgresTimestamp('0099-01-01 00:00:00+00', true)).toBe('0099-01-01T00:00:00.000Z')
    expect(reference('0099-01-01 00:00:00+00', true)).toBe('1999-01-01T00:00:00.000Z')
    expect(isoFromPostgresTimestamp('0001-02-03 04:05:06+00', true)).toBe('0001-02-03T04:05:06.000Z')
  })
})
