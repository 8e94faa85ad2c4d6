// The signing form's errors as assistive technology meets them (WCAG 1.3.1, 3.3.1): after a refused
// submission each control that failed is aria-invalid and described by its hint and its error, and
// every id the page's aria-describedby/aria-labelledby name exists once.
import { expect, it } from 'vitest'
import { describeEachDialect } from '../support/dialects.js'
import { validCpf } from '../support/documents.js'
import { makeAccount } from '../support/factories.js'
import { sentDigitalDocument } from '../support/signing.js'
import { WebAgent } from '../support/web-agent.js'
import { brokenIdReferences, elementById, idList } from './html-elements.js'

describeEachDialect(
  'signing form errors for assistive technology',
  (env) => {
    async function signingPage() {
      const account = await makeAccount(env)
      const doc = await sentDigitalDocument(env, account, [{ name: 'Ana Lúcia Prado', cpf: validCpf(), order: 1 }])
      return { agent: new WebAgent(env.app), url: `/sign/${doc.signers[0]!.token}` }
    }

    it('marks the consent checkbox and the typed signature invalid and describes them by their errors after an empty submission', async () => {
      const { agent, url } = await signingPage()
      const response = await agent.submit(url, url, { name: '', cpf: '', signature_kind: 'typed', signature_text: '', signature_drawn: '' })
      expect(response.statusCode).toBe(422)
      const html = response.body

      const consent = elementById(html, 'field-consent')
      expect(consent?.attributes['aria-invalid']).toBe('true')
      expect(idList(consent, 'aria-describedby')).toEqual(['field-consent-hint', 'field-consent-error'])
      expect(elementById(html, 'field-consent-error')).toBeDefined()

      const signature = elementById(html, 'field-signature')
      expect(signature?.tag).toBe('input')
      expect(signature?.attributes['aria-invalid']).toBe('true')
      expect(idList(signature, 'aria-describedby')).toEqual(['field-signature-hint', 'field-signature-error'])
      // The error stays on the fieldset too, where it is seen whichever kind of signature is open.
      expect(elementById(html, 'field-signature-error')).toBeDefined()

      for (const id of ['field-name', 'field-cpf']) expect(elementById(html, id)?.attributes['aria-invalid'], id).toBe('true')
      expect(brokenIdReferences(html)).toEqual({ missing: [], duplicated: [] })
    })

    it('leaves the controls valid and described by their hints alone before any submission', async () => {
      const { agent, url } = await signingPage()
      const page = await agent.get(url)
      expect(page.statusCode).toBe(200)
      const consent = elementById(page.body, 'field-consent')
      expect(consent?.attributes['aria-invalid']).toBeUndefined()
      expect(idList(consent, 'aria-describedby')).toEqual(['field-consent-hint'])
      const signature = elementById(page.body, 'field-signature')
      expect(signature?.attributes['aria-invalid']).toBeUndefined()
      expect(idList(signature, 'aria-describedby')).toEqual(['field-signature-hint'])
      expect(brokenIdReferences(page.body)).toEqual({ missing: [], duplicated: [] })
    })
  },
)
