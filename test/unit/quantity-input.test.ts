// A quantity typed in the document form, read the Brazilian way by the server (parseQuantity) and
// by the form's live totals (the script's toMilli), which must agree: "1.000" had been read as one
// unit, a thousandth of what the document itself prints as "1.000 un".
import { describe, expect, it } from 'vitest'
import { PROPOSAL_FORM_JS } from '../../src/http/web/assets/scripts/proposal-form-js.js'
import { parseQuantity } from '../../src/http/web/pages/proposal-form-values.js'

/** The script's own function, taken out of the served text. */
function scriptToMilli(): (raw: string) => number | null {
  const source = /function toMilli\(raw\) \{[\s\S]*?\n {2}\}/.exec(PROPOSAL_FORM_JS)
  if (!source) throw new Error('toMilli not found in the form script')
  return new Function(`${source[0]}; return toMilli`)() as (raw: string) => number | null
}

const CASES: Array<[string, number | null]> = [
  ['1', 1],
  ['1000', 1000],
  ['1.000', 1000],
  ['12.500', 12500],
  ['1.000.000', 1_000_000],
  ['1,5', 1.5],
  ['2,25', 2.25],
  ['0,125', 0.125],
  ['1.250,5', 1250.5],
  // A lone dot before one or two digits is a decimal point, as in the money fields; so after a lone zero.
  ['1.5', 1.5],
  ['1.50', 1.5],
  ['0.125', 0.125],
  [' 3 ', 3],
  // Not a number: misplaced or doubled separators, letters, signs.
  ['1.5000', null],
  ['01.000', null],
  ['1.2.3', null],
  ['1,000,5', null],
  ['1.00,5', null],
  ['dois', null],
  ['-1', null],
  ['', null],
]

describe('quantity input', () => {
  it.each(CASES)('reads %j as %j on the server', (raw, expected) => {
    expect(parseQuantity(raw)).toBe(expected)
  })

  it('reads every case alike in the form script', () => {
    const toMilli = scriptToMilli()
    for (const [raw, expected] of CASES) expect([raw, toMilli(raw)]).toEqual([raw, expected === null ? null : Math.round(expected * 1000)])
  })

  it('passes more than three decimals on for the module to name the error', () => {
    expect(parseQuantity('1,1234')).toBe(1.1234)
  })
})
