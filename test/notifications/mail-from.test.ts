// MAIL_FROM: as configured, or no-reply@ the public host name.
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import { mailDomain } from '../../src/modules/notifications/send-email-job.js'

describe('MAIL_FROM', () => {
  it('defaults to Vendoc <no-reply@PUBLIC_URL host>, or localhost for an IP address', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://vendas.example.com.br' }).mailFrom).toBe('Vendoc <no-reply@vendas.example.com.br>')
    expect(loadConfig({}).mailFrom).toBe('Vendoc <no-reply@localhost>')
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }).mailFrom).toBe('Vendoc <no-reply@localhost>')
  })

  it('accepts an address or Name <address>', () => {
    expect(loadConfig({ MAIL_FROM: 'avisos@acme.com.br' }).mailFrom).toBe('avisos@acme.com.br')
    expect(loadConfig({ MAIL_FROM: 'Acme Vendas <avisos@acme.com.br>' }).mailFrom).toBe('Acme Vendas <avisos@acme.com.br>')
    expect(mailDomain('Acme Vendas <avisos@acme.com.br>')).toBe('acme.com.br')
    expect(mailDomain('avisos@acme.com.br')).toBe('acme.com.br')
  })

  it('refuses anything else, naming the variable', () => {
    for (const value of ['acme', 'Acme <acme>', 'a@b.c\r\nBcc: x@y.z', 'Acme <a@b.c> extra']) {
      expect(() => loadConfig({ MAIL_FROM: value })).toThrow(ConfigError)
      expect(() => loadConfig({ MAIL_FROM: value })).toThrow(/MAIL_FROM/)
    }
  })
})
