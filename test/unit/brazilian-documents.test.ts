import { describe, expect, it } from 'vitest'
import {
  cnpjCheckDigits,
  cpfCheckDigits,
  isValidCnpj,
  isValidCpf,
  looksLikeDocument,
  normalizeDocument,
  parseDocument,
} from '../../src/modules/customers/brazilian-documents.js'
import { formatCnpj, formatCpf, validAlphanumericCnpj, validCnpj, validCpf } from '../support/documents.js'

describe('brazilian documents', () => {
  describe('happy', () => {
    it('accepts a known CPF with and without punctuation, normalised to digits', () => {
      expect(parseDocument('529.982.247-25')).toEqual({ document: '52998224725', type: 'cpf' })
      expect(parseDocument('52998224725')).toEqual({ document: '52998224725', type: 'cpf' })
      expect(parseDocument(' 529 982 247 25 ')).toEqual({ document: '52998224725', type: 'cpf' })
    })

    it('accepts a known numeric CNPJ with and without punctuation', () => {
      expect(parseDocument('11.222.333/0001-81')).toEqual({ document: '11222333000181', type: 'cnpj' })
      expect(parseDocument('11222333000181')).toEqual({ document: '11222333000181', type: 'cnpj' })
    })

    it('accepts the official alphanumeric CNPJ example, in any case and punctuation', () => {
      expect(parseDocument('12.ABC.345/01DE-35')).toEqual({ document: '12ABC34501DE35', type: 'cnpj' })
      expect(parseDocument('12ABC34501DE35')).toEqual({ document: '12ABC34501DE35', type: 'cnpj' })
      expect(parseDocument('12.abc.345/01de-35')).toEqual({ document: '12ABC34501DE35', type: 'cnpj' })
    })

    it('computes the check digits of the known examples', () => {
      expect(cpfCheckDigits('529982247')).toBe('25')
      expect(cnpjCheckDigits('112223330001')).toBe('81')
      expect(cnpjCheckDigits('12ABC34501DE')).toBe('35')
    })

    it('normalises punctuation and case only', () => {
      expect(normalizeDocument('12.abc.345/01de-35')).toBe('12ABC34501DE35')
      expect(normalizeDocument('529.982.247-25')).toBe('52998224725')
    })

    it('the test generators produce valid documents (formatted too)', () => {
      for (let i = 0; i < 50; i++) {
        const cpf = validCpf()
        const cnpj = validCnpj()
        const alpha = validAlphanumericCnpj()
        expect(isValidCpf(cpf), cpf).toBe(true)
        expect(isValidCnpj(cnpj), cnpj).toBe(true)
        expect(isValidCnpj(alpha), alpha).toBe(true)
        expect(alpha).toMatch(/[A-Z]/)
        expect(parseDocument(formatCpf(cpf))).toEqual({ document: cpf, type: 'cpf' })
        expect(parseDocument(formatCnpj(cnpj))).toEqual({ document: cnpj, type: 'cnpj' })
        expect(parseDocument(formatCnpj(alpha))).toEqual({ document: alpha, type: 'cnpj' })
      }
    })
  })

  describe('error', () => {
    it('rejects wrong check digits', () => {
      expect(parseDocument('529.982.247-24')).toBeNull()
      expect(parseDocument('529.982.247-35')).toBeNull()
      expect(parseDocument('11.222.333/0001-82')).toBeNull()
      expect(parseDocument('11.222.333/0001-91')).toBeNull()
      expect(parseDocument('12.ABC.345/01DE-36')).toBeNull()
    })

    // A neighbouring character always changes the sum by one weight (never a multiple of 11);
    // characters 11 apart (B and 7, say) collide by design of the official mod-11 algorithm.
    it('rejects a single character changed to its neighbour, anywhere', () => {
      const documents = ['52998224725', '11222333000181', '12ABC34501DE35']
      for (const document of documents) {
        for (let index = 0; index < document.length; index++) {
          const original = document[index]!
          const replacement = original === '9' ? '8' : original === 'Z' ? 'Y' : String.fromCharCode(original.charCodeAt(0) + 1)
          const changed = `${document.slice(0, index)}${replacement}${document.slice(index + 1)}`
          expect(parseDocument(changed), changed).toBeNull()
        }
      }
    })

    it('rejects repeated digits even though their check digits match', () => {
      expect(isValidCpf('11111111111')).toBe(false)
      expect(isValidCpf('00000000000')).toBe(false)
      expect(isValidCnpj('00000000000000')).toBe(false)
      expect(isValidCnpj('11111111111111')).toBe(false)
    })

    it('rejects wrong lengths, letters in a CPF and letters in CNPJ check digits', () => {
      expect(parseDocument('5299822472')).toBeNull()
      expect(parseDocument('529982247250')).toBeNull()
      expect(parseDocument('1122233300018')).toBeNull()
      expect(parseDocument('52998224A25')).toBeNull()
      expect(isValidCnpj('12ABC34501DE3A')).toBe(false)
      expect(parseDocument('')).toBeNull()
    })

    it('does not accept other punctuation as a document', () => {
      expect(parseDocument('529_982_247_25')).toBeNull()
      expect(looksLikeDocument('529.982.247-25')).toBe(true)
      expect(looksLikeDocument('12.ABC.345/01DE-35')).toBe(true)
      expect(looksLikeDocument('529;982;247;25')).toBe(false)
      expect(looksLikeDocument('123')).toBe(false)
    })
  })
})
