// The abuse-limit variables of config.ts: defaults, overrides and refusals naming the variable.
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

describe('config: API abuse limits', () => {
  it('defaults to 600 requests per token and 20 failed authentications per address, per minute', () => {
    const config = loadConfig({})
    expect(config.apiRateLimitPerMinute).toBe(600)
    expect(config.apiFailedAuthPerMinute).toBe(20)
  })

  it('reads API_RATE_LIMIT_PER_MINUTE and API_FAILED_AUTH_PER_MINUTE', () => {
    const config = loadConfig({ API_RATE_LIMIT_PER_MINUTE: '5', API_FAILED_AUTH_PER_MINUTE: '3' })
    expect(config.apiRateLimitPerMinute).toBe(5)
    expect(config.apiFailedAuthPerMinute).toBe(3)
  })

  for (const variable of ['API_RATE_LIMIT_PER_MINUTE', 'API_FAILED_AUTH_PER_MINUTE']) {
    for (const value of ['0', '-1', '1.5', 'many', '1000000001']) {
      it(`${variable}=${value} is refused, naming the variable`, () => {
        let caught: unknown
        try {
          loadConfig({ [variable]: value })
        } catch (error) {
          caught = error
        }
        expect(caught).toBeInstanceOf(ConfigError)
        expect((caught as ConfigError).variable).toBe(variable)
      })
    }
  }
})
