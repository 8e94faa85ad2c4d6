// What every group of page routes receives from the web plugin.
import { TYPED_ID } from '../form-data.js'
import type { FastifyReply } from 'fastify'
import type { Config } from '../../../config.js'
import type { Clock } from '../../../platform/clock.js'
import type { Db } from '../../../platform/db/connect.js'
import type { FixedWindowLimiter } from '../../../platform/fixed-window-limiter.js'
import { setFlash, type Flash } from '../flash.js'

export interface WebRoutesOptions {
  db: Db
  clock: Clock
  config: Config
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean
}

/** Post/redirect/get: after a form succeeds, go to `location` and show `flash` there. */
export function redirectWithFlash(reply: FastifyReply, options: Pick<WebRoutesOptions, 'secureCookies'>, location: string, flash: Flash): FastifyReply {
  setFlash(reply, flash, options.secureCookies)
  return reply.redirect(location, 303)
}

/** A numeric id from a URL segment, or null (then the page answers 404). */
export function idParam(params: unknown, name = 'id'): number | null {
  const raw = (params as Record<string, unknown> | null | undefined)?.[name]
  if (typeof raw !== 'string' || !TYPED_ID.test(raw)) return null
  const id = Number(raw)
  return Number.isSafeInteger(id) ? id : null
}

/**
 * Counts one check of a signed-in user's password or code before it is made (the caller gives it
 * back when it passes); false, with Retry-After set, once the user's budget is spent.
 */
export function spendUserCheck(limiter: FixedWindowLimiter<number>, userId: number, reply: FastifyReply): boolean {
  const budget = limiter.hit(userId)
  if (!budget.allowed) reply.header('retry-after', String(budget.resetSeconds))
  return budget.allowed
}
