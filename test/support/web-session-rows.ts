// A live web session of a user, made as a login makes one, for tests that need one to exist
// (route walks, tenant isolation, escaping); returns the handle Minha conta → Sessões names it by.
import { sessionHandle } from '../../src/modules/accounts/own-sessions.js'
import { createWebSession, sessionId } from '../../src/modules/accounts/web-sessions.js'
import { type Clock, systemClock } from '../../src/platform/clock.js'
import type { Db } from '../../src/platform/db/connect.js'

export async function storeWebSession(db: Db, user: { accountId: number; userId: number }, userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', clock: Clock = systemClock): Promise<string> {
  const { token } = await createWebSession(db, clock, user, { userAgent, ipAddress: '192.0.2.10' })
  return sessionHandle(sessionId(token))
}
