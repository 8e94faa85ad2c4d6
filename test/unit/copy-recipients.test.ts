// The module's own checks of a document's copy addresses (src/modules/proposals/copy-recipients.ts),
// which the web form reaches without the API's schema in front: every problem named by its path.
import { describe, expect, it } from 'vitest'
import { checkCopyRecipients, MAX_COPY_RECIPIENTS, parseCopyTo } from '../../src/modules/proposals/copy-recipients.js'
import { FieldErrors } from '../../src/platform/errors.js'

function check(copyTo: string[], signatureType: 'digital' | 'paper' = 'digital', signers: string[] = []) {
  const errors = new FieldErrors()
  const addresses = checkCopyRecipients({ copy_to: copyTo, signature_type: signatureType }, new Set(signers), errors)
  return { addresses, paths: errors.list.map((error) => error.path) }
}

describe('copy recipients', () => {
  it('trims and lower-cases the addresses; none is none', () => {
    expect(check([' Financeiro@Cliente.TEST ', 'juridico@cliente.test'])).toEqual({ addresses: ['financeiro@cliente.test', 'juridico@cliente.test'], paths: [] })
    expect(check([], 'paper')).toEqual({ addresses: [], paths: [] })
  })

  it('names a bad, repeated or signer’s address, too many, and any on paper', () => {
    expect(check(['nao-e-email', 'a@cliente.test', ' A@CLIENTE.test', 'maria@cliente.test'], 'digital', ['maria@cliente.test']).paths).toEqual(['/copy_to/0', '/copy_to/2', '/copy_to/3'])
    const many = Array.from({ length: MAX_COPY_RECIPIENTS + 1 }, (_, index) => `copia${index}@cliente.test`)
    expect(check(many).paths).toEqual(['/copy_to'])
    expect(check(many.slice(0, MAX_COPY_RECIPIENTS)).paths).toEqual([])
    expect(check(['a@cliente.test'], 'paper').paths).toEqual(['/copy_to'])
  })

  it('reads the stored list, ignoring anything that is not an address string', () => {
    expect(parseCopyTo('["a@cliente.test",3,null]')).toEqual(['a@cliente.test'])
    expect(parseCopyTo('{}')).toEqual([])
  })
})
