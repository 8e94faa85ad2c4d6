// Signed-in browsers for page tests: an account with a whole catalogue (makeAccount), a user of
// the wanted role with a password, and a WebAgent logged in as that user through the login form.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
import { systemClock } from '../../src/platform/clock.js'
import type { BrowserHarness } from './browser.js'
import { makeAccount, uniqueSuffix, type TestAccount } from './factories.js'
import type { TestApp } from './test-app.js'
import { WebAgent } from './web-agent.js'

export const WEB_PASSWORD = 'senha-forte-123'

export interface SignedInUser {
  agent: WebAgent
  account: TestAccount
  user: { id: number; email: string; name: string; role: 'admin' | 'member' }
}

/** Logs a new user of `account` (or of a new account) in; admin unless `role` says otherwise. */
export async function signedInUser(env: TestApp, options: { account?: TestAccount; role?: 'admin' | 'member'; planCode?: string } = {}): Promise<SignedInUser> {
  const account = options.account ?? (await makeAccount(env, options.planCode ? { planCode: options.planCode } : {}))
  const role = options.role ?? 'admin'
  const suffix = uniqueSuffix()
  const input = { name: `Usuária ${suffix}`, email: `usuaria.${suffix}@vendoc.test` }
  const user = await createUser(env.db, env.clock, { accountId: account.id, ...input, role, password: WEB_PASSWORD })
  const agent = new WebAgent(env.app)
  const login = await agent.submit('/login', '/login', { email: input.email, password: WEB_PASSWORD })
  expect(login.statusCode, login.body).toBe(303)
  return { agent, account, user: { id: user.id, ...input, role } }
}

export interface SignedInPage extends SignedInUser {
  /** The harness's app and database as a TestApp, for factories. */
  env: TestApp
  /** A page of Chromium carrying the user's session (1280 × 900 unless `viewport`). */
  page: Page
  /** Uncaught errors of the page's scripts: a test ends expecting none. */
  pageErrors: string[]
}

/** A user logged in through the form (signedInUser), their session handed over to a Chromium page. */
export async function signedInPage(
  harness: BrowserHarness,
  options: Parameters<typeof signedInUser>[1] & { viewport?: { width: number; height: number } } = {},
): Promise<SignedInPage> {
  const env: TestApp = { dialect: 'sqlite', databaseUrl: '', app: harness.app, db: harness.database.db, clock: systemClock, close: async () => undefined }
  const user = await signedInUser(env, options)
  const context = await harness.browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } })
  await context.addCookies([...user.agent.cookies].map(([name, value]) => ({ name, value, url: harness.baseUrl })))
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return { ...user, env, page, pageErrors }
}
