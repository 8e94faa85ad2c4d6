// Numbers and amounts written out in Brazilian Portuguese: a table of the grammar's cases (the
// conjunction between groups, "cem" and "cento", "mil" without "um", the scales' plural, "de reais"
// after whole millions), and properties over every number up to 200,000.
import { describe, expect, it } from 'vitest'
import { MAX_NUMBER_IN_WORDS, moneyInWords, numberInWords } from '../../src/platform/pt-br-number-words.js'

describe('numberInWords', () => {
  it.each([
    [0, 'zero'], [1, 'um'], [10, 'dez'], [14, 'quatorze'], [16, 'dezesseis'], [19, 'dezenove'],
    [20, 'vinte'], [21, 'vinte e um'], [99, 'noventa e nove'],
    [100, 'cem'], [101, 'cento e um'], [110, 'cento e dez'], [115, 'cento e quinze'], [123, 'cento e vinte e três'],
    [200, 'duzentos'], [250, 'duzentos e cinquenta'], [999, 'novecentos e noventa e nove'],
    [1000, 'mil'], [1001, 'mil e um'], [1020, 'mil e vinte'], [1100, 'mil e cem'], [1101, 'mil cento e um'],
    [1234, 'mil duzentos e trinta e quatro'], [1500, 'mil e quinhentos'], [2000, 'dois mil'], [2300, 'dois mil e trezentos'],
    [10_000, 'dez mil'], [21_000, 'vinte e um mil'], [100_000, 'cem mil'], [101_000, 'cento e um mil'],
    [110_500, 'cento e dez mil e quinhentos'], [999_999, 'novecentos e noventa e nove mil novecentos e noventa e nove'],
    [1_000_000, 'um milhão'], [1_000_001, 'um milhão e um'], [1_200_000, 'um milhão e duzentos mil'],
    [1_234_567, 'um milhão duzentos e trinta e quatro mil quinhentos e sessenta e sete'],
    [2_000_000, 'dois milhões'], [2_001_000, 'dois milhões e mil'], [1_000_000_000, 'um bilhão'],
    [3_500_000_000, 'três bilhões e quinhentos milhões'], [1_000_000_000_000, 'um trilhão'],
    [MAX_NUMBER_IN_WORDS, 'novecentos e noventa e nove trilhões novecentos e noventa e nove bilhões novecentos e noventa e nove milhões novecentos e noventa e nove mil novecentos e noventa e nove'],
  ])('%d → %s', (value, words) => {
    expect(numberInWords(value)).toBe(words)
  })

  it('refuses what it cannot write: fractions, negatives, past the trillions', () => {
    for (const value of [1.5, -1, MAX_NUMBER_IN_WORDS + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => numberInWords(value)).toThrow(RangeError)
    }
  })

  it('writes every number up to 200,000 differently, in well-formed words', () => {
    const seen = new Map<string, number>()
    expect(numberInWords(200_000)).toBe('duzentos mil')
    for (let value = 0; value <= 200_000; value++) {
      const words = numberInWords(value)
      if (seen.has(words)) throw new Error(`${seen.get(words)} and ${value} both → "${words}"`)
      seen.set(words, value)
      // No doubled spaces or conjunctions, "mil" never counted as "um mil", "cem" only alone or before a scale.
      if (/ {2}|^ | $| e e |(^|ões |ão )um mil\b|\be$|^e |cem (?!mil\b)/.test(words)) throw new Error(`${value} → "${words}"`)
    }
    expect(seen.size).toBe(200_001)
  })
})

describe('moneyInWords', () => {
  it.each([
    [0, 'zero reais'], [1, 'um centavo'], [50, 'cinquenta centavos'], [100, 'um real'], [101, 'um real e um centavo'],
    [200, 'dois reais'], [10_100, 'cento e um reais'], [150_000, 'mil e quinhentos reais'],
    [123_456, 'mil duzentos e trinta e quatro reais e cinquenta e seis centavos'],
    [100_000_000, 'um milhão de reais'], [150_000_000, 'um milhão e quinhentos mil reais'], [200_000_000, 'dois milhões de reais'],
    [20_000_005, 'duzentos mil reais e cinco centavos'], [100_000_099, 'um milhão de reais e noventa e nove centavos'],
    [100_000_000_000, 'um bilhão de reais'], [-150, 'menos um real e cinquenta centavos'],
  ])('%d cents → %s', (cents, words) => {
    expect(moneyInWords(cents)).toBe(words)
  })

  it('refuses a fraction of a cent', () => {
    expect(() => moneyInWords(1.5)).toThrow(RangeError)
  })
})
