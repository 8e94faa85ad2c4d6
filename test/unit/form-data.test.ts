// Reading web forms and query strings: strings, and arrays of strings for a repeated name.
import { describe, expect, it } from 'vitest'
import { fieldsHoldNul } from '../../src/http/web/form-data.js'

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
