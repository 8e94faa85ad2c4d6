// REQUEST_LOG, REQUEST_LOG_RETENTION_DAYS and REQUEST_LOG_READ_BODIES: defaults, accepted values, and a clear error naming the variable.
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

describe('request log configuration', () => {
  it('logs by default, keeps entries 180 days and leaves out the answers of successful reads', () => {
    expect(loadConfig({}).requestLog).toEqual({ enabled: true, retentionDays: 180, readBodies: false })
  })

  it('reads REQUEST_LOG_READ_BODIES=on|off', () => {
    expect(loadConfig({ REQUEST_LOG_READ_BODIES: 'on' }).requestLog.readBodies).toBe(true)
    expect(loadConfig({ REQUEST_LOG_READ_BODIES: 'off' }).requestLog.readBodies).toBe(false)
  })

  it('reads REQUEST_LOG=on|off and REQUEST_LOG_RETENTION_DAYS', () => {
    expect(loadConfig({ REQUEST_LOG: 'off', REQUEST_LOG_RETENTION_DAYS: '365' }).requestLog).toEqual({ enabled: false, retentionDays: 365, readBodies: false })
    expect(loadConfig({ REQUEST_LOG: 'on' }).requestLog.enabled).toBe(true)
  })

  it.each([
    ['REQUEST_LOG', 'false'],
    ['REQUEST_LOG', 'OFF'],
    ['REQUEST_LOG_READ_BODIES', 'yes'],
    ['REQUEST_LOG_RETENTION_DAYS', '0'],
    ['REQUEST_LOG_RETENTION_DAYS', '-1'],
    ['REQUEST_LOG_RETENTION_DAYS', '6 months'],
    ['REQUEST_LOG_RETENTION_DAYS', '36501'],
  ])('refuses %s=%s naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError)
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^Invalid configuration: ${variable} `))
  })
})
