// CSV for Brazilian spreadsheets: separators, quotes and line breaks quoted; text a spreadsheet
// would run as a formula neutralised; amounts with the decimal comma; Vendoc's own values untouched.
import { describe, expect, it } from 'vitest'
import { csvAmount, csvCell, csvDateTime, csvDecimal, csvLine } from '../../src/platform/csv.js'

describe('csv', () => {
  it('quotes a cell holding a separator, a quote or a line break, and nothing else', () => {
    expect(csvCell('Implantação')).toBe('Implantação')
    expect(csvCell('a;b')).toBe('"a;b"')
    expect(csvCell('diz "olá"')).toBe('"diz ""olá"""')
    expect(csvCell('linha 1\nlinha 2')).toBe('"linha 1\nlinha 2"')
    expect(csvCell('a,b')).toBe('a,b')
    expect(csvCell(null)).toBe('')
    expect(csvCell(1042)).toBe('1042')
  })

  it('neutralises text a spreadsheet would take for a formula', () => {
    for (const text of ['=1+1', '+55 11 9999', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(text)).toMatch(/^"?'/)
    expect(csvCell('=HYPERLINK("http://x";"clique")')).toBe(`"'=HYPERLINK(""http://x"";""clique"")"`)
    // Vendoc's own values are never prefixed: a negative amount stays a number.
    expect(csvCell({ own: '-0,05' })).toBe('-0,05')
  })

  it('writes amounts with the decimal comma and lines with CRLF', () => {
    expect(csvAmount(123_456)).toEqual({ own: '1234,56' })
    expect(csvAmount(5)).toEqual({ own: '0,05' })
    expect(csvAmount(-5)).toEqual({ own: '-0,05' })
    expect(csvAmount(100)).toEqual({ own: '1,00' })
    expect(csvLine([1, 'a;b', csvAmount(150_000), null])).toBe('1;"a;b";1500,00;\r\n')
  })

  it('writes measures with the decimal comma, and instants in the zone as a spreadsheet reads them', () => {
    expect(csvDecimal(62.5, 1)).toEqual({ own: '62,5' })
    expect(csvDecimal(2 / 3, 2)).toEqual({ own: '0,67' })
    expect(csvDecimal(100, 1)).toEqual({ own: '100,0' })
    expect(csvDateTime('2026-11-20T02:30:15.000Z', 'America/Sao_Paulo')).toEqual({ own: '19/11/2026 23:30' })
    expect(csvDateTime('2026-11-20T02:30:15.000Z', 'America/Sao_Paulo', { seconds: true })).toEqual({ own: '19/11/2026 23:30:15' })
  })
})
