// Reading web forms and query strings: strings, and arrays of strings for a repeated name.
import { describe, expect, it } from 'vitest'
import { fieldsHoldNul, isCalendarDate } from '../../src/http/web/form-data.js'

describe('fieldsHoldNul', () => {
  it('finds U+0000 in any field, repeated ones included', () => {
    expect(fieldsHoldNul({ name: 'a\u0000b' })).toBe(true)
    expect(fieldsHoldNul({ name: ['Empresa', 'Outra\u0000'] })).toBe(true)
    expect(fieldsHoldNul({ _csrf: 'x', 'items[0][name]': '\u0000' })).toBe(true)
  })

  it('passes every other form, and anything that is not a form', () => {
    expect(fieldsHoldNul({ name: 'olá — \\u0000 😀', tags: ['a', 'b'], empty: '' })).toBe(false)
    for (const body of [undefined, null, '', 'a\u0000b', 42]) expect(fieldsHoldNul(body)).toBe(false)
  })
})

describe('isCalendarDate', () => {
  it('accepts real days written YYYY-MM-DD from 1970 to 9999', () => {
    for (const date of ['1970-01-01', '2024-02-29', '2026-12-31', '9999-12-31']) expect(isCalendarDate(date), date).toBe(true)
  })

  it('refuses days that do not exist, other spellings and years before 1970', () => {
    for (const date of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '2026-01-00', '1969-12-31', '0050-01-01', '0000-01-01',
      '31/12/2026', '2026-1-5', ' 2026-01-05', '2026-01-05T00:00', '+02026-01-05', '10000-01-01', '']) {
      expect(isCalendarDate(date), date).toBe(false)
    }
  })
})
