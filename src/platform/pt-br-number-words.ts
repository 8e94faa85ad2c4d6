// Numbers and amounts written out in Brazilian Portuguese ("por extenso"), as contracts print
// them beside the figures: "R$ 1.500,00 (mil e quinhentos reais)". Written from the grammar's
// rules, not a table of examples:
// - a group of three digits reads "cento e vinte e três" ("e" between hundreds, tens and units),
//   and 100 alone is "cem";
// - 1,000 is "mil", never "um mil"; larger scales agree in number (um milhão, dois milhões);
// - groups follow one another without a conjunction, except that "e" comes before the last
//   group when it is below a hundred or a round hundred ("mil e quinhentos", "dois mil e vinte",
//   but "mil duzentos e trinta e quatro");
// - an amount of whole millions (or more) takes "de" before the currency ("um milhão de reais").

const UNITS = ['zero', 'um', 'dois', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove', 'dez', 'onze', 'doze', 'treze', 'quatorze', 'quinze', 'dezesseis', 'dezessete', 'dezoito', 'dezenove']
const TENS = ['', '', 'vinte', 'trinta', 'quarenta', 'cinquenta', 'sessenta', 'setenta', 'oitenta', 'noventa']
const HUNDREDS = ['', 'cento', 'duzentos', 'trezentos', 'quatrocentos', 'quinhentos', 'seiscentos', 'setecentos', 'oitocentos', 'novecentos']
/** Scales above the thousands, as [singular, plural]; index i is 1000^(i + 2). */
const SCALES: ReadonlyArray<readonly [string, string]> = [
  ['milhão', 'milhões'],
  ['bilhão', 'bilhões'],
  ['trilhão', 'trilhões'],
]

/** The largest whole number written out: 999 trilhões and the rest. */
export const MAX_NUMBER_IN_WORDS = 10 ** ((SCALES.length + 2) * 3) - 1

/** 1–999 in words. */
function groupInWords(group: number): string {
  if (group === 100) return 'cem'
  const hundreds = Math.floor(group / 100)
  const rest = group % 100
  const parts: string[] = []
  if (hundreds > 0) parts.push(HUNDREDS[hundreds]!)
  if (rest >= 20) {
    parts.push(TENS[Math.floor(rest / 10)]!)
    if (rest % 10 > 0) parts.push(UNITS[rest % 10]!)
  } else if (rest > 0) {
    parts.push(UNITS[rest]!)
  }
  return parts.join(' e ')
}

/** One group with its scale: "mil", "dois mil", "um milhão", "trezentos milhões". */
function scaledGroup(group: number, scale: number): string {
  if (scale === 0) return groupInWords(group)
  if (scale === 1) return group === 1 ? 'mil' : `${groupInWords(group)} mil`
  const [singular, plural] = SCALES[scale - 2]!
  return `${groupInWords(group)} ${group === 1 ? singular : plural}`
}

/** A whole number from 0 to MAX_NUMBER_IN_WORDS in words: 1534 → "mil quinhentos e trinta e quatro". */
export function numberInWords(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_NUMBER_IN_WORDS) throw new RangeError(`${value} cannot be written out`)
  if (value === 0) return UNITS[0]!
  const groups: Array<{ group: number; scale: number }> = []
  for (let rest = value, scale = 0; rest > 0; rest = Math.floor(rest / 1000), scale++) {
    if (rest % 1000 > 0) groups.unshift({ group: rest % 1000, scale })
  }
  const words = groups.map(({ group, scale }) => scaledGroup(group, scale))
  const last = groups[groups.length - 1]!
  if (words.length > 1 && (last.group < 100 || last.group % 100 === 0)) {
    return `${words.slice(0, -1).join(' ')} e ${words[words.length - 1]}`
  }
  return words.join(' ')
}

/** Reais written out, with "de" after whole millions: "um milhão de reais", "mil e um reais". */
function reaisInWords(reais: number): string {
  const words = numberInWords(reais)
  if (reais === 1) return `${words} real`
  const wholeMillions = reais >= 1_000_000 && reais % 1_000_000 === 0
  return `${words}${wholeMillions ? ' de' : ''} reais`
}

/**
 * An amount in cents written out in reais and centavos: 150000 → "mil e quinhentos reais",
 * 1 → "um centavo", 20000005 → "duzentos mil reais e cinco centavos", 0 → "zero reais".
 * A negative amount is read with "menos" before it.
 */
export function moneyInWords(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`)
  if (cents < 0) return `menos ${moneyInWords(-cents)}`
  const reais = Math.floor(cents / 100)
  const centavos = cents % 100
  if (centavos === 0) return reaisInWords(reais)
  const centavosWords = `${numberInWords(centavos)} ${centavos === 1 ? 'centavo' : 'centavos'}`
  return reais === 0 ? centavosWords : `${reaisInWords(reais)} e ${centavosWords}`
}
