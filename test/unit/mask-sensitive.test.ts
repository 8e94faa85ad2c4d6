// Masking and capping of what the request log stores: tokens redacted, CPFs and e-mail addresses
// masked wherever they appear, credentials headers dropped, bodies cut at 64 KiB on a character boundary.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BODY_CAP_BYTES, capBody, cutBeforeMasking, PRE_CUT_CHARS } from '../../src/modules/integrations/request-log/cap-body.js'
import { finishRequestLogEntry } from '../../src/modules/integrations/request-log/captured-request.js'
import { maskCpf, maskSensitiveText, REDACTED_RESET_LINK, REDACTED_SIGN_LINK, REDACTED_TOKEN, REDACTED_WEBHOOK_SECRET, storableHeaders } from '../../src/modules/integrations/request-log/mask-sensitive.js'
import { generateToken } from '../../src/modules/integrations/token-format.js'
import { formatCpf, validCnpj, validCpf } from '../support/documents.js'

describe('maskSensitiveText', () => {
  describe('tokens', () => {
    it('redacts a whole token anywhere: JSON, query string, free text, glued to other text', () => {
      const token = generateToken()
      expect(maskSensitiveText(`{"token":"${token}"}`)).toBe(`{"token":"${REDACTED_TOKEN}"}`)
      expect(maskSensitiveText(`a=1&token=${token}&b=2`)).toBe(`a=1&token=${REDACTED_TOKEN}&b=2`)
      expect(maskSensitiveText(`Bearer ${token}`)).toBe(`Bearer ${REDACTED_TOKEN}`)
      expect(maskSensitiveText(`x${token}`)).toBe(`x${REDACTED_TOKEN}`)
      expect(maskSensitiveText(`${token}${token}`)).not.toContain(token.slice(12))
    })

    it('redacts a truncated or mistyped token too, but not a display prefix', () => {
      const token = generateToken()
      expect(maskSensitiveText(token.slice(0, 30))).toBe(REDACTED_TOKEN)
      expect(maskSensitiveText(`${token}Z`)).toBe(REDACTED_TOKEN)
      expect(maskSensitiveText(`prefix ${token.slice(0, 12)}`)).toBe(`prefix ${token.slice(0, 12)}`)
    })
  })

  describe('other secrets in API answers', () => {
    it('redacts webhook signing secrets and signing links', () => {
      const secret = `whsec_${randomBytes(24).toString('base64url')}`
      const link = `https://vendoc.test/sign/${randomBytes(32).toString('base64url')}`
      const masked = maskSensitiveText(JSON.stringify({ secret, signers: [{ url_to_sign: link }] }))
      expect(masked).toBe(JSON.stringify({ secret: REDACTED_WEBHOOK_SECRET, signers: [{ url_to_sign: `https://vendoc.test${REDACTED_SIGN_LINK}` }] }))
      expect(masked).not.toContain(secret.slice(6, 20))
      // The page of the signing link itself, without a token, stays readable.
      expect(maskSensitiveText('/sign/')).toBe('/sign/')
    })

    it('redacts password reset links (the server log sees their page URLs)', () => {
      const token = randomBytes(32).toString('base64url')
      expect(maskSensitiveText(`/reset-password/${token}?x=1`)).toBe(`${REDACTED_RESET_LINK}?x=1`)
      expect(maskSensitiveText('/reset-password/')).toBe('/reset-password/')
    })
  })

  describe('CPF', () => {
    it('masks a formatted CPF, keeping the punctuation and the middle digits', () => {
      expect(maskSensitiveText('{"cpf":"529.982.247-25"}')).toBe('{"cpf":"***.982.247-**"}')
      expect(maskCpf('529.982.247-25')).toBe('***.982.247-**')
    })

    it('masks a fully formatted CPF even when its check digits are wrong (a typo is still personal data)', () => {
      expect(maskSensitiveText('529.982.247-26')).toBe('***.982.247-**')
    })

    it('masks 11 digits (or partly punctuated) only when they are a valid CPF, also as a JSON number', () => {
      const cpf = validCpf()
      expect(maskSensitiveText(`cpf=${cpf}`)).toBe(`cpf=***${cpf.slice(3, 9)}**`)
      expect(maskSensitiveText(`{"cpf":${cpf}}`)).toBe(`{"cpf":***${cpf.slice(3, 9)}**}`)
      expect(maskSensitiveText(`${cpf.slice(0, 9)}-${cpf.slice(9)}`)).toBe(`***${cpf.slice(3, 9)}-**`)
      expect(maskSensitiveText('52998224726')).toBe('52998224726')
      expect(maskSensitiveText('11111111111')).toBe('11111111111')
    })

    it('leaves longer digit runs alone: CNPJs, order numbers, timestamps', () => {
      const cnpj = validCnpj()
      const cpf = validCpf()
      expect(maskSensitiveText(cnpj)).toBe(cnpj)
      expect(maskSensitiveText(`1${cpf}`)).toBe(`1${cpf}`)
      expect(maskSensitiveText(`${cpf}0`)).toBe(`${cpf}0`)
      expect(maskSensitiveText('11.222.333/0001-81')).toBe('11.222.333/0001-81')
    })

    it('masks every CPF of a text', () => {
      const [a, b] = [validCpf(), validCpf()]
      const masked = maskSensitiveText(`${formatCpf(a)} e ${b}; ${formatCpf(b)}`)
      for (const cpf of [a, b]) {
        expect(masked).not.toContain(cpf)
        expect(masked).not.toContain(formatCpf(cpf))
      }
    })
  })

  describe('e-mail', () => {
    it('keeps the first character and the domain', () => {
      expect(maskSensitiveText('{"email":"maria.souza+crm@acme.com.br"}')).toBe('{"email":"m***@acme.com.br"}')
      expect(maskSensitiveText('Contato: joao@acme.com, ana_b@cliente.test.')).toBe('Contato: j***@acme.com, a***@cliente.test.')
    })

    it('masks a percent-encoded @ in a query string', () => {
      expect(maskSensitiveText('email=maria%40acme.com.br&x=1')).toBe('email=m***%40acme.com.br&x=1')
    })

    it('leaves text that only looks partly like an address', () => {
      expect(maskSensitiveText('@mention and user@localhost')).toBe('@mention and user@localhost')
    })
  })

  describe('password fields', () => {
    it('redacts JSON members and parameters named like a password, numeric ones included', () => {
      expect(maskSensitiveText('{"user":"ana","password":"s3nh@ forte"}')).toBe('{"user":"ana","password":"[redacted]"}')
      expect(maskSensitiveText('{"new_Senha": "x\\"y", "pin":1}')).toBe('{"new_Senha": "[redacted]", "pin":1}')
      expect(maskSensitiveText('{"senha":123456,"next":true}')).toBe('{"senha":"[redacted]","next":true}')
      expect(maskSensitiveText('a=1&password=abc&b=2')).toBe('a=1&password=[redacted]&b=2')
      expect(maskSensitiveText('?client_secret=xyz')).toBe('?client_secret=[redacted]')
    })

    it('ends a parameter at the end of a URL inside JSON, keeping the rest of the body', () => {
      const body = '{"callback":"https://x.example/cb?client_secret=abc","name":"Ana","items":[1,2]}'
      const masked = maskSensitiveText(body)
      expect(masked).toBe('{"callback":"https://x.example/cb?client_secret=[redacted]","name":"Ana","items":[1,2]}')
      expect(JSON.parse(masked)).toMatchObject({ name: 'Ana', items: [1, 2] })
    })
  })

  it('leaves ordinary text untouched', () => {
    const text = '{"title":"Proposta de implantação","total_cents":150000,"phone":"+55 11 98888-7777","date":"2026-12-31"}'
    expect(maskSensitiveText(text)).toBe(text)
  })

  it('stays linear on hostile input (no catastrophic backtracking)', () => {
    const hostile = ['a'.repeat(1_000_000), '1'.repeat(1_000_000), 'a.'.repeat(500_000), 'vdc_'.repeat(250_000), 'a@a.'.repeat(250_000), '123.456.'.repeat(125_000)]
    const started = performance.now()
    for (const text of hostile) maskSensitiveText(text)
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})

describe('storableHeaders', () => {
  it('drops credentials headers whatever their case and masks the other values', () => {
    const token = generateToken()
    const stored = storableHeaders({
      authorization: `Bearer ${token}`,
      'Proxy-Authorization': 'Basic abc',
      cookie: 'session=1',
      'user-agent': 'bot (ops@acme.com)',
      'x-api-key': token,
      accept: ['application/json', 'text/plain'],
      'x-empty': undefined,
    })
    expect(stored).toEqual({ 'user-agent': 'bot (o***@acme.com)', 'x-api-key': REDACTED_TOKEN, accept: 'application/json, text/plain' })
  })
})

describe('capBody', () => {
  it('keeps a body up to 64 KiB as it is', () => {
    const body = 'x'.repeat(BODY_CAP_BYTES)
    expect(capBody(body)).toBe(body)
  })

  it('cuts a longer body to at most 64 KiB including the marker, which gives the original size', () => {
    const body = 'x'.repeat(BODY_CAP_BYTES + 1)
    const capped = capBody(body)
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(BODY_CAP_BYTES)
    expect(capped).toMatch(/^x+\n…\[truncated: 65537 bytes in total\]$/)
    expect(capBody(body, { originalBytes: () => 99_999 })).toMatch(/\[truncated: 99999 bytes in total\]$/)
  })

  it('counts bytes, not characters, and never splits a character', () => {
    const body = 'ç'.repeat(40_000) // 80,000 bytes
    const capped = capBody(body)
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(BODY_CAP_BYTES)
    expect(capped).not.toContain('\uFFFD')
    expect(capped).toMatch(/^ç+\n…\[truncated: 80000 bytes in total\]$/)
  })
})

describe('bodies cut before they reach the log worker', () => {
  const token = `vdc_${'A1b2C3d4E5'.repeat(4)}Zz9`
  function stored(body: string): string {
    const entry = finishRequestLogEntry({
      created_at: '2026-11-30T00:00:00.000Z', request_id: 'req_x', account_id: null, api_token_id: null, token_prefix: null, method: 'POST',
      url: '/api/v1/proposals', status: 201, duration_ms: 1, ip: null, user_agent: null, idempotency_key: null, request_headers: {},
      request_body: cutBeforeMasking(body), response_body: null, response_content_type: null, client_closed: false,
    })
    return entry.request_body!
  }

  it('leaves a body up to the margin whole', () => {
    const body = 'a'.repeat(PRE_CUT_CHARS)
    expect(cutBeforeMasking(body)).toEqual({ text: body, cutFromBytes: null })
  })

  it('keeps a huge body to the cap with the original size in the marker', () => {
    const body = 'é'.repeat(600_000)
    const cut = cutBeforeMasking(body)!
    expect(cut.text.length).toBe(PRE_CUT_CHARS)
    expect(cut.cutFromBytes).toBe(1_200_000)
    const text = stored(body)
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(BODY_CAP_BYTES)
    expect(text).toMatch(/\[truncated: 1200000 bytes in total\]$/)
  })

  it('never keeps the head of a value the cut went through, even when masking shortened the text', () => {
    // A long token run shrinks to ~15 characters when masked, so the stored head reaches past the
    // cap's position in the raw text, up to where the body was cut: values there must be whole.
    for (const value of ['joao.da.silva.santos@example.com.br', '529.982.247-25']) {
      for (let inside = 1; inside < value.length; inside += 3) {
        // `inside` characters of the value fall before the cut position, the rest after it.
        const before = `vdc_${'a'.repeat(8_000)} `
        const filler = ' '.repeat(PRE_CUT_CHARS - inside - before.length)
        const body = `${before}${filler}${value} ${'y'.repeat(100_000)}`
        expect(body.indexOf(value)).toBeLessThan(PRE_CUT_CHARS)
        expect(body.indexOf(value) + value.length).toBeGreaterThan(PRE_CUT_CHARS)
        const text = stored(body)
        expect(text, `${value} cut after ${inside} characters`).not.toMatch(/joao|da\.silva|982\.247|529\.982/)
        expect(text).toMatch(/\[truncated: \d+ bytes in total\]$/)
      }
    }
  })

  it('never keeps the head of a password member whose value the cut went through', () => {
    // Spaces are not value characters, so the cut lands inside the password itself.
    const password = 'Segredo muito longo! '.repeat(500)
    const body = `{"filler":"${' '.repeat(PRE_CUT_CHARS - 5_000)}","new_password":"${password}","after":"${'y'.repeat(50_000)}"}`
    expect(body.indexOf(password)).toBeLessThan(PRE_CUT_CHARS)
    expect(body.indexOf(password) + password.length).toBeGreaterThan(PRE_CUT_CHARS)
    const text = stored(body)
    expect(text).not.toContain('Segredo')
    expect(text).toContain('"new_password":"[redacted]"')
    expect(text).toMatch(/\[truncated: \d+ bytes in total\]$/)
  })

  it('copies the kept head, so a queued entry does not keep a huge body alive', () => {
    const body = 'a '.repeat(1_000_000)
    const cut = cutBeforeMasking(body)!
    // A fresh string is flat and independent: same content as the slice it came from.
    expect(cut.text).toBe(body.slice(0, cut.text.length))
    expect(cut.text.length).toBeLessThanOrEqual(PRE_CUT_CHARS)
  })

  it('marks a cut body as truncated even when masking made it shorter than the cap', () => {
    const body = `${token} `.repeat(5_000)
    const text = stored(body)
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThan(BODY_CAP_BYTES)
    expect(text).not.toContain(token.slice(4, 16))
    expect(text).toMatch(/\[truncated: \d+ bytes in total\]$/)
  })
})
