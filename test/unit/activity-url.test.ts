// A webhook URL as the account's activity keeps it: the query's values replaced, its names kept as
// typed, a bare key replaced whole; plain text work, so no stored URL makes it throw.
import { describe, expect, it } from 'vitest'
import { activityUrl } from '../../src/modules/webhooks/webhook-endpoints.js'

describe('activityUrl', () => {
  it('keeps a URL without a query as it is', () => {
    expect(activityUrl('https://erp.example.com.br/hooks/vendoc')).toBe('https://erp.example.com.br/hooks/vendoc')
  })

  it('replaces every value and keeps each name once, as typed', () => {
    expect(activityUrl('https://erp.example/h?token=abc123&v=2')).toBe('https://erp.example/h?token=…&v=…')
    expect(activityUrl('https://erp.example/h?a+b=1&a+b=2&x%20y=3&empty=')).toBe('https://erp.example/h?a+b=…&x%20y=…&empty=…')
    expect(activityUrl('https://erp.example/h?key=a=b')).toBe('https://erp.example/h?key=…')
  })

  it('replaces a bare key whole, and ignores empty parts', () => {
    expect(activityUrl('https://erp.example/h?abc123secret')).toBe('https://erp.example/h?…')
    expect(activityUrl('https://erp.example/h?&&token=x&')).toBe('https://erp.example/h?token=…')
  })

  it('never throws, whatever the text', () => {
    for (const text of ['', '?', 'not a url?secret=1', 'https://[broken/h?token=x', '%zz?%zz=1']) {
      expect(() => activityUrl(text), text).not.toThrow()
      expect(activityUrl(text), text).not.toMatch(/secret=1|token=x|=1$/)
    }
  })
})
