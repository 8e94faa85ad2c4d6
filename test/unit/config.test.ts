import path from 'node:path'
import { describe, expect, it } from 'vitest'
import os from 'node:os'
import { ConfigError, DEFAULT_SQLITE_FILE, defaultPostgresPoolSize, loadConfig } from '../../src/config.js'
import { serverConnectOptions } from '../../src/app.js'

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('config', () => {
  describe('happy', () => {
    it('has the documented defaults', () => {
      const config = loadConfig({})
      expect(config.port).toBe(3000)
      expect(config.host).toBe('127.0.0.1')
      expect(config.database).toEqual({ dialect: 'sqlite', file: path.resolve(DEFAULT_SQLITE_FILE) })
      expect(config.publicUrl).toBe('http://127.0.0.1:3000')
      expect(config.smtpUrl).toBeNull()
      expect(config.bodyLimitBytes).toBe(1024 * 1024)
      expect(config.sqliteReadThread).toBe(true)
      expect(config.webhookDeliveryRetentionDays).toBe(90)
      expect(Object.isFrozen(config)).toBe(true)
    })

    it('sizes the PostgreSQL pool at two connections per core, from 2 to 10, unless DATABASE_POOL_SIZE says', () => {
      expect([1, 2, 3, 4, 5, 8, 64].map((cores) => defaultPostgresPoolSize(cores))).toEqual([2, 4, 6, 8, 10, 10, 10])
      expect(loadConfig({}).postgresPoolSize).toBe(defaultPostgresPoolSize(os.availableParallelism()))
      const sized = loadConfig({ DATABASE_POOL_SIZE: '25', DATABASE_URL: 'postgres://db.example/vendoc' })
      expect(sized.postgresPoolSize).toBe(25)
      // The server opens its database with it.
      expect(serverConnectOptions(sized).poolSize).toBe(25)
    })

    it('turns the SQLite read thread off and on', () => {
      expect(loadConfig({ SQLITE_READ_THREAD: 'off' }).sqliteReadThread).toBe(false)
      expect(loadConfig({ SQLITE_READ_THREAD: 'on' }).sqliteReadThread).toBe(true)
    })

    it('keeps the accounts\' activity ACCOUNT_ACTIVITY_RETENTION_DAYS days, two years unless set', () => {
      expect(loadConfig({}).accountActivityRetentionDays).toBe(730)
      expect(loadConfig({ ACCOUNT_ACTIVITY_RETENTION_DAYS: '365' }).accountActivityRetentionDays).toBe(365)
    })

    it('keeps settled webhook deliveries WEBHOOK_DELIVERY_RETENTION_DAYS days', () => {
      expect(loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: '30' }).webhookDeliveryRetentionDays).toBe(30)
      expect(loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: '36500' }).webhookDeliveryRetentionDays).toBe(36500)
    })

    it('reads every variable', () => {
      const config = loadConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://user:secret@db.example:5432/vendoc',
        PUBLIC_URL: 'https://vendoc.example.com/',
        SMTP_URL: 'smtp://mail.example:25',
        LOG_LEVEL: 'warn',
      })
      expect(config.port).toBe(8080)
      expect(config.database).toEqual({ dialect: 'postgres', url: 'postgres://user:secret@db.example:5432/vendoc' })
      expect(config.publicUrl).toBe('https://vendoc.example.com')
      expect(config.smtpUrl).toBe('smtp://mail.example:25')
      expect(config.logLevel).toBe('warn')
      expect(loadConfig({ DATABASE_URL: 'sqlite:./data/other.sqlite' }).database).toEqual({ dialect: 'sqlite', file: path.resolve('./data/other.sqlite') })
    })
  })

  describe('error: an invalid value names its variable', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ PORT: '-1' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://localhost/vendoc' }, 'DATABASE_URL'],
      [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL'],
      [{ DATABASE_URL: 'postgres://[bad' }, 'DATABASE_URL'],
      [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
      [{ PUBLIC_URL: 'ftp://vendoc.example' }, 'PUBLIC_URL'],
      [{ SMTP_URL: 'http://mail.example' }, 'SMTP_URL'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ BODY_LIMIT_BYTES: '12' }, 'BODY_LIMIT_BYTES'],
      [{ SQLITE_READ_THREAD: 'yes' }, 'SQLITE_READ_THREAD'],
      [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
      [{ DATABASE_POOL_SIZE: 'four' }, 'DATABASE_POOL_SIZE'],
      [{ DATABASE_POOL_SIZE: '1001' }, 'DATABASE_POOL_SIZE'],
      [{ WEBHOOK_DELIVERY_RETENTION_DAYS: '0' }, 'WEBHOOK_DELIVERY_RETENTION_DAYS'],
      [{ ACCOUNT_ACTIVITY_RETENTION_DAYS: '0' }, 'ACCOUNT_ACTIVITY_RETENTION_DAYS'],
      [{ WEBHOOK_DELIVERY_RETENTION_DAYS: '90d' }, 'WEBHOOK_DELIVERY_RETENTION_DAYS'],
      [{ WEBHOOK_DELIVERY_RETENTION_DAYS: '36501' }, 'WEBHOOK_DELIVERY_RETENTION_DAYS'],
    ]
    for (const [env, variable] of cases) {
      it(`${JSON.stringify(env)} → ${variable}`, () => {
        const error = configErrorOf(env)
        expect(error.variable).toBe(variable)
        expect(error.message).toContain(variable)
      })
    }
  })
})
