// Signed-in browsers for page tests: an account with a whole catalogue (makeAccount), a user of
// the wanted role with a password, and a WebAgent logged in as that user through the login form.
import { expect } from 'vitest'
import { createUser } from '../../src/modules/accounts/users.js'
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
