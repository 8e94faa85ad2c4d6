// Reading web forms: what @fastify/formbody hands over (strings, arrays of strings for a repeated name).
import { describe, expect, it } from 'vitest'
import { formHoldsNul } from '../../src/http/web/form-data.js'

describe('formHoldsNul', () => {
  it('finds U+0000 in any field, repeated fields included', () => {
    expect(formHoldsNul({ name: 'a\u0000b' })).toBe(true)
    expect(formHoldsNul({ name: ['Empresa', 'Outra\u0000'] })).toBe(true)
    expect(formHoldsNul({ _csrf: 'x', 'items[0][name]': '\u0000' })).toBe(true)
  })

  it('passes every other form, and anything that is not a form', () => {
    expect(formHoldsNul({ name: 'olá — \\u0000 😀', tags: ['a', 'b'], empty: '' })).toBe(false)
    for (const body of [undefined, null, '', 'a\u0000b', 42]) expect(formHoldsNul(body)).toBe(false)
  })
})
